// Macro expansion. `macro name(params) { body }` is expanded at each call site: the call is
// replaced by a copy of the body, and the copy is expanded in turn (a macro may call macros).
//
// Parameters, by how they are written:
//   `$v`  the caller passes a scratch variable; `$v` in the copy becomes the caller's variable,
//         so the body reads and may change it.
//   `@m`  the caller passes a map (`@name`, no key); `@m` in the copy becomes that map.
//   `x`   the caller passes any expression; each use of `x` becomes a copy of it (evaluated at
//         each use, like a textual substitution).
// Hygiene: every other variable of the body is the body's own. The copy renames it to
// `$name.macro.N` (N counts expansions), a spelling no source can write, so it never meets a
// caller's variable or another expansion's. A body may touch no other variables or maps.
//
// A call used as a statement becomes a block of the body's statements. A call used as a value
// becomes the body's trailing expression (`{ ...; expr }`, no ';'), wrapped in a BlockExpr
// when statements precede it. A zero-parameter macro may be called without parentheses, as a
// bare identifier that names no builtin variable.
#include "sema/expand_macros.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ast/clone.h"
#include "ast/visitor.h"
#include "sema/builtins.h"

namespace sonde {

namespace {

enum class ParamKind { Variable, Map, Expression };

ParamKind param_kind(const std::string& param) {
  if (param[0] == '$') return ParamKind::Variable;
  if (param[0] == '@') return ParamKind::Map;
  return ParamKind::Expression;
}

// `macro name(params) {` — where errors about a definition point.
SourceRange header_of(const ast::MacroDef& def) { return {def.loc.begin, def.body.loc.begin}; }

// The variables and maps a body mentions, and the variables it creates (assigns, declares,
// or binds as a loop variable).
class BodyNames : public ast::Visitor {
 public:
  std::map<std::string, SourceRange> variables_used, maps_used;
  std::set<std::string> variables_created;

  void visit(ast::Variable& n) override { variables_used.emplace(n.name, n.loc); }
  void visit(ast::MapAccess& n) override {
    maps_used.emplace(n.name, n.loc);
    ast::Visitor::visit(n);
  }
  void visit(ast::Assignment& n) override {
    if (auto* var = dynamic_cast<ast::Variable*>(n.target.get()))
      variables_created.insert(var->name);
    ast::Visitor::visit(n);
  }
  void visit(ast::VarDecl& n) override {
    variables_created.insert(n.var->name);
    ast::Visitor::visit(n);
  }
  void visit(ast::ForMap& n) override {
    variables_created.insert(n.var->name);
    ast::Visitor::visit(n);
  }
  void visit(ast::ForRange& n) override {
    variables_created.insert(n.var->name);
    ast::Visitor::visit(n);
  }
};

bool is_builtin_name(const std::string& name) {
  return find_builtin_variable(name) || find_builtin_function(name);
}

void check_definition(ast::MacroDef& def, Diagnostics& diags) {
  std::set<std::string> params;
  for (const auto& p : def.params) {
    if (param_kind(p) == ParamKind::Expression && is_builtin_name(p))
      diags.error(header_of(def), "Macro '" + def.name + "': builtin name '" + p +
                                      "' cannot be a parameter name");
    if (!params.insert(p).second)
      diags.error(header_of(def), "Macro '" + def.name + "': duplicate parameter '" + p + "'");
  }
  BodyNames names;
  names.visit_block(def.body);
  for (const auto& [name, where] : names.variables_used) {
    if (params.count(name) || names.variables_created.count(name)) continue;
    diags.error(where, "Macro '" + def.name + "' uses variable " + name +
                           ", which is neither a parameter nor set in its body")
        .hints.push_back("pass the variable as a '$' parameter");
  }
  for (const auto& [name, where] : names.maps_used) {
    if (params.count(name)) continue;
    diags.error(where, "Macro '" + def.name + "' uses map " + name + ", which is not a parameter")
        .hints.push_back("pass the map as a '@' parameter");
  }
}

// Copies a body for one call site: parameters become the call's arguments, the body's own
// variables get the expansion's names.
class BodyCopier : public ast::Cloner {
 public:
  BodyCopier(const ast::MacroDef& def, std::vector<ast::ExprPtr>& args, int expansion)
      : suffix_("." + def.name + "." + std::to_string(expansion)) {
    for (size_t i = 0; i < def.params.size(); ++i) {
      const std::string& param = def.params[i];
      switch (param_kind(param)) {
        case ParamKind::Variable:
          names_[param] = static_cast<ast::Variable&>(*args[i]).name;
          break;
        case ParamKind::Map:
          names_[param] = static_cast<ast::MapAccess&>(*args[i]).name;
          break;
        case ParamKind::Expression:
          expressions_[param] = args[i].get();
          break;
      }
    }
  }

