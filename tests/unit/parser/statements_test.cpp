// Statement grammar (spec/language.md §2 `block`/`stmt`/`simple`, §8): assignments, compound
// operators, declarations, control flow, and the ';' rules.
#include <gtest/gtest.h>

#include "parse_helpers.h"

namespace sonde::test {
namespace {

struct StmtCase {
  const char* body;  // inside `BEGIN { ... }`
  const char* expected;
};

void PrintTo(const StmtCase& c, std::ostream* os) { *os << c.body; }

class Statements : public ::testing::TestWithParam<StmtCase> {};

TEST_P(Statements, ParsesTo) {
  std::string program = std::string("BEGIN { ") + GetParam().body + " }";
  EXPECT_EQ(body_of(program), GetParam().expected) << program;
}

INSTANTIATE_TEST_SUITE_P(
    Assignments, Statements,
    ::testing::Values(
        StmtCase{"$x = 1", "(= $x 1)"},
        StmtCase{"@x = 1", "(= @x 1)"},
        StmtCase{"@ = 1", "(= @ 1)"},
        StmtCase{"@[tid] = nsecs", "(= @[tid] nsecs)"},
        StmtCase{"@m[pid, comm] = count()", "(= @m[(keys pid comm)] (call count))"},
        StmtCase{"@x = $a == 1 ? 2 : 3", "(= @x (? (== $a 1) 2 3))"},
        StmtCase{"$x += 1", "(+= $x 1)"},
        StmtCase{"$x -= 1", "(-= $x 1)"},
        StmtCase{"$x *= 2", "(*= $x 2)"},
        StmtCase{"$x /= 2", "(/= $x 2)"},
        StmtCase{"$x %= 2", "(%= $x 2)"},
        StmtCase{"@x &= 2", "(&= @x 2)"},
        StmtCase{"@x |= 2", "(|= @x 2)"},
        StmtCase{"@x ^= 2", "(^= @x 2)"},
        StmtCase{"@x[1] <<= 2", "(<<= @x[1] 2)"},
        StmtCase{"@x[1, 2] >>= 2", "(>>= @x[(keys 1 2)] 2)"},
        StmtCase{"$x++", "(post++ $x)"},
        StmtCase{"@m[k]--", "(post-- @m[k])"},
        StmtCase{"++@m[k]", "(pre++ @m[k])"},
        StmtCase{"--$x", "(pre-- $x)"},
        StmtCase{"_ = delete(@m, 1)", "(discard (call delete @m 1))"},
        StmtCase{"delete(@m, 1)", "(call delete @m 1)"}));

INSTANTIATE_TEST_SUITE_P(
    Declarations, Statements,
    ::testing::Values(
        StmtCase{"let $x", "(let $x)"},
        StmtCase{"let $x = 1", "(let $x = 1)"},
        StmtCase{"let $x: uint16 = 5", "(let $x : uint16 = 5)"},
        StmtCase{"let $x: int64", "(let $x : int64)"},
        StmtCase{"let $s: string[16]", "(let $s : string[16])"},
        StmtCase{"let $p: struct task_struct * = curtask",
                 "(let $p : struct task_struct* = curtask)"},
        StmtCase{"let $a: int8[4]", "(let $a : int8[4])"},
        StmtCase{"let $u: u32 = 1", "(let $u : u32 = 1)"}));

INSTANTIATE_TEST_SUITE_P(
    ControlFlow, Statements,
    ::testing::Values(
        StmtCase{"if (pid > 0) { @x = 1 }", "(if (> pid 0) {(= @x 1)})"},
        StmtCase{"if (pid) { } else { @x = 1; }", "(if pid {} else {(= @x 1)})"},
        StmtCase{"if (a) { 1 } else if (b) { 2 } else { 3 }",
                 "(if a {1} else {(if b {2} else {3})})"},
        StmtCase{"if (a) { 1 } else if (b) { 2 }", "(if a {1} else {(if b {2})})"},
        StmtCase{"if !$p { exit() }", "(if (! $p) {(call exit)})"},
        StmtCase{"if $x { }", "(if $x {})"},
        StmtCase{"if @m[1] { }", "(if @m[1] {})"},
        StmtCase{"if f(1).x { }", "(if (. (call f 1) x) {})"},
        StmtCase{"if (a) && b { }", "<parse failed: 1:16-18: syntax: expected '{'>"},
        StmtCase{"while ($i < 10) { $i++; }", "(while (< $i 10) {(post++ $i)})"},
        StmtCase{"while $i { break; }", "(while $i {break})"},
        StmtCase{"unroll (5) { @x++ }", "(unroll 5 {(post++ @x)})"},
        StmtCase{"unroll 3 { }", "(unroll 3 {})"},
        StmtCase{"for ($kv : @m) { print($kv.0); }", "(for $kv @m {(call print (. $kv 0))})"},
        StmtCase{"for $kv : @m { }", "(for $kv @m {})"},
        StmtCase{"for ($i : 0..10) { continue }", "(for $i 0..10 {continue})"},
        StmtCase{"for $j : 2..4 { }", "(for $j 2..4 {})"},
        StmtCase{"for ($i : $a..$b + 1) { }",
                 "<parse failed: 1:26-27: syntax: expected ')'>"},
        StmtCase{"for ($i : -1..(@n + 1)) { }", "(for $i (neg 1)..(+ @n 1) {})"},
        StmtCase{"for ($i : 0..@n[1]) { }", "(for $i 0..@n[1] {})"},
        StmtCase{"return", "return"},
        StmtCase{"return;", "return"},
        StmtCase{"return 1", "(return 1)"},
        StmtCase{"return $x + 1;", "(return (+ $x 1))"},
        StmtCase{"{ $x = 1; } { }", "{(= $x 1)}; {}"},
        StmtCase{"{ { } }", "{{}}"}));

INSTANTIATE_TEST_SUITE_P(
    Separators, Statements,
    ::testing::Values(
        StmtCase{"", ""},
        StmtCase{"1", "1"},
        StmtCase{"1;", "1"},
        StmtCase{"1; 2", "1; 2"},
        StmtCase{"1; 2;", "1; 2"},
        StmtCase{";;", ""},
        StmtCase{"if (a) { } @x = 1", "(if a {}); (= @x 1)"},
        StmtCase{"if (a) { }; @x = 1;", "(if a {}); (= @x 1)"},
        StmtCase{"while (a) { } for ($k : @m) { } unroll (2) { } { } 1",
                 "(while a {}); (for $k @m {}); (unroll 2 {}); {}; 1"},
        StmtCase{"@a = 1 @b = 2", "<parse failed: 1:16-18: syntax: expected ';' or '}'>"}));

TEST(Statements, ProbeWithPredicate) {
  Parsed p = parse_text("kprobe:f /pid == 1/ { @x = 1; }");
  ASSERT_TRUE(p.program) << diag_list(p.diags);
  const auto& probe = *p.program->probes.at(0);
  EXPECT_EQ(sexpr(probe.predicate.get()), "(== pid 1)");
  EXPECT_EQ(probe.body.stmts.size(), 1u);
}

TEST(Statements, DivisionInsidePredicate) {
  Parsed p = parse_text("kprobe:f / $1 / 2 > 0 / { }");
  ASSERT_TRUE(p.program) << diag_list(p.diags);
  EXPECT_EQ(sexpr(p.program->probes.at(0)->predicate.get()), "(> (/ $1 2) 0)");
}

TEST(Statements, SlashesInsidePredicateStrings) {
  Parsed p = parse_text("t:syscalls:sys_enter_openat /str(args.filename) == \"/tmp/{x}/\"/ { }");
  ASSERT_TRUE(p.program) << diag_list(p.diags);
  EXPECT_EQ(sexpr(p.program->probes.at(0)->predicate.get()),
            "(== (call str (. args filename)) \"/tmp/{x}/\")");
}

TEST(Statements, PredicateEndsAtSlashBeforeBraceEvenAcrossComments) {
  Parsed p = parse_text("BEGIN /a / b/ /* c */ // d\n { }");
  ASSERT_TRUE(p.program) << diag_list(p.diags);
  EXPECT_EQ(sexpr(p.program->probes.at(0)->predicate.get()), "(/ a b)");
}

TEST(Statements, PredicateDirectlyAfterProviderWithoutColon) {
  Parsed p = parse_text("BEGIN/pid/{ }");
  ASSERT_TRUE(p.program) << diag_list(p.diags);
  EXPECT_EQ(p.program->probes.at(0)->attach_points.at(0).raw, "BEGIN");
  EXPECT_EQ(sexpr(p.program->probes.at(0)->predicate.get()), "pid");
}

TEST(Statements, MultiLineProgram) {
  const char* text = R"(#!/usr/bin/env bpftrace
// count reads
tracepoint:syscalls:sys_enter_read /comm == "bash"/
{
	@reads[tid] = count();   // per thread
	$n = args.count;
	if ($n > 100) {
		@big++;
	}
}

END { print(@reads); clear(@reads) }
)";
  Parsed p = parse_text(text);
  ASSERT_TRUE(p.program) << diag_list(p.diags);
  ASSERT_EQ(p.program->probes.size(), 2u);
  EXPECT_EQ(body_of(text),
            "(= @reads[tid] (call count)); (= $n (. args count)); (if (> $n 100) {(post++ @big)})");
}

}  // namespace
}  // namespace sonde::test
