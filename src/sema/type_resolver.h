// The visitor behind resolve_types (internal to src/sema/). Expression rules are in
// resolve_expressions.cpp (C types, field access, casts, sizeof in resolve_c_types.cpp),
// statements, variables and maps in resolve_statements.cpp.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "ast/visitor.h"
#include "diag/diagnostics.h"
#include "sema/builtins.h"
#include "sema/semantic_model.h"

namespace sonde {

class TypeLookup;

class TypeResolver : public ast::Visitor {
 public:
  TypeResolver(SemanticModel& model, Diagnostics& diags, bool final_round)
      : model_(model), diags_(diags), final_(final_round) {}

  void resolve_probe(ProbeInfo& probe);
  bool changed() const { return changed_; }

  // expressions
  void visit(ast::IntegerLiteral& n) override;
  void visit(ast::StringLiteral& n) override;
  void visit(ast::BoolLiteral& n) override;
  void visit(ast::PositionalParam& n) override;
  void visit(ast::Identifier& n) override;
  void visit(ast::Variable& n) override;
  void visit(ast::MapAccess& n) override;
  void visit(ast::Call& n) override;
  void visit(ast::Binary& n) override;
  void visit(ast::Unary& n) override;
  void visit(ast::Ternary& n) override;
  void visit(ast::FieldAccess& n) override;
  void visit(ast::TupleIndex& n) override;
  void visit(ast::Index& n) override;
  void visit(ast::Cast& n) override;
  void visit(ast::TupleExpr& n) override;
  void visit(ast::RecordExpr& n) override;
  void visit(ast::Sizeof& n) override;
  void visit(ast::Offsetof& n) override;
  void visit(ast::BlockExpr& n) override;

  // statements
  void visit(ast::ExprStmt& n) override;
  void visit(ast::Assignment& n) override;
  void visit(ast::VarDecl& n) override;
  void visit(ast::If& n) override;
  void visit(ast::While& n) override;
  void visit(ast::Unroll& n) override;
  void visit(ast::ForMap& n) override;
  void visit(ast::ForRange& n) override;
  void visit(ast::Jump& n) override;
  void visit_block(ast::Block& b) override;

 private:
  // diagnostics only in the final round
  void error(SourceRange where, const std::string& message);
  void warning(SourceRange where, const std::string& message);

  // variables
  VariableInfo* lookup_variable(const std::string& name, int* slot_out = nullptr);
  int declare_variable(ast::Variable& var, bool scoped, bool fixed, const Type& type);
  void assign_variable(ast::Variable& var, const Type& value, SourceRange site,
                       std::optional<int64_t> literal = std::nullopt);

  // maps
  MapInfo& map_info(ast::MapAccess& access);
  void check_map_key(ast::MapAccess& access, MapInfo& info);
  void assign_map_value(ast::MapAccess& access, const Type& value, SourceRange site,
                        std::optional<int64_t> literal = std::nullopt);
  Type map_read_type(const MapInfo& info) const;

  // expressions
  void resolve_call_args(ast::Call& n, const BuiltinFunction& fn);
  void resolve_comparison(ast::Binary& n);
  void resolve_arithmetic(ast::Binary& n);
  void resolve_increment(ast::Unary& n);
  Type resolve_type_spec(const ast::TypeSpec& spec);
  const Field* find_field(const Type& base, const std::string& name, SourceRange where);
  // What a pointer points to, completed by name (BTF) and in the pointer's address space.
  static Type pointee_type(const Type& pointer, TypeLookup* types);
  static bool is_incomplete_struct(const Type& t);
  void check_condition(ast::Expr& cond);

  SemanticModel& model_;
  Diagnostics& diags_;
  bool final_;
  bool changed_ = false;

  ProbeInfo* probe_ = nullptr;
  TypeEnv env_;
  // Scopes of `let`-declared variables (block scoped); plain assignments declare probe-wide.
  std::vector<std::map<std::string, int>> scopes_;
  std::map<std::string, int> probe_scope_;
  int next_slot_ = 0;
  int loop_depth_ = 0;
  int for_map_depth_ = 0;
  bool map_value_context_ = false;  // visiting the whole RHS of a map assignment
};

}  // namespace sonde
