#include "cdefs/preprocessor.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "cdefs/builtin_constants.h"
#include "cdefs/c_tokens.h"

namespace sonde::cdefs {
namespace {

namespace fs = std::filesystem;

std::optional<int64_t> eval(const std::string& text) {
  auto tokens = tokenize_c(text);
  ConstEvalOptions options;
  options.identifier = [](const std::string& name) -> std::optional<int64_t> {
    if (name == "TWO") return 2;
    return std::nullopt;
  };
  return evaluate_c_expression(tokens, 0, tokens.size() - 1, options);
}

TEST(ConstExpr, Evaluates) {
  EXPECT_EQ(eval("1 + 2 * 3"), 7);
  EXPECT_EQ(eval("(1 + 2) * 3"), 9);
  EXPECT_EQ(eval("1 << 4 | 1"), 17);
  EXPECT_EQ(eval("0x10UL"), 16);
  EXPECT_EQ(eval("010"), 8);
  EXPECT_EQ(eval("-TWO"), -2);
  EXPECT_EQ(eval("~0 & 0xff"), 255);
  EXPECT_EQ(eval("TWO > 1 ? 10 : 20"), 10);
  EXPECT_EQ(eval("(unsigned long)TWO * 4"), 8);
  EXPECT_EQ(eval("'A'"), 65);
  EXPECT_EQ(eval("10 - 2 - 3"), 5);
  EXPECT_EQ(eval("7 / 0"), std::nullopt);
  EXPECT_EQ(eval("UNKNOWN + 1"), std::nullopt);
  EXPECT_EQ(eval("\"text\""), std::nullopt);
  EXPECT_EQ(eval("1 +"), std::nullopt);
}

TEST(Tokens, PositionsSkipComments) {
  auto tokens = tokenize_c("struct a {\n  /* c */ int x; // y\n};");
  ASSERT_GE(tokens.size(), 4u);
  EXPECT_EQ(tokens[3].text, "int");
  EXPECT_EQ(tokens[3].line, 2);
  EXPECT_EQ(tokens[3].column, 11);
}

class TempDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sonde_pp_" + std::to_string(getpid()));
    fs::create_directories(dir_ / "sys");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  PreprocessOptions options(bool btf) {
    PreprocessOptions o;
    o.system_dirs = {dir_.string()};
    o.btf_available = btf;
    return o;
  }
  fs::path dir_;
};

TEST_F(TempDir, DefinesAndConditionals) {
  Preprocessor pp(options(true));
  auto defs = pp.process({"#define SIZE 16", "#define TWICE (SIZE * 2)",
                          "#ifndef BPFTRACE_HAVE_BTF", "struct hidden { int x; };", "#else",
                          "struct shown { int y; };", "#endif", "#define NAME \"str\"",
                          "#define FN(x) ((x) + 1)", "#if SIZE > 8 && defined(TWICE)",
                          "#define BIG 1", "#endif", "#undef SIZE"});
  EXPECT_TRUE(pp.errors().empty());
  ASSERT_EQ(defs.size(), 1u);
  EXPECT_EQ(defs[0].text, "struct shown { int y; };");
  EXPECT_EQ(defs[0].defs_line, 7);
  EXPECT_EQ(pp.macro_value("SIZE"), std::nullopt);  // #undef
  EXPECT_EQ(pp.macro_value("BIG"), 1);
  EXPECT_EQ(pp.macro_value("NAME"), std::nullopt);  // not an integer
  EXPECT_EQ(pp.macro_value("FN"), std::nullopt);    // function-like
  EXPECT_TRUE(pp.is_defined("FN"));
}

TEST_F(TempDir, WithoutBtfTheOtherBranch) {
  Preprocessor pp(options(false));
  auto defs = pp.process({"#ifdef BPFTRACE_HAVE_BTF", "struct a { int x; };", "#else",
                          "struct b {\n int x;\n};", "#endif", "struct c { int x; };"});
  ASSERT_EQ(defs.size(), 2u);
  EXPECT_EQ(defs[0].text, "struct b {\n int x;\n};");
  EXPECT_EQ(defs[1].defs_line, 9);
}

TEST_F(TempDir, IncludedHeadersGiveTheirDefines) {
  write("sys/socket.h", "#ifndef _SYS_SOCKET_H\n#define _SYS_SOCKET_H\n#include <bits.h>\n"
                        "#define AF_INET PF_INET /* comment */\n#ifdef __KERNEL__\n"
                        "#define AF_INET 99\n#endif\nstruct sockaddr { int x; };\n#endif\n");
  write("bits.h", "#define PF_INET\t2\n#define LONG_ONE \\\n  (1 + \\\n  2)\n");
  Preprocessor pp(options(true));
  pp.process({"#include <sys/socket.h>"});
  EXPECT_TRUE(pp.errors().empty());
  EXPECT_EQ(pp.macro_value("AF_INET"), 2);
  EXPECT_EQ(pp.macro_value("LONG_ONE"), 3);
}

TEST_F(TempDir, MissingHeaders) {
  Preprocessor with_btf(options(true));
  with_btf.process({"struct a {\n int x;\n};", "#include <net/sock.h>", "#include   <lol/no.h>",
                    "#include \"quoted.h\""});
  ASSERT_EQ(with_btf.errors().size(), 2u);
  EXPECT_EQ(with_btf.errors()[0], "definitions.h:6:12: fatal error: 'lol/no.h' file not found");
  EXPECT_EQ(with_btf.errors()[1], "definitions.h:7:10: fatal error: 'quoted.h' file not found");

  Preprocessor without_btf(options(false));
  without_btf.process({"#include <net/sock.h>"});
  ASSERT_EQ(without_btf.errors().size(), 1u);
  EXPECT_EQ(without_btf.errors()[0],
            "definitions.h:2:10: fatal error: 'net/sock.h' file not found");
}

TEST_F(TempDir, QuotedIncludesSearchTheScriptDirectory) {
  write("local.h", "#define LOCAL 5\n");
  auto o = options(true);
  o.system_dirs.clear();
  o.script_dir = dir_.string();
  Preprocessor pp(o);
  pp.process({"#include \"local.h\""});
  EXPECT_TRUE(pp.errors().empty());
  EXPECT_EQ(pp.macro_value("LOCAL"), 5);
}

TEST(KernelHeaders, Recognised) {
  EXPECT_TRUE(is_kernel_header("net/sock.h"));
  EXPECT_TRUE(is_kernel_header("linux/sched.h"));
  EXPECT_TRUE(is_kernel_header("asm/ptrace.h"));
  EXPECT_FALSE(is_kernel_header("lol/no.h"));
  EXPECT_FALSE(is_kernel_header("sys/socket.h"));
  EXPECT_FALSE(is_kernel_header("stdio.h"));
}

TEST(BuiltinConstants, SortedAndKnown) {
  EXPECT_TRUE(builtin_constants_sorted());
  EXPECT_EQ(builtin_constant("AF_INET"), 2);
  EXPECT_EQ(builtin_constant("AF_INET6"), 10);
  EXPECT_EQ(builtin_constant("TASK_RUNNING"), 0);
  EXPECT_EQ(builtin_constant("O_CREAT"), 64);
  EXPECT_EQ(builtin_constant("__TASK_STOPPED"), 4);
  EXPECT_EQ(builtin_constant("NOT_A_CONSTANT"), std::nullopt);
}

TEST(SystemHeaders, SysSocketGivesAddressFamilies) {
  PreprocessOptions o;
  o.system_dirs = default_system_include_dirs();
  o.btf_available = true;
  Preprocessor pp(o);
  pp.process({"#include <sys/socket.h>"});
  if (!pp.errors().empty()) GTEST_SKIP() << "libc headers (sys/socket.h) are not installed";
  EXPECT_EQ(pp.macro_value("AF_INET"), 2);
  EXPECT_EQ(pp.macro_value("AF_INET6"), 10);
}

}  // namespace
}  // namespace sonde::cdefs
