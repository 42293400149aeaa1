// Syntax errors: wording, the token they mark, and recovery so that one run reports several.
#include <gtest/gtest.h>

#include "parse_helpers.h"

namespace sonde::test {
namespace {

struct ErrorCase {
  const char* source;
  const char* errors;
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.source; }

class SyntaxErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(SyntaxErrors, Report) {
  EXPECT_EQ(errors_of(GetParam().source), GetParam().errors) << GetParam().source;
}

INSTANTIATE_TEST_SUITE_P(
    Messages, SyntaxErrors,
    ::testing::Values(
        // the two wordings given by the spec
        ErrorCase{"BEGIN { @x = 1 +; }", "1:17-18: syntax: expected expression"},
        ErrorCase{"BEGIN { if pid > 0 { } }", "1:16-17: syntax: expected '{'"},
        ErrorCase{"BEGIN { @x = ; }", "1:14-15: syntax: expected expression"},
        ErrorCase{"BEGIN { @x = 1 }}", "1:17-18: syntax: unexpected '}'"},
        ErrorCase{"BEGIN { @x = 1 @y = 2; }", "1:16-18: syntax: expected ';' or '}'"},
        ErrorCase{"BEGIN { @x = (1 + 2; }", "1:20-21: syntax: expected ',' or ')'"},
        ErrorCase{"BEGIN { @x[1 = 2; }", "1:14-15: syntax: expected ',' or ']'"},
        ErrorCase{"BEGIN { f(1 2) }", "1:13-14: syntax: expected ',' or ')'"},
        ErrorCase{"BEGIN { $x = a ? b; }", "1:19-20: syntax: expected ':'"},
        ErrorCase{"BEGIN { ) }", "1:9-10: syntax: expected statement"},
        ErrorCase{"BEGIN { @x = 1", "1:15-16: syntax: expected '}'"},
        ErrorCase{"BEGIN { @x = 1 +", "1:17-18: syntax: expected expression"},
        ErrorCase{"BEGIN { if (x) { }", "1:19-20: syntax: expected '}'"},
        ErrorCase{"BEGIN", "1:6-7: syntax: expected ',', '{' or '/'"},
        ErrorCase{"BEGIN {", "1:8-9: syntax: expected '}'"},
        ErrorCase{"kprobe:f / pid == / { }", "1:19-20: syntax: expected expression"},
        ErrorCase{"BEGIN { $a = $b = 1; }", "1:17-18: syntax: expected ';' or '}'"},
        ErrorCase{"BEGIN { 1 = 2; }", "1:11-12: syntax: expected ';' or '}'"},
        ErrorCase{"BEGIN { let $x: = 1; }", "1:17-18: syntax: expected type"},
        ErrorCase{"BEGIN { $x. }", "1:13-14: syntax: expected field name"},
        ErrorCase{"BEGIN { for ($i in @m) { } }", "1:17-19: syntax: expected ':'"},
        ErrorCase{"BEGIN { else { } }", "1:9-13: syntax: expected statement"},
        ErrorCase{"BEGIN { (uint8) }", "1:17-18: syntax: expected expression"},
        ErrorCase{"config = { a }", "1:14-15: syntax: expected '='"},
        ErrorCase{"import x;", "1:8-9: syntax: expected string"},
        ErrorCase{"let @m = hash();", "1:15-16: syntax: expected integer"},
        ErrorCase{"} BEGIN { }", "1:1-2: syntax: unexpected '}'"}));

TEST(SyntaxErrors, SeveralErrorsInOneRun) {
  const char* text =
      "BEGIN {\n"
      "  @a = 1 +;\n"
      "  @b = 2;\n"
      "  @c = * ;\n"
      "  if (x) { @c = 1 + ; }\n"
      "}\n"
      "kprobe:f / == 1 / { }\n"
      "kprobe:g { @d = ); }\n"
      "END { @e = 1 }";
  EXPECT_EQ(errors_of(text),
            "2:11-12: syntax: expected expression\n"
            "4:10-11: syntax: expected expression\n"
            "5:21-22: syntax: expected expression\n"
            "7:12-14: syntax: expected expression\n"
            "8:17-18: syntax: expected expression");
}

TEST(SyntaxErrors, LexicalAndSyntaxErrorsTogether) {
  EXPECT_EQ(errors_of("BEGIN { @x = 10UL; @y = \"\\q\"; @z = ; }"),
            "1:14-18: syntax: invalid trailing bytes: 10UL\n"
            "1:25-29: invalid escape character '\\q'\n"
            "1:36-37: syntax: expected expression");
}

TEST(SyntaxErrors, ResultIsNullOnAnyError) {
  Parsed p = parse_text("BEGIN { @x = 10UL; }");
  EXPECT_EQ(p.program, nullptr);
  EXPECT_EQ(p.diags.error_count(), 1u);
}

TEST(SyntaxErrors, EarlierDiagnosticsDoNotFailTheParse) {
  Diagnostics diags;
  diags.error("from an earlier stage");
  SourceFile file("x.bt", "BEGIN { }");
  EXPECT_NE(parse(file, diags), nullptr);
}

TEST(SyntaxErrors, BracesInsideBrokenStatementsKeepProbesApart) {
  // The lexer counts braces itself, so the next probe is still lexed as a probe.
  EXPECT_EQ(errors_of("BEGIN { if (x { @a = 1; } }\nkprobe:f { @b = ; }"),
            "1:15-16: syntax: expected ',' or ')'\n"
            "2:17-18: syntax: expected expression");
}

// Deterministic mutations of a valid program: whatever the damage, the parser reports errors
// (or succeeds) without crashing, and never returns a program together with an error.
TEST(SyntaxErrors, MutatedProgramsNeverCrash) {
  const std::string base =
      "#include <x.h>\nstruct S { int a; };\nconfig = { max_map_keys = 10 }\n"
      "let @m = hash(4);\nmacro f($a, x) { $a + x }\n"
      "kprobe:f, uprobe:/bin/x:\"a b\" /pid == $1 && (uint8)arg0 > 2/ {\n"
      "  @m[tid, comm] = count(); $x = (struct S *)arg1; let $y: int8[2];\n"
      "  if ($x->a ?: 1) { @s = (1, \"s\\n\", (a = 2)); } else { $y++; }\n"
      "  for ($i : 0..10) { continue; } for ($kv : @m) { break }\n"
      "  while (1) { return 1 } unroll (2) { _ = delete(@m, (1, \"a\")) }\n"
      "  @z = sizeof(int8) + offsetof(struct S, a) - -$# * 3ms % 0x1f;\n}\n";
  const std::string junk = "{}()[];,:/*\"'@$#\\.\n x1_";
  uint32_t seed = 12345;
  auto next = [&seed] { return seed = seed * 1103515245u + 12345u; };
  for (int round = 0; round < 3000; ++round) {
    std::string text = base;
    int edits = 1 + next() % 4;
    for (int e = 0; e < edits; ++e) {
      size_t pos = next() % text.size();
      switch (next() % 3) {
        case 0: text.erase(pos, 1 + next() % 3); break;
        case 1: text.insert(pos, 1, junk[next() % junk.size()]); break;
        default: text[pos] = junk[next() % junk.size()]; break;
      }
    }
    Parsed p = parse_text(text);
    EXPECT_EQ(p.program != nullptr, !p.diags.has_errors()) << text;
  }
}

}  // namespace
}  // namespace sonde::test
