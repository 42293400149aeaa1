#include "cdefs/preprocessor.h"

#include <sys/utsname.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "cdefs/c_tokens.h"

namespace sonde::cdefs {

namespace {

namespace fs = std::filesystem;

// Headers are scanned best-effort: a runaway include graph stops here.
constexpr int kMaxIncludeDepth = 24;
constexpr size_t kMaxScannedFiles = 400;

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// Replaces comments by spaces (newlines kept, so line numbers stay) and joins lines ending in
// a backslash with the next one.
std::vector<std::string> logical_lines(const std::string& text) {
  std::string clean;
  clean.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "/*") == 0) {
      size_t close = text.find("*/", i + 2);
      size_t stop = close == std::string::npos ? text.size() : close + 2;
      for (; i < stop; ++i) clean += text[i] == '\n' ? '\n' : ' ';
      --i;
      continue;
    }
    if (text.compare(i, 2, "//") == 0) {
      while (i < text.size() && text[i] != '\n') ++i;
      if (i < text.size()) clean += '\n';
      continue;
    }
    if (text[i] == '"' || text[i] == '\'') {  // keep literals whole: they may hold "/*"
      char quote = text[i];
      clean += text[i++];
      while (i < text.size() && text[i] != quote && text[i] != '\n') {
        if (text[i] == '\\' && i + 1 < text.size()) clean += text[i++];
        clean += text[i++];
      }
      if (i < text.size()) clean += text[i];
      continue;
    }
    clean += text[i];
  }
  std::vector<std::string> lines;
  std::string current;
  for (size_t i = 0; i <= clean.size(); ++i) {
    if (i == clean.size() || clean[i] == '\n') {
      if (!current.empty() && current.back() == '\\') {
        current.pop_back();
        continue;
      }
      lines.push_back(std::move(current));
      current.clear();
      continue;
    }
    current += clean[i];
  }
  return lines;
}

size_t count_lines(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
}

void add_kernel_dirs(std::vector<std::string>& dirs, const std::string& root) {
  if (root.empty()) return;
  for (const char* sub : {"arch/x86/include", "arch/x86/include/generated", "include",
                          "arch/x86/include/uapi", "arch/x86/include/generated/uapi",
                          "include/uapi", "include/generated/uapi"}) {
    std::string dir = root + "/" + sub;
    std::error_code ec;
    if (fs::is_directory(dir, ec)) dirs.push_back(dir);
  }
}

}  // namespace

bool is_kernel_header(const std::string& name) {
  static const char* kTrees[] = {"linux", "net",   "asm",  "asm-generic", "uapi",   "trace",
                                 "crypto", "keys", "scsi", "sound",       "video",  "xen",
                                 "media",  "rdma", "drm",  "kvm",         "misc",   "soc",
                                 "target", "vdso", "acpi", "clocksource", "kunit",  "ras",
                                 "memory", "pcmcia", "dt-bindings", "math-emu"};
  auto slash = name.find('/');
  if (slash == std::string::npos) return false;
  std::string tree = name.substr(0, slash);
  return std::any_of(std::begin(kTrees), std::end(kTrees),
                     [&](const char* t) { return tree == t; });
}

std::vector<std::string> default_system_include_dirs() {
  std::vector<std::string> dirs;
  const char* source = std::getenv("BPFTRACE_KERNEL_SOURCE");
  const char* build = std::getenv("BPFTRACE_KERNEL_BUILD");
  if (source || build) {
    add_kernel_dirs(dirs, source ? source : "");
    if (build && (!source || std::string(build) != source)) add_kernel_dirs(dirs, build);
  } else {
    struct utsname uts;
    if (uname(&uts) == 0) {
      std::string modules = std::string("/lib/modules/") + uts.release;
      add_kernel_dirs(dirs, modules + "/source");
      add_kernel_dirs(dirs, modules + "/build");
    }
  }
  for (const char* dir : {"/usr/local/include", "/usr/include/x86_64-linux-gnu", "/usr/include"})
    dirs.emplace_back(dir);
  return dirs;
}

