// Visitor over the AST. The default visit() of every node visits its children, so a pass
// overrides only the node kinds it cares about (and calls the base to keep descending).
#pragma once

#include "ast/ast.h"

namespace sonde::ast {

class Visitor {
 public:
  virtual ~Visitor() = default;

  virtual void visit(IntegerLiteral&) {}
  virtual void visit(StringLiteral&) {}
  virtual void visit(BoolLiteral&) {}
  virtual void visit(PositionalParam&) {}
  virtual void visit(Identifier&) {}
  virtual void visit(Variable&) {}
  virtual void visit(MapAccess& n);
  virtual void visit(Call& n);
  virtual void visit(Binary& n);
  virtual void visit(Unary& n);
  virtual void visit(Ternary& n);
  virtual void visit(FieldAccess& n);
  virtual void visit(TupleIndex& n);
  virtual void visit(Index& n);
  virtual void visit(Cast& n);
  virtual void visit(TupleExpr& n);
  virtual void visit(RecordExpr& n);
  virtual void visit(Sizeof& n);
  virtual void visit(Offsetof& n);
  virtual void visit(BlockExpr& n);

  virtual void visit(ExprStmt& n);
  virtual void visit(Assignment& n);
  virtual void visit(VarDecl& n);
  virtual void visit(If& n);
  virtual void visit(While& n);
  virtual void visit(Unroll& n);
  virtual void visit(ForMap& n);
  virtual void visit(ForRange& n);
  virtual void visit(Jump& n);
  virtual void visit(BlockStmt& n);

  virtual void visit(Probe& n);
  virtual void visit_block(Block& b);

  // Visits every probe of the program.
  void visit_program(Program& p);

 protected:
  void accept(Expr* e) {
    if (e) e->accept(*this);
  }
};

}  // namespace sonde::ast
