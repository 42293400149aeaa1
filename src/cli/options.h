// Command-line options (spec/cli.md), parsed into plain values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "runtime/output/output.h"
#include "runtime/run.h"

namespace sonde {

struct Options {
  std::optional<std::string> program_text;  // -e
  std::optional<std::string> script_path;   // FILENAME or "-"
  std::vector<std::string> positional;      // $1 ...
  std::vector<std::string> named;           // --name[=value] after --
  bool list = false;
  std::optional<std::string> list_pattern;
  bool verbose = false;
  std::optional<pid_t> pid;
  std::optional<std::string> command;       // -c
  std::optional<std::string> output_file;   // -o
  OutputFormat format = OutputFormat::Text;
  BufferMode buffering = BufferMode::Line;
  bool quiet = false;
  int warnings_level = 0;  // -k count
  bool no_warnings = false;
  bool unsafe = false;
  bool help = false;
  bool version = false;
  bool info = false;
  bool dry_run = false;
  bool verify_only = false;                 // --verify-only: load (verify) programs, attach none
  bool verify_llvm_ir = false;
  bool usdt_file_activation = false;
  std::vector<std::string> debug_stages;    // -d
  std::vector<std::string> include_dirs;    // -I
  std::vector<std::string> includes;        // --include
  std::optional<std::string> emit_elf;
  std::optional<std::string> emit_llvm;
  std::optional<std::string> probe_filter;

  bool debug(const std::string& stage) const;
};

// Parses argv. On a usage error returns the message (printed as "ERROR: ..."); `usage` is
// set when the usage text should follow it.
struct ParseOutcome {
  std::optional<Options> options;
  std::string error;
  bool show_usage = false;
};
ParseOutcome parse_options(int argc, char** argv);

void print_usage(FILE* out);

}  // namespace sonde