Preprocessor::Preprocessor(PreprocessOptions options) : options_(std::move(options)) {
  // What headers test for on this target; BPFTRACE_HAVE_BTF as bpftrace defines it.
  for (const auto& [name, value] :
       std::initializer_list<std::pair<const char*, const char*>>{
           {"__x86_64__", "1"}, {"__linux__", "1"}, {"__unix__", "1"}, {"__GNUC__", "12"},
           {"__STDC__", "1"}, {"__CHAR_BIT__", "8"}, {"__SIZEOF_LONG__", "8"},
           {"__SIZEOF_POINTER__", "8"}, {"__LP64__", "1"}, {"__BPFTRACE__", "1"}})
    macros_[name] = value;
  if (options_.btf_available) macros_["BPFTRACE_HAVE_BTF"] = "1";
}

std::vector<ActiveDefinition> Preprocessor::process(const std::vector<std::string>& items) {
  std::vector<ActiveDefinition> active_defs;
  // bpftrace hands the definitions to clang as "definitions.h", one item after another,
  // starting on its line 2; include errors are reported at those lines.
  int defs_line = 2;
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string& text = items[i];
    std::string trimmed = trim(text);
    if (!trimmed.empty() && trimmed[0] == '#') {
      for (const auto& line : logical_lines(text)) {
        if (!trim(line).empty()) directive(line, defs_line, options_.script_dir, 0);
      }
    } else if (active() && !trimmed.empty()) {
      active_defs.push_back({text, defs_line});
    }
    defs_line += static_cast<int>(count_lines(text));
  }
  conditionals_.clear();  // an unterminated #if ends with the definitions
  return active_defs;
}

void Preprocessor::include_file(const std::string& name) {
  auto path = find_header(name, false, options_.script_dir);
  if (path) scan_header(*path, 1);
}

void Preprocessor::directive(const std::string& line, int defs_line,
                             const std::string& current_dir, int depth) {
  size_t hash = line.find('#');
  size_t word_begin = line.find_first_not_of(" \t", hash + 1);
  if (word_begin == std::string::npos) return;
  size_t word_end = line.find_first_of(" \t(<\"", word_begin);
  if (word_end == std::string::npos) word_end = line.size();
  std::string word = line.substr(word_begin, word_end - word_begin);
  size_t rest_begin = std::min(line.size(), word_end);
  std::string rest = trim(line.substr(rest_begin));

  if (word == "if" || word == "ifdef" || word == "ifndef") {
    bool parent = active();
    bool value = false;
    if (parent) {
      if (word == "if") value = evaluate_condition(rest);
      else value = is_defined(trim(rest)) == (word == "ifdef");
    }
    conditionals_.push_back({parent && value, value, parent});
    return;
  }
  if (word == "elif" || word == "else") {
    if (conditionals_.empty()) return;
    auto& c = conditionals_.back();
    bool value = !c.taken && c.parent_active && (word == "else" || evaluate_condition(rest));
    c.active = value;
    c.taken = c.taken || value;
    return;
  }
  if (word == "endif") {
    if (!conditionals_.empty()) conditionals_.pop_back();
    return;
  }
  if (!active()) return;
  if (word == "define") {
    size_t name_end = 0;
    while (name_end < rest.size() && (std::isalnum(static_cast<unsigned char>(rest[name_end])) ||
                                      rest[name_end] == '_'))
      ++name_end;
    std::string name = rest.substr(0, name_end);
    if (name.empty()) return;
    if (name_end < rest.size() && rest[name_end] == '(') {
      function_macros_.insert(name);
      macros_[name] = "";  // defined, but no integer value
      return;
    }
    function_macros_.erase(name);
    macros_[name] = trim(rest.substr(name_end));
    return;
  }
  if (word == "undef") {
    macros_.erase(trim(rest));
    function_macros_.erase(trim(rest));
    return;
  }
  if (word == "include") {
    handle_include(rest, line.find_first_not_of(" \t", rest_begin) + 1, defs_line, current_dir,
                   depth);
    return;
  }
  // #pragma, #error, #warning, #line, #include_next ...: nothing sonde needs.
}

