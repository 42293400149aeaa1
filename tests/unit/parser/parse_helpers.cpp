#include "parse_helpers.h"

#include "ast/visitor.h"

namespace sonde::test {

namespace {

std::string type_text(const ast::TypeSpec& t) {
  std::string out = t.name + std::string(t.pointer_depth, '*');
  for (const auto& d : t.array_dims) out += d ? "[" + std::to_string(*d) + "]" : "[]";
  return out;
}

std::string block_text(const ast::Block& b) {
  std::string out = "{";
  for (size_t i = 0; i < b.stmts.size(); ++i) out += (i ? "; " : "") + sexpr(b.stmts[i].get());
  return out + "}";
}

class SExpr : public ast::Visitor {
 public:
  std::string out;

  static std::string of(ast::Node* n) {
    if (!n) return "_";
    SExpr s;
    n->accept(s);
    return s.out;
  }
  static std::string of(const ast::ExprPtr& e) { return of(e.get()); }

  void visit(ast::IntegerLiteral& n) override { out = std::to_string(n.value); }
  void visit(ast::StringLiteral& n) override { out = "\"" + n.value + "\""; }
  void visit(ast::BoolLiteral& n) override { out = n.value ? "true" : "false"; }
  void visit(ast::PositionalParam& n) override {
    out = n.is_count() ? "$#" : "$" + std::to_string(n.index);
  }
  void visit(ast::Identifier& n) override { out = n.name; }
  void visit(ast::Variable& n) override { out = n.name; }
  void visit(ast::MapAccess& n) override { out = n.name + (n.key ? "[" + of(n.key) + "]" : ""); }
  void visit(ast::Call& n) override {
    out = "(call " + n.name;
    for (auto& a : n.args) out += " " + of(a);
    out += ")";
  }
  void visit(ast::Binary& n) override {
    out = std::string("(") + ast::to_string(n.op) + " " + of(n.lhs) + " " + of(n.rhs) + ")";
  }
  void visit(ast::Unary& n) override {
    const char* op = "?";
    switch (n.op) {
      case ast::UnaryOp::LogicalNot: op = "!"; break;
      case ast::UnaryOp::BitNot: op = "~"; break;
      case ast::UnaryOp::Neg: op = "neg"; break;
      case ast::UnaryOp::Deref: op = "deref"; break;
      case ast::UnaryOp::AddressOf: op = "addr"; break;
      case ast::UnaryOp::PreIncrement: op = "pre++"; break;
      case ast::UnaryOp::PreDecrement: op = "pre--"; break;
      case ast::UnaryOp::PostIncrement: op = "post++"; break;
      case ast::UnaryOp::PostDecrement: op = "post--"; break;
    }
    out = std::string("(") + op + " " + of(n.operand) + ")";
  }
  void visit(ast::Ternary& n) override {
    out = "(? " + of(n.cond) + " " + of(n.then) + " " + of(n.otherwise) + ")";
  }
  void visit(ast::FieldAccess& n) override {
    out = "(" + std::string(n.arrow ? "->" : ".") + " " + of(n.base) + " " + n.field + ")";
  }
  void visit(ast::TupleIndex& n) override {
    out = "(. " + of(n.base) + " " + std::to_string(n.index) + ")";
  }
  void visit(ast::Index& n) override { out = "(index " + of(n.base) + " " + of(n.index) + ")"; }
  void visit(ast::Cast& n) override {
    out = "(cast " + type_text(n.target) + " " + of(n.operand) + ")";
  }
  void visit(ast::TupleExpr& n) override {
    out = n.implicit ? "(keys" : "(tuple";
    for (auto& e : n.elements) out += " " + of(e);
    out += ")";
  }
  void visit(ast::RecordExpr& n) override {
    out = "(record";
    for (size_t i = 0; i < n.values.size(); ++i) out += " " + n.names[i] + "=" + of(n.values[i]);
    out += ")";
  }
  void visit(ast::Sizeof& n) override {
    out = "(sizeof " + (n.target_type ? type_text(*n.target_type) : of(n.target_expr)) + ")";
  }
  void visit(ast::Offsetof& n) override {
    out = "(offsetof " + (n.target_type ? type_text(*n.target_type) : of(n.target_expr));
    for (auto& f : n.fields) out += " " + f;
    out += ")";
  }

