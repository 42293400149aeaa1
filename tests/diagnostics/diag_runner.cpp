// Diagnostic goldens: every tests/diagnostics/cases/NAME.bt is run as `sonde NAME.bt` from its
// directory; stderr must equal NAME.stderr exactly and the exit status must be 1 (or the
// number in NAME.exit).
#include <dirent.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "support/process.h"

namespace sonde::test {
namespace {

std::string cases_dir() { return source_dir() + "/tests/diagnostics/cases"; }

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> scripts() {
  std::vector<std::string> names;
  if (DIR* d = opendir(cases_dir().c_str())) {
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n.size() > 3 && n.substr(n.size() - 3) == ".bt") names.push_back(n.substr(0, n.size() - 3));
    }
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

class Diagnostic : public ::testing::TestWithParam<std::string> {};

TEST_P(Diagnostic, MatchesGolden) {
  const std::string& name = GetParam();
  RunSpec spec;
  spec.command = "sh -c 'cd " + cases_dir() + " && exec " + build_dir() + "/sonde " + name + ".bt'";
  RunResult r = run_command(spec);
  std::string expected = slurp(cases_dir() + "/" + name + ".stderr");
  int expected_exit = 1;
  std::ifstream exit_file(cases_dir() + "/" + name + ".exit");
  if (exit_file) exit_file >> expected_exit;
  EXPECT_EQ(r.err, expected) << "script " << name << ".bt";
  EXPECT_EQ(r.exit_code, expected_exit);
  EXPECT_EQ(r.out, "");
}

INSTANTIATE_TEST_SUITE_P(Goldens, Diagnostic, ::testing::ValuesIn(scripts()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace sonde::test
