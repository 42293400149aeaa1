// End-to-end test cases written as text files (tests/e2e/cases/*.test), one or more per file:
//
//   NAME begin_printf
//   RUN {{sonde}} -e 'BEGIN { printf("hi\n"); exit(); }'
//   STDOUT
//   hi
//   END
//   EXIT 0
//
// Directives: NAME, RUN, AFTER (shell command run once probes are attached), SIGNAL (INT or
// TERM, sent after AFTER), TIMEOUT (seconds), REQUIRES (an `--info` feature that must be
// "yes"), EXIT; blocks ended by a line "END": STDIN, STDOUT, STDERR (exact), STDOUT_CONTAINS,
// STDERR_CONTAINS (each line must appear as a whole line), STDOUT_REGEX (whole output).
// {{sonde}}, {{workloads}} and {{dir}} (the case file's directory) are substituted.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace sonde::test {

struct Case {
  std::string file;
  std::string name;
  std::string run;
  std::string after;
  std::string signal;
  int timeout_seconds = 30;
  std::vector<std::string> requires_features;
  std::optional<std::string> stdin_text;
  std::optional<std::string> stdout_exact;
  std::optional<std::string> stderr_exact;
  std::vector<std::string> stdout_contains;
  std::vector<std::string> stderr_contains;
  std::optional<std::string> stdout_regex;
  int exit_code = 0;
};

std::vector<Case> load_cases(const std::string& directory);
// Keeps gtest from dumping the struct's bytes in test names.
inline void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }
std::string substitute(std::string text, const Case& c);

}  // namespace sonde::test