  void visit(ast::ExprStmt& n) override { out = (n.discard ? "(discard " : "") + of(n.expr) +
                                                (n.discard ? ")" : ""); }
  void visit(ast::Assignment& n) override {
    std::string op = n.compound ? std::string(ast::to_string(*n.compound)) + "=" : "=";
    out = "(" + op + " " + of(n.target) + " " + of(n.value) + ")";
  }
  void visit(ast::VarDecl& n) override {
    out = "(let " + of(n.var.get());
    if (n.declared_type) out += " : " + type_text(*n.declared_type);
    if (n.value) out += " = " + of(n.value);
    out += ")";
  }
  void visit(ast::If& n) override {
    out = "(if " + of(n.cond) + " " + block_text(n.then);
    if (n.otherwise) out += " else " + block_text(*n.otherwise);
    out += ")";
  }
  void visit(ast::While& n) override {
    out = "(while " + of(n.cond) + " " + block_text(n.body) + ")";
  }
  void visit(ast::Unroll& n) override {
    out = "(unroll " + of(n.count) + " " + block_text(n.body) + ")";
  }
  void visit(ast::ForMap& n) override {
    out = "(for " + of(n.var.get()) + " " + of(n.map.get()) + " " + block_text(n.body) + ")";
  }
  void visit(ast::ForRange& n) override {
    out = "(for " + of(n.var.get()) + " " + of(n.start) + ".." + of(n.end) + " " +
          block_text(n.body) + ")";
  }
  void visit(ast::Jump& n) override {
    out = n.kind == ast::JumpKind::Break      ? "break"
          : n.kind == ast::JumpKind::Continue ? "continue"
                                              : "return";
    if (n.value) out = "(" + out + " " + of(n.value) + ")";
  }
  void visit(ast::BlockStmt& n) override { out = block_text(n.block); }
};

}  // namespace

Parsed parse_text(const std::string& text, const ParseOptions& options) {
  Parsed p;
  SourceFile file("test.bt", text);
  p.program = parse(file, p.diags, options);
  return p;
}

std::string sexpr(const ast::Expr* e) { return SExpr::of(const_cast<ast::Expr*>(e)); }
std::string sexpr(const ast::Stmt* s) { return SExpr::of(const_cast<ast::Stmt*>(s)); }

std::string body_of(const std::string& program_text, const ParseOptions& options) {
  Parsed p = parse_text(program_text, options);
  if (!p.program) return "<parse failed: " + diag_list(p.diags) + ">";
  if (p.program->probes.empty()) return "<no probe>";
  const auto& stmts = p.program->probes[0]->body.stmts;
  std::string out;
  for (size_t i = 0; i < stmts.size(); ++i) out += (i ? "; " : "") + sexpr(stmts[i].get());
  return out;
}

std::string expr_of(const std::string& expr_text, const ParseOptions& options) {
  Parsed p = parse_text("BEGIN { " + expr_text + "; }", options);
  if (!p.program) return "<parse failed: " + diag_list(p.diags) + ">";
  const auto& stmts = p.program->probes.at(0)->body.stmts;
  if (stmts.size() != 1) return "<" + std::to_string(stmts.size()) + " statements>";
  auto* stmt = dynamic_cast<const ast::ExprStmt*>(stmts[0].get());
  if (!stmt) return "<not an expression statement: " + sexpr(stmts[0].get()) + ">";
  return sexpr(stmt->expr.get());
}

std::string range_of(const SourceRange& r) {
  if (r.begin.line != r.end.line)
    return std::to_string(r.begin.line) + "-" + std::to_string(r.end.line);
  return std::to_string(r.begin.line) + ":" + std::to_string(r.begin.column) + "-" +
         std::to_string(r.end.column);
}

std::string diag_list(const Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.all()) {
    if (!out.empty()) out += "\n";
    out += (d.range.valid() ? range_of(d.range) + ": " : "") + d.message;
  }
  return out;
}

std::string errors_of(const std::string& program_text, const ParseOptions& options) {
  Parsed p = parse_text(program_text, options);
  if (p.program) return "";
  return diag_list(p.diags);
}

}  // namespace sonde::test
