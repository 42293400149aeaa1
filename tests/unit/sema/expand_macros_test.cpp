// Macro expansion (sema/expand_macros.h) on parsed programs, shown as the `-d ast` tree of the
// probes after expansion; errors as "line:col: message".
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "ast/clone.h"
#include "ast/printer.h"
#include "parser/parse.h"
#include "sema/expand_macros.h"

namespace sonde {
namespace {

struct Expanded {
  std::string tree;    // the probes (macros dropped), printed
  std::string errors;  // "L:C: message" lines
};

Expanded expand(const std::string& text) {
  SourceFile file("test.bt", text);
  Diagnostics diags;
  auto program = parse(file, diags, {});
  Expanded out;
  if (!program) return {"<parse failed>", ""};
  expand_macros(*program, diags);
  for (const auto& d : diags.all())
    out.errors += std::to_string(d.range.begin.line) + ":" +
                  std::to_string(d.range.begin.column) + ": " + d.message + "\n";
  program->macros.clear();
  std::ostringstream tree;
  ast::print_program(tree, *program);
  out.tree = tree.str();
  return out;
}

TEST(ExpandMacros, ValueWithoutStatementsIsTheExpressionItself) {
  auto e = expand("macro add1(x) { x + 1 } BEGIN { @a = add1(2 * 3); }");
  EXPECT_EQ(e.errors, "");
  EXPECT_EQ(e.tree, R"(Program
 probe BEGIN
  body
   assign =
    map @a
    binop +
     binop *
      int 2
      int 3
     int 1
)");
}

TEST(ExpandMacros, ValueAfterStatementsIsABlockExpressionWithRenamedLocals) {
  auto e = expand("macro sq($v) { let $t = $v; $t * $t } BEGIN { $t = 3; @a = sq($t); }");
  EXPECT_EQ(e.errors, "");
  EXPECT_EQ(e.tree, R"(Program
 probe BEGIN
  body
   assign =
    var $t
    int 3
   assign =
    map @a
    block-expr
     statements
      let $t.sq.1
       var $t
     value: binop *
      var $t.sq.1
      var $t.sq.1
)");
}

TEST(ExpandMacros, StatementCallBecomesABlockWithTheCallersNames) {
  auto e = expand("macro put(@m, $k) { @m[$k] = 1; } BEGIN { $key = 2; put(@seen, $key); }");
  EXPECT_EQ(e.errors, "");
  EXPECT_EQ(e.tree, R"(Program
 probe BEGIN
  body
   assign =
    var $key
    int 2
   block
    assign =
     map @seen
      key: var $key
     int 1
)");
}

TEST(ExpandMacros, BareIdentifierCallsAZeroParameterMacroButNotOverABuiltin) {
  auto e = expand("macro two() { 2 } macro pid() { 3 } BEGIN { @a = two + pid; }");
  EXPECT_EQ(e.errors, "");
  EXPECT_NE(e.tree.find("int 2"), std::string::npos);
  EXPECT_NE(e.tree.find("ident pid"), std::string::npos);
}

TEST(ExpandMacros, Errors) {
  EXPECT_EQ(expand("macro f(x) { x } BEGIN { f(); }").errors,
            "1:26: Macro 'f' takes 1 argument, got 0\n");
  EXPECT_EQ(expand("macro f(x) { f(x) } BEGIN { f(1); }").errors,
            "1:14: Recursive macro call: f -> f\n");
  EXPECT_EQ(expand("macro f(@m) { @m = 1; } BEGIN { f(1); }").errors,
            "1:35: Macro 'f' parameter @m needs a map (@name, without a key) as its argument\n");
  EXPECT_EQ(expand("macro f(x) { $y } BEGIN { f(1); }").errors,
            "1:14: Macro 'f' uses variable $y, which is neither a parameter nor set in its "
            "body\n");
  EXPECT_EQ(expand("macro f(comm) { 1 } BEGIN { f(1); }").errors,
            "1:1: Macro 'f': builtin name 'comm' cannot be a parameter name\n");
}

TEST(ExpandMacros, ExponentialExpansionStops) {
  std::string text = "macro m0(x) { x }\n";
  for (int i = 1; i <= 20; ++i)
    text += "macro m" + std::to_string(i) + "(x) { m" + std::to_string(i - 1) + "(x) + m" +
            std::to_string(i - 1) + "(x) }\n";
  text += "BEGIN { @a = m20(1); }";
  EXPECT_NE(expand(text).errors.find("Too many macro expansions"), std::string::npos);
}

// The clone helper behind expansion copies every node kind: a probe body printed before and
// after copying reads the same.
TEST(Cloner, CopiesEveryStatementAndExpression) {
  const char* text = R"(kprobe:f /comm == "bash"/ {
  @reads[tid, comm] = count();
  $p = (struct task_struct *)curtask;
  let $n: uint32 = $p->pid;
  if ($n > 1) { @x++; } else if (!$n) { @x += 2 } else { }
  for ($kv : @reads) { print($kv.0); break; }
  for ($i : 0..$#) { continue }
  while ($n) { $n--; }
  unroll (2) { _ = delete(@m, 1); }
  @t = ($1, "a\n", true, (a = 1));
  @s = sizeof(int8[4]) + offsetof(struct sock, a.b) + $n ?: 0;
  @r = -*&$n + $a[0] ? 1 : 2;
  { kstack(perf); }
  return
})";
  SourceFile file("test.bt", text);
  Diagnostics diags;
  auto program = parse(file, diags, {});
  ASSERT_TRUE(program);
  ast::Program copy;
  ast::Cloner cloner;
  for (const auto& probe : program->probes) {
    auto p = std::make_unique<ast::Probe>();
    p->attach_points = probe->attach_points;
    if (probe->predicate) p->predicate = cloner.clone(*probe->predicate);
    p->body = cloner.clone(probe->body);
    copy.probes.push_back(std::move(p));
  }
  std::ostringstream original, copied;
  ast::print_program(original, *program);
  ast::print_program(copied, copy);
  EXPECT_EQ(copied.str(), original.str());
}

}  // namespace
}  // namespace sonde
