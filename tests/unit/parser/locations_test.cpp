// Source ranges of nodes: each node covers its whole text (assignments `lhs = rhs`, calls
// through the ')', map accesses through the ']').
#include <gtest/gtest.h>

#include "parse_helpers.h"

namespace sonde::test {
namespace {

const ast::Stmt& stmt(const Parsed& p, size_t i) {
  return *p.program->probes.at(0)->body.stmts.at(i);
}

const ast::Expr& expr(const Parsed& p, size_t i) {
  return *dynamic_cast<const ast::ExprStmt&>(stmt(p, i)).expr;
}

TEST(Locations, Statements) {
  //                     1234567890123456789012345678901234567890
  Parsed p = parse_text("BEGIN { @x[1, 2] = count(); $y += 2; }");
  ASSERT_TRUE(p.program) << diag_list(p.diags);
  const auto& a = dynamic_cast<const ast::Assignment&>(stmt(p, 0));
  EXPECT_EQ(range_of(a.loc), "1:9-27");
  EXPECT_EQ(range_of(a.target->loc), "1:9-17");
  const auto& key = dynamic_cast<const ast::MapAccess&>(*a.target).key;
  EXPECT_EQ(range_of(key->loc), "1:12-16");
  EXPECT_EQ(range_of(a.value->loc), "1:20-27");
  const auto& b = dynamic_cast<const ast::Assignment&>(stmt(p, 1));
  EXPECT_EQ(range_of(b.loc), "1:29-36");
  EXPECT_EQ(range_of(b.target->loc), "1:29-31");
  EXPECT_EQ(range_of(p.program->probes[0]->body.loc), "1:7-39");
  EXPECT_EQ(range_of(p.program->probes[0]->loc), "1:1-39");
}

TEST(Locations, Expressions) {
  Parsed p = parse_text("BEGIN { printf(\"%d\\n\", 1 + $x->y[2]); (uint8)-3; }");
  ASSERT_TRUE(p.program) << diag_list(p.diags);
  const auto& call = dynamic_cast<const ast::Call&>(expr(p, 0));
  EXPECT_EQ(range_of(call.loc), "1:9-37");
  EXPECT_EQ(range_of(call.args[0]->loc), "1:16-22");
  const auto& sum = dynamic_cast<const ast::Binary&>(*call.args[1]);
  EXPECT_EQ(range_of(sum.loc), "1:24-36");
  EXPECT_EQ(range_of(sum.rhs->loc), "1:28-36");
  const auto& index = dynamic_cast<const ast::Index&>(*sum.rhs);
  EXPECT_EQ(range_of(index.base->loc), "1:28-33");
  const auto& cast = dynamic_cast<const ast::Cast&>(expr(p, 1));
  EXPECT_EQ(range_of(cast.loc), "1:39-48");
  EXPECT_EQ(range_of(cast.target.loc), "1:40-45");
  EXPECT_EQ(range_of(cast.operand->loc), "1:46-48");
}

TEST(Locations, MultiLineNodes) {
  Parsed p = parse_text("BEGIN {\n  if (pid) {\n    @x = 1;\n  }\n}");
  ASSERT_TRUE(p.program) << diag_list(p.diags);
  const auto& s = dynamic_cast<const ast::If&>(stmt(p, 0));
  EXPECT_EQ(s.loc.begin.line, 2);
  EXPECT_EQ(s.loc.begin.column, 3);
  EXPECT_EQ(s.loc.end.line, 4);
  EXPECT_EQ(s.loc.end.column, 4);
  EXPECT_EQ(range_of(s.then.stmts.at(0)->loc), "3:5-11");
}

TEST(Locations, PredicateAndDeclarations) {
  //                     123456789012345678901234567890123456789012
  Parsed p = parse_text("k:f /arg0 != 0/ { let $v: uint8 = 1; }");
  ASSERT_TRUE(p.program) << diag_list(p.diags);
  EXPECT_EQ(range_of(p.program->probes[0]->predicate->loc), "1:6-15");
  const auto& d = dynamic_cast<const ast::VarDecl&>(stmt(p, 0));
  EXPECT_EQ(range_of(d.loc), "1:19-36");
  EXPECT_EQ(range_of(d.var->loc), "1:23-25");
  EXPECT_EQ(range_of(d.declared_type->loc), "1:27-32");
}

TEST(Locations, EndOfFileErrorPointsPastLastToken) {
  EXPECT_EQ(errors_of("BEGIN { @x = 1;\n\n  "), "1:16-17: syntax: expected '}'");
}

}  // namespace
}  // namespace sonde::test
