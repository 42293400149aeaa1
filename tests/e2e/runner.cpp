// Runs every case of tests/e2e/cases/*.test against the live kernel (see
// tests/support/case_file.h for the format) and checks that no BPF program or link the run
// held is left behind.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <regex>
#include <set>
#include <sstream>

#include "support/case_file.h"
#include "support/process.h"

namespace sonde::test {
namespace {

const std::set<std::string>& info_features() {
  static const std::set<std::string> features = [] {
    std::set<std::string> yes;
    RunSpec spec;
    spec.command = build_dir() + "/sonde --info";
    std::istringstream lines(run_command(spec).out);
    std::string line;
    while (std::getline(lines, line)) {
      auto colon = line.rfind(": yes");
      if (colon != std::string::npos && colon + 5 == line.size()) {
        size_t start = line.find_first_not_of(' ');
        yes.insert(line.substr(start, colon - start));
      }
    }
    return yes;
  }();
  return features;
}

bool has_line(const std::string& text, const std::string& line) {
  std::istringstream in(text);
  std::string l;
  while (std::getline(in, l))
    if (l == line) return true;
  return false;
}

class E2E : public ::testing::TestWithParam<Case> {};

TEST_P(E2E, Run) {
  const Case& c = GetParam();
  if (geteuid() != 0) GTEST_SKIP() << "end-to-end tests need root (CAP_BPF, CAP_PERFMON)";
  for (const auto& feature : c.requires_features)
    if (!info_features().count(feature))
      GTEST_SKIP() << "kernel lacks '" << feature << "' (sonde --info says no)";

  RunSpec spec;
  spec.command = substitute(c.run, c);
  spec.after = substitute(c.after, c);
  if (c.signal == "INT") spec.signal_after = SIGINT;
  if (c.signal == "TERM") spec.signal_after = SIGTERM;
  spec.timeout = std::chrono::seconds(c.timeout_seconds);
  if (c.stdin_text) spec.stdin_text = *c.stdin_text;
  RunResult r = run_command(spec);

  SCOPED_TRACE("case " + c.name + " in " + c.file + "\ncommand: " + spec.command +
               "\n--- stdout ---\n" + r.out + "--- stderr ---\n" + r.err);
  EXPECT_FALSE(r.timed_out) << "timed out";
  EXPECT_EQ(r.exit_code, c.exit_code);
  if (c.stdout_exact) {
    EXPECT_EQ(r.out, substitute(*c.stdout_exact, c));
  }
  if (c.stderr_exact) {
    EXPECT_EQ(r.err, substitute(*c.stderr_exact, c));
  }
  for (const auto& line : c.stdout_contains)
    EXPECT_TRUE(has_line(r.out, substitute(line, c))) << "stdout lacks line: " << line;
  for (const auto& line : c.stderr_contains)
    EXPECT_TRUE(has_line(r.err, substitute(line, c))) << "stderr lacks line: " << line;
  if (c.stdout_regex) {
    EXPECT_TRUE(std::regex_match(r.out, std::regex(substitute(*c.stdout_regex, c))))
        << "stdout does not match:\n" << *c.stdout_regex;
  }
  // Nothing the run held may outlive it.
  EXPECT_TRUE(live_prog_ids(r.prog_ids).empty()) << "BPF programs left loaded";
  EXPECT_TRUE(live_link_ids(r.link_ids).empty()) << "BPF links left attached";
}

std::vector<Case> all_cases() { return load_cases(source_dir() + "/tests/e2e/cases"); }

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string name = info.param.name;
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, E2E, ::testing::ValuesIn(all_cases()), case_name);

}  // namespace
}  // namespace sonde::test
