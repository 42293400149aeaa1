// Lexical rules (spec/language.md §1, §3): attach points as raw text, comments, shebang,
// sigils, keywords.
#include <gtest/gtest.h>

#include "parse_helpers.h"

namespace sonde::test {
namespace {

// Raw attach points of every probe, probes separated by " | ", points by ", ".
std::string attach_points_of(const std::string& text) {
  Parsed p = parse_text(text);
  if (!p.program) return "<parse failed: " + diag_list(p.diags) + ">";
  std::string out;
  for (const auto& probe : p.program->probes) {
    if (!out.empty()) out += " | ";
    for (size_t i = 0; i < probe->attach_points.size(); ++i)
      out += (i ? ", " : "") + probe->attach_points[i].raw;
  }
  return out;
}

struct AttachCase {
  const char* source;
  const char* expected;
};

void PrintTo(const AttachCase& c, std::ostream* os) { *os << c.source; }

class AttachPoints : public ::testing::TestWithParam<AttachCase> {};

TEST_P(AttachPoints, LexAsRawText) {
  EXPECT_EQ(attach_points_of(GetParam().source), GetParam().expected) << GetParam().source;
}

INSTANTIATE_TEST_SUITE_P(
    Lexing, AttachPoints,
    ::testing::Values(
        AttachCase{"BEGIN { }", "BEGIN"},
        AttachCase{"BEGIN{}", "BEGIN"},
        AttachCase{"begin { } end { }", "begin | end"},
        AttachCase{"kprobe:vfs_read { }", "kprobe:vfs_read"},
        AttachCase{"tracepoint:syscalls:sys_enter_* { }", "tracepoint:syscalls:sys_enter_*"},
        AttachCase{"t:syscalls:sys_enter_$1 { }", "t:syscalls:sys_enter_$1"},
        AttachCase{"interval:ms:$1 { }", "interval:ms:$1"},
        AttachCase{"uprobe:/bin/bash:readline { }", "uprobe:/bin/bash:readline"},
        AttachCase{"uprobe:/usr/lib//libc.so.6:malloc{ }", "uprobe:/usr/lib//libc.so.6:malloc"},
        AttachCase{"uprobe:/bin/bash:readline /pid == 1/ { }", "uprobe:/bin/bash:readline"},
        AttachCase{"uprobe:/bin/app:\"ns::f(int)\" { }", "uprobe:/bin/app:\"ns::f(int)\""},
        AttachCase{"uprobe:\"/opt/my app/bin\":main { }", "uprobe:\"/opt/my app/bin\":main"},
        AttachCase{"usdt:/bin/x:prov:probe { }", "usdt:/bin/x:prov:probe"},
        AttachCase{"uprobe:/bin/x:file.c@42 { }", "uprobe:/bin/x:file.c@42"},
        AttachCase{"*ware:* { }", "*ware:*"},
        AttachCase{"k*:vfs_read { }", "k*:vfs_read"},
        AttachCase{"name=kprobe:f { }", "name=kprobe:f"},
        AttachCase{"kprobe:a,kprobe:b { }", "kprobe:a, kprobe:b"},
        AttachCase{"kprobe:a, kprobe:b, { }", "kprobe:a, kprobe:b"},
        AttachCase{"i:s:1, { }", "i:s:1"},
        AttachCase{"kprobe:a,\n  kprobe:b\n{ }", "kprobe:a, kprobe:b"},
        AttachCase{"kprobe:a, // first\n /* second: */ kprobe:b /* x */ { }",
                   "kprobe:a, kprobe:b"},
        AttachCase{"kprobe:a /* c */, kprobe:b { }", "kprobe:a, kprobe:b"},
        AttachCase{"kprobe:f / 1 / { } kprobe:g { }", "kprobe:f | kprobe:g"},
        AttachCase{"profile:hz:99 { } interval:s:1 { }", "profile:hz:99 | interval:s:1"},
        AttachCase{"fentry:vmlinux:vfs_read { }", "fentry:vmlinux:vfs_read"},
        AttachCase{"watchpoint:0x10000000:8:rw { }", "watchpoint:0x10000000:8:rw"}));

TEST(AttachPoints, RangeCoversRawText) {
  Parsed p = parse_text("BEGIN { }\n  kprobe:a,  uprobe:/x:\"a b\" { }");
  ASSERT_TRUE(p.program) << diag_list(p.diags);
  const auto& aps = p.program->probes.at(1)->attach_points;
  EXPECT_EQ(range_of(aps.at(0).loc), "2:3-11");
  EXPECT_EQ(range_of(aps.at(1).loc), "2:14-29");
  EXPECT_EQ(range_of(p.program->probes.at(1)->loc), "2:3-33");
}

TEST(Lexing, Shebang) {
  EXPECT_EQ(attach_points_of("#!/usr/bin/bpftrace\nBEGIN { }"), "BEGIN");
  EXPECT_EQ(attach_points_of("\n  #!/usr/bin/bpftrace -q\nBEGIN { }"), "BEGIN");
  Parsed p = parse_text("#!/usr/bin/bpftrace\n#include <linux/sched.h>\nBEGIN { }");
  ASSERT_TRUE(p.program) << diag_list(p.diags);
  ASSERT_EQ(p.program->c_definitions.size(), 1u);
  EXPECT_EQ(p.program->c_definitions[0].text, "#include <linux/sched.h>");
}

TEST(Lexing, CommentsWhereverWhitespaceIs) {
  EXPECT_EQ(body_of("BEGIN /* a */ { /* b */ @x /* c */ = // d\n 1 /* e */ ; // f\n }"),
            "(= @x 1)");
  EXPECT_EQ(body_of("BEGIN{/**/@x=1/***/;/* ** / */}"), "(= @x 1)");
  EXPECT_EQ(body_of("BEGIN { @x = 4 / /* not a predicate */ 2 }"), "(= @x (/ 4 2))");
}

TEST(Lexing, SigilsAndNames) {
  EXPECT_EQ(expr_of("$abc_1 + @map_2 + @ + $7 + $# + arg0 + _ident"),
            "(+ (+ (+ (+ (+ (+ $abc_1 @map_2) @) $7) $#) arg0) _ident)");
  // Keywords may appear as field names.
  EXPECT_EQ(expr_of("args->fn + $x.if + $x.struct"),
            "(+ (+ (-> args fn) (. $x if)) (. $x struct))");
}

TEST(Lexing, DotsAndRanges) {
  EXPECT_EQ(body_of("BEGIN { for ($i : 1..5) { } }"), "(for $i 1..5 {})");
  EXPECT_EQ(expr_of("$t.1.2"), "(. (. $t 1) 2)");
}

TEST(Lexing, TabsCountOneColumn) {
  Parsed p = parse_text("BEGIN {\n\t@x = 1 +;\n}");
  EXPECT_EQ(diag_list(p.diags), "2:10-11: syntax: expected expression");
}

TEST(Lexing, InvalidCharacters) {
  EXPECT_EQ(errors_of("BEGIN { @x = 'a'; }"),
            "1:14-15: syntax: invalid character '''\n1:16-17: syntax: invalid character '''");
  EXPECT_EQ(errors_of("BEGIN { @x = 1 \\ 2; }"),
            "1:16-17: syntax: invalid character '\\'\n1:18-19: syntax: expected ';' or '}'");
}

TEST(Lexing, UnterminatedComment) {
  EXPECT_EQ(errors_of("BEGIN { } /* never closed"), "1:11-26: unterminated comment");
}

}  // namespace
}  // namespace sonde::test