 protected:
  ast::ExprPtr replace_identifier(const ast::Identifier& n) override {
    auto found = expressions_.find(n.name);
    if (found == expressions_.end()) return nullptr;
    ast::Cloner plain;  // the argument is the caller's text: copied as it is
    return plain.clone(*found->second);
  }
  std::string variable_name(const std::string& name) override {
    auto found = names_.find(name);
    return found != names_.end() ? found->second : name + suffix_;
  }
  std::string map_name(const std::string& name) override {
    auto found = names_.find(name);
    return found != names_.end() ? found->second : name;
  }

 private:
  std::string suffix_;
  std::map<std::string, std::string> names_;  // `$v` / `@m` parameter -> the caller's name
  std::map<std::string, const ast::Expr*> expressions_;  // bare parameter -> argument
};

// Rewrites a tree in place, replacing macro calls. Expressions are rewritten through
// rewrite(ExprPtr&): a visit that expands a call leaves the replacement in replacement_.
class Expander : public ast::Visitor {
 public:
  Expander(const std::vector<ast::MacroDef>& macros, Diagnostics& diags) : diags_(diags) {
    for (const auto& def : macros) macros_.emplace(def.name, &def);
  }

  void expand_probe(ast::Probe& probe) {
    rewrite(probe.predicate);
    visit_block(probe.body);
  }

  // Statements: a statement that is just a macro call becomes the body's statements.
  void visit_block(ast::Block& b) override {
    for (auto& stmt : b.stmts) {
      auto* call = dynamic_cast<ast::ExprStmt*>(stmt.get());
      std::vector<ast::ExprPtr>* args = nullptr;
      if (call && !call->discard && is_macro_call(*call->expr, &args)) {
        if (args)
          for (auto& a : *args) rewrite(a);
        if (auto body = expand(*call->expr, false)) {
          auto block = std::make_unique<ast::BlockStmt>();
          block->loc = stmt->loc;
          block->block = std::move(body->statements);
          stmt = std::move(block);
        }
        continue;
      }
      stmt->accept(*this);
    }
  }
  void visit(ast::ExprStmt& n) override { rewrite(n.expr); }
  void visit(ast::Assignment& n) override {
    rewrite(n.value);
    rewrite(n.target);
  }
  void visit(ast::VarDecl& n) override { rewrite(n.value); }
  void visit(ast::If& n) override {
    rewrite(n.cond);
    visit_block(n.then);
    if (n.otherwise) visit_block(*n.otherwise);
  }
  void visit(ast::While& n) override {
    rewrite(n.cond);
    visit_block(n.body);
  }
  void visit(ast::Unroll& n) override {
    rewrite(n.count);
    visit_block(n.body);
  }
  void visit(ast::ForRange& n) override {
    rewrite(n.start);
    rewrite(n.end);
    visit_block(n.body);
  }
  void visit(ast::Jump& n) override { rewrite(n.value); }

