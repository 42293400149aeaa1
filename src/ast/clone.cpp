#include "ast/clone.h"

#include <type_traits>
#include <utility>

#include "ast/visitor.h"

namespace sonde::ast {

// One visit per node kind: builds the copy of the visited node into expr_ or stmt_.
// Visitor takes non-const nodes; the copier only reads them.
class Cloner::Copier : public Visitor {
 public:
  explicit Copier(Cloner& hooks) : hooks_(hooks) {}

  ExprPtr expr(const Expr* e) {
    if (!e) return nullptr;
    const_cast<Expr*>(e)->accept(*this);
    return std::move(expr_);
  }
  StmtPtr stmt(const Stmt& s) {
    const_cast<Stmt&>(s).accept(*this);
    return std::move(stmt_);
  }
  Block block(const Block& b) {
    Block out;
    out.loc = b.loc;
    for (const auto& s : b.stmts) out.stmts.push_back(stmt(*s));
    return out;
  }
  std::unique_ptr<Variable> variable(const Variable* v) {
    if (!v) return nullptr;
    auto out = like(*v, hooks_.variable_name(v->name));
    out->slot = v->slot;
    return out;
  }
  std::unique_ptr<MapAccess> map(const MapAccess* m) {
    if (!m) return nullptr;
    auto out = like(*m, hooks_.map_name(m->name), expr(m->key.get()));
    out->map_index = m->map_index;
    return out;
  }

  void visit(IntegerLiteral& n) override { expr_ = like(n, n.value); }
  void visit(StringLiteral& n) override { expr_ = like(n, n.value); }
  void visit(BoolLiteral& n) override { expr_ = like(n, n.value); }
  void visit(PositionalParam& n) override { expr_ = like(n, n.index); }
  void visit(Identifier& n) override {
    if ((expr_ = hooks_.replace_identifier(n))) return;
    auto out = like(n, n.name);
    out->builtin_id = n.builtin_id;
    out->constant = n.constant;
    expr_ = std::move(out);
  }
  void visit(Variable& n) override { expr_ = variable(&n); }
  void visit(MapAccess& n) override { expr_ = map(&n); }
  void visit(Call& n) override {
    std::vector<ExprPtr> args;
    for (const auto& a : n.args) args.push_back(expr(a.get()));
    auto out = like(n, n.name, std::move(args));
    out->has_parens = n.has_parens;
    out->builtin_id = n.builtin_id;
    expr_ = std::move(out);
  }
  void visit(Binary& n) override {
    expr_ = like(n, n.op, expr(n.lhs.get()), expr(n.rhs.get()));
  }
  void visit(Unary& n) override { expr_ = like(n, n.op, expr(n.operand.get())); }
  void visit(Ternary& n) override {
    expr_ = like(n, expr(n.cond.get()), expr(n.then.get()), expr(n.otherwise.get()));
  }
  void visit(FieldAccess& n) override {
    auto out = like(n, expr(n.base.get()), n.field, n.arrow);
    out->member = n.member;
    out->through_pointer = n.through_pointer;
    expr_ = std::move(out);
  }
  void visit(TupleIndex& n) override { expr_ = like(n, expr(n.base.get()), n.index); }
  void visit(Index& n) override { expr_ = like(n, expr(n.base.get()), expr(n.index.get())); }
  void visit(Cast& n) override { expr_ = like(n, n.target, expr(n.operand.get())); }
  void visit(TupleExpr& n) override {
    std::vector<ExprPtr> elements;
    for (const auto& e : n.elements) elements.push_back(expr(e.get()));
    auto out = like(n, std::move(elements));
    out->implicit = n.implicit;
    expr_ = std::move(out);
  }
  void visit(RecordExpr& n) override {
    auto out = like(n);
    out->names = n.names;
    for (const auto& v : n.values) out->values.push_back(expr(v.get()));
    expr_ = std::move(out);
  }
  void visit(Sizeof& n) override {
    auto out = like(n);
    out->target_type = n.target_type;
    out->target_expr = expr(n.target_expr.get());
    out->value = n.value;
    expr_ = std::move(out);
  }
  void visit(Offsetof& n) override {
    auto out = like(n);
    out->target_type = n.target_type;
    out->target_expr = expr(n.target_expr.get());
    out->fields = n.fields;
    out->value = n.value;
    expr_ = std::move(out);
  }
  void visit(BlockExpr& n) override {
    auto out = like(n);
    out->block = block(n.block);
    out->value = expr(n.value.get());
    expr_ = std::move(out);
  }

  void visit(ExprStmt& n) override {
    auto out = like(n, expr(n.expr.get()));
    out->discard = n.discard;
    out->block_value = n.block_value;
    stmt_ = std::move(out);
  }
  void visit(Assignment& n) override {
    stmt_ = like(n, expr(n.target.get()), n.compound, expr(n.value.get()));
  }
  void visit(VarDecl& n) override {
    auto out = like(n);
    out->var = variable(n.var.get());
    out->declared_type = n.declared_type;
    out->value = expr(n.value.get());
    stmt_ = std::move(out);
  }
  void visit(If& n) override {
    auto out = like(n);
    out->cond = expr(n.cond.get());
    out->then = block(n.then);
    if (n.otherwise) out->otherwise = block(*n.otherwise);
    stmt_ = std::move(out);
  }
  void visit(While& n) override {
    auto out = like(n);
    out->cond = expr(n.cond.get());
    out->body = block(n.body);
    stmt_ = std::move(out);
  }
  void visit(Unroll& n) override {
    auto out = like(n);
    out->count = expr(n.count.get());
    out->body = block(n.body);
    stmt_ = std::move(out);
  }
  void visit(ForMap& n) override {
    auto out = like(n);
    out->var = variable(n.var.get());
    out->map = map(n.map.get());
    out->body = block(n.body);
    stmt_ = std::move(out);
  }
  void visit(ForRange& n) override {
    auto out = like(n);
    out->var = variable(n.var.get());
    out->start = expr(n.start.get());
    out->end = expr(n.end.get());
    out->body = block(n.body);
    stmt_ = std::move(out);
  }
  void visit(Jump& n) override {
    auto out = like(n, n.kind);
    out->value = expr(n.value.get());
    stmt_ = std::move(out);
  }
  void visit(BlockStmt& n) override {
    auto out = like(n);
    out->block = block(n.block);
    stmt_ = std::move(out);
  }

 private:
  // A new node of n's kind built from `args`, with n's source range (and type).
  template <class T, class... Args>
  static std::unique_ptr<T> like(const T& n, Args&&... args) {
    auto out = std::make_unique<T>(std::forward<Args>(args)...);
    out->loc = n.loc;
    if constexpr (std::is_base_of_v<Expr, T>) out->type = n.type;
    return out;
  }

  Cloner& hooks_;
  ExprPtr expr_;
  StmtPtr stmt_;
};

ExprPtr Cloner::clone(const Expr& e) { return Copier(*this).expr(&e); }
StmtPtr Cloner::clone(const Stmt& s) { return Copier(*this).stmt(s); }
Block Cloner::clone(const Block& b) { return Copier(*this).block(b); }

}  // namespace sonde::ast
