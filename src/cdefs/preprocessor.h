// The C preprocessor lines of a script (spec/language.md §9), handled by sonde itself:
// `#define` (object-like macros with integer values become constants), `#undef`, conditionals
// (`#if/#ifdef/#ifndef/#elif/#else/#endif`, BPFTRACE_HAVE_BTF predefined when kernel BTF is
// available) and `#include`.
//
// How `#include` is served (decision; evidence in docs/c-definitions.md):
//  * a header found on the search path (-I dirs, kernel headers from BPFTRACE_KERNEL_SOURCE /
//    BPFTRACE_KERNEL_BUILD / /lib/modules/$(uname -r), then /usr/local/include and
//    /usr/include) is scanned for its preprocessor lines only — its integer `#define`s become
//    constants (so `#include <sys/socket.h>` gives AF_INET); its type declarations are not
//    read, because kernel BTF already has the kernel's types;
//  * a kernel header that is not installed (`<net/sock.h>`, `<linux/sched.h>` parts) is served
//    by BTF when BTF is available: its types come from BTF and its common macros (AF_INET,
//    TASK_RUNNING ...) from sonde's built-in constant table (builtin_constants.h). bpftrace
//    0.17 fails here with clang's "file not found"; old tools that include kernel headers
//    unconditionally then still run;
//  * any other missing header is a fatal error worded like clang's, which bpftrace prints:
//    `definitions.h:LINE:COL: fatal error: 'lol/no.h' file not found`.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sonde::cdefs {

struct PreprocessOptions {
  std::vector<std::string> include_dirs;  // -I, searched first
  std::vector<std::string> system_dirs;   // default: kernel headers, /usr/local/include, ...
  std::string script_dir;                 // "quoted" includes are searched here first
  bool btf_available = false;             // defines BPFTRACE_HAVE_BTF; serves kernel headers
};

// Default system include directories: kernel headers (when installed) then user-space ones.
std::vector<std::string> default_system_include_dirs();

// A struct/union/enum definition that survived the conditionals, with where it came from.
struct ActiveDefinition {
  std::string text;
  int defs_line = 0;  // its first line in bpftrace's "definitions.h" numbering
};

class Preprocessor {
 public:
  explicit Preprocessor(PreprocessOptions options);

  // Processes the script's C definition items in order (each a `#...` line or a type
  // definition). Returns the active type definitions; fatal errors are collected.
  std::vector<ActiveDefinition> process(const std::vector<std::string>& items);
  // Pre-includes a header (--include FILE).
  void include_file(const std::string& name);

  // Fatal errors, each a full message line ("definitions.h:3:10: fatal error: ...").
  const std::vector<std::string>& errors() const { return errors_; }

  // Integer value of an object-like macro, evaluated on demand; nullopt when it is not
  // defined or its replacement is not an integer constant expression.
  std::optional<int64_t> macro_value(const std::string& name);
  bool is_defined(const std::string& name) const { return macros_.count(name) > 0; }

 private:
  struct Conditional {
    bool active;        // this branch's lines are processed
    bool taken;         // some branch of this #if was taken
    bool parent_active;
  };
  bool active() const { return conditionals_.empty() || conditionals_.back().active; }
  // One directive line (without continuation backslashes). `where` locates include errors.
  void directive(const std::string& line, int defs_line, const std::string& current_dir,
                 int depth);
  void handle_include(const std::string& rest, size_t rest_column, int defs_line,
                      const std::string& current_dir, int depth);
  void scan_header(const std::string& path, int depth);
  std::optional<std::string> find_header(const std::string& name, bool quoted,
                                         const std::string& current_dir) const;
  bool evaluate_condition(const std::string& expression);

  PreprocessOptions options_;
  std::map<std::string, std::string> macros_;  // object-like: name -> replacement text
  std::set<std::string> function_macros_;
  std::vector<Conditional> conditionals_;
  std::set<std::string> scanned_;
  std::vector<std::string> errors_;
  std::set<std::string> evaluating_;  // recursion guard for macro_value
};

// First directory of a header path ("net" for "net/sock.h") names a kernel header tree.
bool is_kernel_header(const std::string& name);

}  // namespace sonde::cdefs