  // Expressions.
  void visit(ast::Identifier& n) override {
    if (is_macro_call(n, nullptr)) replacement_ = expand_value(n);
  }
  void visit(ast::Call& n) override {
    const BuiltinFunction* builtin = find_builtin_function(n.name);
    std::vector<ast::ExprPtr>* args = nullptr;
    bool is_macro = is_macro_call(n, &args);
    if (is_macro || !builtin || !builtin->keyword_args)  // `kstack(perf)`: keywords stay
      for (auto& a : n.args) rewrite(a);
    if (is_macro) replacement_ = expand_value(n);
  }
  void visit(ast::MapAccess& n) override { rewrite(n.key); }
  void visit(ast::Binary& n) override {
    rewrite(n.lhs);
    rewrite(n.rhs);
  }
  void visit(ast::Unary& n) override { rewrite(n.operand); }
  void visit(ast::Ternary& n) override {
    rewrite(n.cond);
    rewrite(n.then);
    rewrite(n.otherwise);
  }
  void visit(ast::FieldAccess& n) override { rewrite(n.base); }
  void visit(ast::TupleIndex& n) override { rewrite(n.base); }
  void visit(ast::Index& n) override {
    rewrite(n.base);
    rewrite(n.index);
  }
  void visit(ast::Cast& n) override { rewrite(n.operand); }
  void visit(ast::TupleExpr& n) override {
    for (auto& e : n.elements) rewrite(e);
  }
  void visit(ast::RecordExpr& n) override {
    for (auto& e : n.values) rewrite(e);
  }
  void visit(ast::Sizeof& n) override { rewrite(n.target_expr); }
  void visit(ast::Offsetof& n) override { rewrite(n.target_expr); }
  void visit(ast::BlockExpr& n) override {
    visit_block(n.block);
    rewrite(n.value);
  }

 private:
  struct Body {
    ast::Block statements;
    ast::ExprPtr value;  // null when the body has no trailing expression
  };

  void rewrite(ast::ExprPtr& e) {
    if (!e) return;
    e->accept(*this);
    if (replacement_) e = std::move(replacement_);
  }

  // Whether `e` calls a macro: `name(args)`, or a bare identifier naming a zero-parameter
  // macro and no builtin variable. Sets *args to the call's arguments, if any.
  bool is_macro_call(ast::Expr& e, std::vector<ast::ExprPtr>** args) {
    if (auto* call = dynamic_cast<ast::Call*>(&e)) {
      if (!macros_.count(call->name)) return false;
      if (args) *args = &call->args;
      return true;
    }
    auto* id = dynamic_cast<ast::Identifier*>(&e);
    if (!id || find_builtin_variable(id->name)) return false;
    auto [first, last] = macros_.equal_range(id->name);
    for (auto it = first; it != last; ++it)
      if (it->second->params.empty()) return true;
    return false;
  }

  ast::ExprPtr expand_value(ast::Expr& call) {
    auto body = expand(call, true);
    if (!body) return nullptr;
    if (!body->value) {
      diags_.error(call.loc, "Macro '" + macro_name(call) + "' has no value: its body does "
                                                            "not end with an expression");
      return nullptr;
    }
    if (body->statements.stmts.empty()) return std::move(body->value);
    auto block = std::make_unique<ast::BlockExpr>();
    block->loc = call.loc;
    block->block = std::move(body->statements);
    block->value = std::move(body->value);
    return block;
  }

  static std::string macro_name(ast::Expr& call) {
    if (auto* c = dynamic_cast<ast::Call*>(&call)) return c->name;
    return static_cast<ast::Identifier&>(call).name;
  }