void Preprocessor::handle_include(const std::string& rest, size_t rest_column, int defs_line,
                                  const std::string& current_dir, int depth) {
  if (rest.size() < 2) return;
  char open = rest[0];
  char close = open == '<' ? '>' : open == '"' ? '"' : 0;
  size_t end = close ? rest.find(close, 1) : std::string::npos;
  if (end == std::string::npos) return;  // computed includes: not supported, ignored
  std::string name = rest.substr(1, end - 1);
  auto path = find_header(name, open == '"', current_dir);
  if (path) {
    scan_header(*path, depth + 1);
    return;
  }
  if (depth > 0) return;  // a header's own missing includes do not stop the script
  if (options_.btf_available && is_kernel_header(name)) return;  // served by BTF
  errors_.push_back("definitions.h:" + std::to_string(defs_line) + ":" +
                    std::to_string(rest_column) + ": fatal error: '" + name +
                    "' file not found");
}

std::optional<std::string> Preprocessor::find_header(const std::string& name, bool quoted,
                                                     const std::string& current_dir) const {
  std::error_code ec;
  if (!name.empty() && name[0] == '/')
    return fs::is_regular_file(name, ec) ? std::optional<std::string>(name) : std::nullopt;
  std::vector<std::string> dirs;
  if (quoted && !current_dir.empty()) dirs.push_back(current_dir);
  dirs.insert(dirs.end(), options_.include_dirs.begin(), options_.include_dirs.end());
  dirs.insert(dirs.end(), options_.system_dirs.begin(), options_.system_dirs.end());
  for (const auto& dir : dirs) {
    std::string candidate = dir + "/" + name;
    if (fs::is_regular_file(candidate, ec)) return candidate;
  }
  return std::nullopt;
}

void Preprocessor::scan_header(const std::string& path, int depth) {
  if (depth > kMaxIncludeDepth || scanned_.size() >= kMaxScannedFiles) return;
  if (!scanned_.insert(path).second) return;  // include guards, #pragma once
  std::ifstream in(path, std::ios::binary);
  if (!in) return;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string dir = fs::path(path).parent_path().string();
  size_t saved_depth = conditionals_.size();
  for (const auto& line : logical_lines(text)) {
    size_t first = line.find_first_not_of(" \t");
    if (first != std::string::npos && line[first] == '#') directive(line, 0, dir, depth);
  }
  conditionals_.resize(std::min(conditionals_.size(), saved_depth));
}

bool Preprocessor::evaluate_condition(const std::string& expression) {
  auto tokens = tokenize_c(expression);
  ConstEvalOptions options;
  options.preprocessor = true;
  options.identifier = [this](const std::string& name) -> std::optional<int64_t> {
    if (name.rfind("defined:", 0) == 0) return is_defined(name.substr(8)) ? 1 : 0;
    return macro_value(name);
  };
  return evaluate_c_expression(tokens, 0, tokens.size() - 1, options).value_or(0) != 0;
}

std::optional<int64_t> Preprocessor::macro_value(const std::string& name) {
  auto it = macros_.find(name);
  if (it == macros_.end() || function_macros_.count(name) || evaluating_.count(name))
    return std::nullopt;
  evaluating_.insert(name);
  auto tokens = tokenize_c(it->second);
  ConstEvalOptions options;
  options.identifier = [this](const std::string& inner) { return macro_value(inner); };
  auto value = evaluate_c_expression(tokens, 0, tokens.size() - 1, options);
  evaluating_.erase(name);
  return value;
}

}  // namespace sonde::cdefs
