#include "ast/visitor.h"

namespace sonde::ast {

#define SONDE_ACCEPT(T) \
  void T::accept(Visitor& v) { v.visit(*this); }
SONDE_ACCEPT(IntegerLiteral)
SONDE_ACCEPT(StringLiteral)
SONDE_ACCEPT(BoolLiteral)
SONDE_ACCEPT(PositionalParam)
SONDE_ACCEPT(Identifier)
SONDE_ACCEPT(Variable)
SONDE_ACCEPT(MapAccess)
SONDE_ACCEPT(Call)
SONDE_ACCEPT(Binary)
SONDE_ACCEPT(Unary)
SONDE_ACCEPT(Ternary)
SONDE_ACCEPT(FieldAccess)
SONDE_ACCEPT(TupleIndex)
SONDE_ACCEPT(Index)
SONDE_ACCEPT(Cast)
SONDE_ACCEPT(TupleExpr)
SONDE_ACCEPT(RecordExpr)
SONDE_ACCEPT(Sizeof)
SONDE_ACCEPT(Offsetof)
SONDE_ACCEPT(BlockExpr)
SONDE_ACCEPT(ExprStmt)
SONDE_ACCEPT(Assignment)
SONDE_ACCEPT(VarDecl)
SONDE_ACCEPT(If)
SONDE_ACCEPT(While)
SONDE_ACCEPT(Unroll)
SONDE_ACCEPT(ForMap)
SONDE_ACCEPT(ForRange)
SONDE_ACCEPT(Jump)
SONDE_ACCEPT(BlockStmt)
SONDE_ACCEPT(Probe)
#undef SONDE_ACCEPT

void Visitor::visit(MapAccess& n) { accept(n.key.get()); }
void Visitor::visit(Call& n) {
  for (auto& a : n.args) accept(a.get());
}
void Visitor::visit(Binary& n) {
  accept(n.lhs.get());
  accept(n.rhs.get());
}
void Visitor::visit(Unary& n) { accept(n.operand.get()); }
void Visitor::visit(Ternary& n) {
  accept(n.cond.get());
  accept(n.then.get());
  accept(n.otherwise.get());
}
void Visitor::visit(FieldAccess& n) { accept(n.base.get()); }
void Visitor::visit(TupleIndex& n) { accept(n.base.get()); }
void Visitor::visit(Index& n) {
  accept(n.base.get());
  accept(n.index.get());
}
void Visitor::visit(Cast& n) { accept(n.operand.get()); }
void Visitor::visit(TupleExpr& n) {
  for (auto& e : n.elements) accept(e.get());
}
void Visitor::visit(RecordExpr& n) {
  for (auto& e : n.values) accept(e.get());
}
void Visitor::visit(Sizeof& n) { accept(n.target_expr.get()); }
void Visitor::visit(Offsetof& n) { accept(n.target_expr.get()); }
void Visitor::visit(BlockExpr& n) {
  visit_block(n.block);
  accept(n.value.get());
}

void Visitor::visit(ExprStmt& n) { accept(n.expr.get()); }
void Visitor::visit(Assignment& n) {
  accept(n.value.get());
  accept(n.target.get());
}
void Visitor::visit(VarDecl& n) {
  accept(n.value.get());
  if (n.var) n.var->accept(*this);
}
void Visitor::visit(If& n) {
  accept(n.cond.get());
  visit_block(n.then);
  if (n.otherwise) visit_block(*n.otherwise);
}
void Visitor::visit(While& n) {
  accept(n.cond.get());
  visit_block(n.body);
}
void Visitor::visit(Unroll& n) {
  accept(n.count.get());
  visit_block(n.body);
}
void Visitor::visit(ForMap& n) {
  if (n.map) n.map->accept(*this);
  if (n.var) n.var->accept(*this);
  visit_block(n.body);
}
void Visitor::visit(ForRange& n) {
  accept(n.start.get());
  accept(n.end.get());
  if (n.var) n.var->accept(*this);
  visit_block(n.body);
}
void Visitor::visit(Jump& n) { accept(n.value.get()); }
void Visitor::visit(BlockStmt& n) { visit_block(n.block); }

void Visitor::visit(Probe& n) {
  accept(n.predicate.get());
  visit_block(n.body);
}

void Visitor::visit_block(Block& b) {
  for (auto& s : b.stmts) s->accept(*this);
}

void Visitor::visit_program(Program& p) {
  for (auto& probe : p.probes) probe->accept(*this);
}

const char* to_string(BinaryOp op) {
  switch (op) {
    case BinaryOp::Add: return "+";
    case BinaryOp::Sub: return "-";
    case BinaryOp::Mul: return "*";
    case BinaryOp::Div: return "/";
    case BinaryOp::Mod: return "%";
    case BinaryOp::BitAnd: return "&";
    case BinaryOp::BitOr: return "|";
    case BinaryOp::BitXor: return "^";
    case BinaryOp::Shl: return "<<";
    case BinaryOp::Shr: return ">>";
    case BinaryOp::Eq: return "==";
    case BinaryOp::Ne: return "!=";
    case BinaryOp::Lt: return "<";
    case BinaryOp::Le: return "<=";
    case BinaryOp::Gt: return ">";
    case BinaryOp::Ge: return ">=";
    case BinaryOp::LogicalAnd: return "&&";
    case BinaryOp::LogicalOr: return "||";
  }
  return "?";
}

const char* to_string(UnaryOp op) {
  switch (op) {
    case UnaryOp::LogicalNot: return "!";
    case UnaryOp::BitNot: return "~";
    case UnaryOp::Neg: return "-";
    case UnaryOp::Deref: return "*";
    case UnaryOp::AddressOf: return "&";
    case UnaryOp::PreIncrement: return "++ (pre)";
    case UnaryOp::PreDecrement: return "-- (pre)";
    case UnaryOp::PostIncrement: return "++ (post)";
    case UnaryOp::PostDecrement: return "-- (post)";
  }
  return "?";
}

}  // namespace sonde::ast