  // The expanded copy of the called macro's body; nullopt after reporting an error. The
  // call's arguments are already expanded. With `want_value`, a trailing expression is
  // split off as the value; otherwise it stays a statement.
  std::optional<Body> expand(ast::Expr& call, bool want_value) {
    std::string name = macro_name(call);
    std::vector<ast::ExprPtr> no_args;
    auto* as_call = dynamic_cast<ast::Call*>(&call);
    std::vector<ast::ExprPtr>& args = as_call ? as_call->args : no_args;
    const ast::MacroDef* def = find_definition(name, args.size(), call.loc);
    if (!def || !check_recursion(*def, call.loc) || !check_arguments(*def, args)) return {};
    if (expansions_ == kMaxExpansions) {
      // Macros calling macros several times each grow exponentially; stop well before memory.
      diags_.error(call.loc, "Too many macro expansions (more than " +
                                 std::to_string(kMaxExpansions) + ")");
    }
    if (expansions_ >= kMaxExpansions) return {};

    BodyCopier copier(*def, args, ++expansions_);
    Body body{copier.clone(def->body), nullptr};
    if (want_value && !body.statements.stmts.empty()) {
      auto* last = dynamic_cast<ast::ExprStmt*>(body.statements.stmts.back().get());
      if (last && last->block_value) {
        body.value = std::move(last->expr);
        body.statements.stmts.pop_back();
      }
    }
    active_.push_back(def);
    visit_block(body.statements);
    rewrite(body.value);
    active_.pop_back();
    return body;
  }

  const ast::MacroDef* find_definition(const std::string& name, size_t arg_count,
                                       SourceRange where) {
    auto [first, last] = macros_.equal_range(name);
    for (auto it = first; it != last; ++it)
      if (it->second->params.size() == arg_count) return it->second;
    size_t expected = first->second->params.size();
    diags_.error(where, "Macro '" + name + "' takes " + std::to_string(expected) + " argument" +
                            (expected == 1 ? "" : "s") + ", got " + std::to_string(arg_count));
    return nullptr;
  }

  bool check_recursion(const ast::MacroDef& def, SourceRange where) {
    bool recursive = false;
    for (const auto* active : active_) recursive = recursive || active == &def;
    if (!recursive) return true;
    std::string chain;
    for (const auto* active : active_) chain += active->name + " -> ";
    diags_.error(where, "Recursive macro call: " + chain + def.name)
        .hints.push_back("a macro may not call itself, directly or through other macros");
    return false;
  }

  bool check_arguments(const ast::MacroDef& def, std::vector<ast::ExprPtr>& args) {
    bool ok = true;
    for (size_t i = 0; i < def.params.size(); ++i) {
      const std::string& param = def.params[i];
      ParamKind kind = param_kind(param);
      auto* map = dynamic_cast<ast::MapAccess*>(args[i].get());
      if (kind == ParamKind::Variable && !dynamic_cast<ast::Variable*>(args[i].get())) {
        diags_.error(args[i]->loc, "Macro '" + def.name + "' parameter " + param +
                                       " needs a scratch variable ($name) as its argument");
        ok = false;
      } else if (kind == ParamKind::Map && (!map || map->key)) {
        diags_.error(args[i]->loc, "Macro '" + def.name + "' parameter " + param +
                                       " needs a map (@name, without a key) as its argument");
        ok = false;
      }
    }
    return ok;
  }

  static constexpr int kMaxExpansions = 10000;

  Diagnostics& diags_;
  std::multimap<std::string, const ast::MacroDef*> macros_;  // overloads by parameter count
  std::vector<const ast::MacroDef*> active_;                 // macros being expanded
  int expansions_ = 0;
  ast::ExprPtr replacement_;
};

}  // namespace

void expand_macros(ast::Program& program, Diagnostics& diags) {
  if (program.macros.empty()) return;
  std::set<std::pair<std::string, size_t>> signatures;
  for (auto& def : program.macros) {
    if (!signatures.emplace(def.name, def.params.size()).second)
      diags.error(header_of(def), "Macro '" + def.name + "' with " +
                                      std::to_string(def.params.size()) +
                                      " parameter(s) is already defined");
    check_definition(def, diags);
  }
  if (diags.has_errors()) return;
  Expander expander(program.macros, diags);
  for (auto& probe : program.probes) expander.expand_probe(*probe);
}

}  // namespace sonde
