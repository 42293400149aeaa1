// Expression grammar: every precedence level and associativity of spec/language.md §7, and
// every primary/postfix/unary form.
#include <gtest/gtest.h>

#include "parse_helpers.h"

namespace sonde::test {
namespace {

struct ExprCase {
  const char* source;
  const char* expected;
};

void PrintTo(const ExprCase& c, std::ostream* os) { *os << c.source; }

class Expressions : public ::testing::TestWithParam<ExprCase> {};

TEST_P(Expressions, ParsesTo) {
  EXPECT_EQ(expr_of(GetParam().source), GetParam().expected) << GetParam().source;
}

INSTANTIATE_TEST_SUITE_P(
    Precedence, Expressions,
    ::testing::Values(
        // level 1: ternary, right associative, lowest
        ExprCase{"a ? b : c", "(? a b c)"},
        ExprCase{"a ? b : c ? d : e", "(? a b (? c d e))"},
        ExprCase{"a ? b ? c : d : e", "(? a (? b c d) e)"},
        ExprCase{"a || b ? c : d", "(? (|| a b) c d)"},
        ExprCase{"a ? b : c || d", "(? a b (|| c d))"},
        ExprCase{"a ?: b", "(? a _ b)"},
        ExprCase{"a ?: b ?: c", "(? a _ (? b _ c))"},
        // level 2-6
        ExprCase{"a || b || c", "(|| (|| a b) c)"},
        ExprCase{"a || b && c", "(|| a (&& b c))"},
        ExprCase{"a && b || c", "(|| (&& a b) c)"},
        ExprCase{"a && b | c", "(&& a (| b c))"},
        ExprCase{"a | b ^ c", "(| a (^ b c))"},
        ExprCase{"a ^ b & c", "(^ a (& b c))"},
        ExprCase{"a & b == c", "(& a (== b c))"},
        // level 7-11
        ExprCase{"a == b != c", "(!= (== a b) c)"},
        ExprCase{"a == b < c", "(== a (< b c))"},
        ExprCase{"a < b <= c", "(<= (< a b) c)"},
        ExprCase{"a > b >= c", "(>= (> a b) c)"},
        ExprCase{"a < b << c", "(< a (<< b c))"},
        ExprCase{"a << b >> c", "(>> (<< a b) c)"},
        ExprCase{"a << b + c", "(<< a (+ b c))"},
        ExprCase{"a + b - c", "(- (+ a b) c)"},
        ExprCase{"a - b * c", "(- a (* b c))"},
        ExprCase{"a * b / c % d", "(% (/ (* a b) c) d)"},
        ExprCase{"(a + b) * c", "(* (+ a b) c)"},
        // level 12: unary binds tighter than binary, right to left
        ExprCase{"-a * b", "(* (neg a) b)"},
        ExprCase{"!a && b", "(&& (! a) b)"},
        ExprCase{"~a | b", "(| (~ a) b)"},
        ExprCase{"- -a", "(neg (neg a))"},
        ExprCase{"!!a", "(! (! a))"},
        ExprCase{"*p + 1", "(+ (deref p) 1)"},
        ExprCase{"**p", "(deref (deref p))"},
        ExprCase{"a * *p", "(* a (deref p))"},
        ExprCase{"&$v", "(addr $v)"},
        ExprCase{"&@m", "(addr @m)"},
        ExprCase{"&@m[1]", "(addr @m[1])"},
        ExprCase{"++$x", "(pre++ $x)"},
        ExprCase{"--@m[k]", "(pre-- @m[k])"},
        ExprCase{"-$x++", "(neg (post++ $x))"},
        ExprCase{"a - -1", "(- a (neg 1))"},
        // level 13: postfix binds tightest, left to right
        ExprCase{"$x++", "(post++ $x)"},
        ExprCase{"@m[1]--", "(post-- @m[1])"},
        ExprCase{"$x++ + 1", "(+ (post++ $x) 1)"},
        ExprCase{"a.b.c", "(. (. a b) c)"},
        ExprCase{"a->b->c", "(-> (-> a b) c)"},
        ExprCase{"args.fn", "(. args fn)"},
        ExprCase{"$t.0", "(. $t 0)"},
        ExprCase{"$t.1.0", "(. (. $t 1) 0)"},
        ExprCase{"a[1][2]", "(index (index a 1) 2)"},
        ExprCase{"a->b[0].c", "(. (index (-> a b) 0) c)"},
        ExprCase{"*a->b", "(deref (-> a b))"},
        ExprCase{"-a.b", "(neg (. a b))"},
        ExprCase{"f(1).x", "(. (call f 1) x)"},
        ExprCase{"@m[1].x", "(. @m[1] x)"}));

INSTANTIATE_TEST_SUITE_P(
    Primaries, Expressions,
    ::testing::Values(
        ExprCase{"123", "123"}, ExprCase{"\"hi\"", "\"hi\""}, ExprCase{"true", "true"},
        ExprCase{"false", "false"}, ExprCase{"$1", "$1"}, ExprCase{"$12", "$12"},
        ExprCase{"$#", "$#"}, ExprCase{"$x", "$x"}, ExprCase{"@", "@"},
        ExprCase{"@m", "@m"}, ExprCase{"@[1]", "@[1]"}, ExprCase{"@m[pid]", "@m[pid]"},
        ExprCase{"@m[pid, comm]", "@m[(keys pid comm)]"},
        ExprCase{"@m[1, 2, 3]", "@m[(keys 1 2 3)]"},
        ExprCase{"@m[(1, 2)]", "@m[(tuple 1 2)]"},
        ExprCase{"pid", "pid"}, ExprCase{"kstack", "kstack"},
        ExprCase{"_x", "_x"},
        ExprCase{"f()", "(call f)"}, ExprCase{"f(1)", "(call f 1)"},
        ExprCase{"printf(\"%d %s\", 1, comm)", "(call printf \"%d %s\" 1 comm)"},
        ExprCase{"kstack(perf, 3)", "(call kstack perf 3)"},
        ExprCase{"f(g(1), h())", "(call f (call g 1) (call h))"},
        ExprCase{"count()", "(call count)"},
        ExprCase{"()", "(tuple)"}, ExprCase{"(1)", "1"}, ExprCase{"((1))", "1"},
        ExprCase{"(1,)", "(tuple 1)"}, ExprCase{"(1, 2)", "(tuple 1 2)"},
        ExprCase{"(1, \"a\", comm)", "(tuple 1 \"a\" comm)"},
        ExprCase{"(1, 2,)", "(tuple 1 2)"},
        ExprCase{"((1, 2), 3)", "(tuple (tuple 1 2) 3)"},
        ExprCase{"(x = 1)", "(record x=1)"},
        ExprCase{"(x = 1, y = \"a\")", "(record x=1 y=\"a\")"},
        ExprCase{"(a = (1, 2), b = pid + 1)", "(record a=(tuple 1 2) b=(+ pid 1))"},
        ExprCase{"sizeof(uint32)", "(sizeof uint32)"},
        ExprCase{"sizeof(struct task_struct)", "(sizeof struct task_struct)"},
        ExprCase{"sizeof(struct sock *)", "(sizeof struct sock*)"},
        ExprCase{"sizeof($x)", "(sizeof $x)"},
        ExprCase{"sizeof(@m[1] + 2)", "(sizeof (+ @m[1] 2))"},
        ExprCase{"offsetof(struct task_struct, comm)", "(offsetof struct task_struct comm)"},
        ExprCase{"offsetof(struct a, b.c.d)", "(offsetof struct a b c d)"},
        ExprCase{"offsetof($s, x)", "(offsetof $s x)"},
        ExprCase{"1 + sizeof(int8)", "(+ 1 (sizeof int8))"}));

INSTANTIATE_TEST_SUITE_P(
    Casts, Expressions,
    ::testing::Values(
        ExprCase{"(uint32)x", "(cast uint32 x)"},
        ExprCase{"(int8)-1", "(cast int8 (neg 1))"},
        ExprCase{"(uint64)$x + 1", "(+ (cast uint64 $x) 1)"},
        ExprCase{"(uint64)($x + 1)", "(cast uint64 (+ $x 1))"},
        ExprCase{"(int8[])$x", "(cast int8[] $x)"},
        ExprCase{"(int8[4])$x", "(cast int8[4] $x)"},
        ExprCase{"(uint8 *)arg0", "(cast uint8* arg0)"},
        ExprCase{"(uint8 **)arg0", "(cast uint8** arg0)"},
        ExprCase{"(struct sock *)arg0", "(cast struct sock* arg0)"},
        ExprCase{"(struct sock *)arg0->sk_family", "(cast struct sock* (-> arg0 sk_family))"},
        ExprCase{"((struct sock *)arg0)->sk_family", "(-> (cast struct sock* arg0) sk_family)"},
        ExprCase{"(union u *)p", "(cast union u* p)"},
        ExprCase{"(enum e)1", "(cast enum e 1)"},
        ExprCase{"(string)$s", "(cast string $s)"},
        ExprCase{"(bool)1", "(cast bool 1)"},
        ExprCase{"(uint16)(uint8)1", "(cast uint16 (cast uint8 1))"},
        ExprCase{"-(int64)$x", "(neg (cast int64 $x))"},
        ExprCase{"(uint32)*$p", "(cast uint32 (deref $p))"},
        ExprCase{"print((uint8)1)", "(call print (cast uint8 1))"},
        // not type names: parenthesised expressions
        ExprCase{"(pid)*2", "(* pid 2)"},
        ExprCase{"(x) - 1", "(- x 1)"},
        ExprCase{"(u32 *)p", "<parse failed: 1:15-16: syntax: expected expression>"}));

TEST(Expressions, TypeNamesFromOptionsOnlyAfterParen) {
  ParseOptions options;
  options.is_type_name = [](std::string_view n) { return n == "u32" || n == "pid"; };
  EXPECT_EQ(expr_of("(u32 *)p", options), "(cast u32* p)");
  EXPECT_EQ(expr_of("(u32)p + 1", options), "(+ (cast u32 p) 1)");
  EXPECT_EQ(expr_of("sizeof(u32)", options), "(sizeof u32)");
  // builtins are never types, whatever the callback says
  EXPECT_EQ(expr_of("(pid)*2", options), "(* pid 2)");
  // a call's argument is not in type position
  EXPECT_EQ(expr_of("f(u32)", options), "(call f u32)");
  EXPECT_EQ(expr_of("u32 + 1", options), "(+ u32 1)");
}

TEST(Expressions, TypeCallbackAskedOnlyAfterParen) {
  std::vector<std::string> asked;
  ParseOptions options;
  options.is_type_name = [&](std::string_view n) {
    asked.emplace_back(n);
    return false;
  };
  expr_of("foo + (bar) + f(baz) + (comm) + (uint8)qux", options);
  EXPECT_EQ(asked, std::vector<std::string>{"bar"});
}

}  // namespace
}  // namespace sonde::test
