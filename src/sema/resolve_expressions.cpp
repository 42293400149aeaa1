// Typing rules for expressions (C types, field access, casts: resolve_c_types.cpp).
#include "sema/constant.h"
#include "sema/type_lookup.h"
#include "sema/type_resolver.h"
#include "sema/type_rules.h"
#include "support/strings.h"

namespace sonde {

void TypeResolver::visit(ast::IntegerLiteral& n) { n.type = literal_integer_type(n.value, false); }

void TypeResolver::visit(ast::StringLiteral& n) {
  n.type = Type::string(static_cast<uint32_t>(n.value.size() + 1));
}

void TypeResolver::visit(ast::BoolLiteral& n) { n.type = Type::boolean(); }

void TypeResolver::visit(ast::PositionalParam& n) {
  const auto& args = model_.positional_args;
  if (n.is_count()) {
    n.type = Type::int64();
    return;
  }
  if (n.index < 1 || static_cast<size_t>(n.index) > args.size() || args[n.index - 1].empty()) {
    warning(n.loc, "Positional parameter $" + std::to_string(n.index) +
                       " is empty or not provided. ");
    n.type = Type::int64();
    return;
  }
  const std::string& text = args[n.index - 1];
  if (auto value = parse_integer(text)) {
    n.type = literal_integer_type(*value < 0 ? 0 - static_cast<uint64_t>(*value)
                                             : static_cast<uint64_t>(*value),
                                  *value < 0);
    return;
  }
  n.type = Type::string(static_cast<uint32_t>(text.size() + 1));
}

void TypeResolver::visit(ast::Identifier& n) {
  if (n.constant) {
    if (n.type.is_none()) n.type = Type::int64();
    return;
  }
  int id = builtin_variable_id(n.name);
  if (id < 0 && model_.types) {
    if (auto constant = model_.types->constant(n.name)) {
      n.constant = constant->value;
      n.type = constant->type;
      return;
    }
  }
  if (id < 0) {
    auto hint = closest_match(n.name, builtin_variable_names());
    if (final_) {
      auto& diag = diags_.error(n.loc, "Unknown identifier: '" + n.name + "'");
      if (hint) diag.hints.push_back("did you mean '" + *hint + "'?");
    }
    return;
  }
  n.builtin_id = id;
  auto type = builtin_variable(id).type(env_, n.name);
  if (!type) {
    error(n.loc, type.error().message);
    return;
  }
  n.type = *type;
}

void TypeResolver::visit(ast::Variable& n) {
  int slot = -1;
  VariableInfo* var = lookup_variable(n.name, &slot);
  if (!var) {
    error(n.loc, "Undefined or undeclared variable: " + n.name);
    return;
  }
  n.slot = slot;
  n.type = var->type;
}

void TypeResolver::visit(ast::MapAccess& n) {
  MapInfo& info = map_info(n);
  check_map_key(n, info);
  n.type = map_read_type(info);
  if (final_ && info.value.is_none())
    error(n.loc, "Undefined map: " + n.name);
}

void TypeResolver::resolve_call_args(ast::Call& n, const BuiltinFunction& fn) {
  bool saved = map_value_context_;
  map_value_context_ = false;
  for (size_t i = 0; i < n.args.size(); ++i) {
    auto& arg = n.args[i];
    if (fn.keyword_args && dynamic_cast<ast::Identifier*>(arg.get())) continue;
    auto* map = dynamic_cast<ast::MapAccess*>(arg.get());
    if (static_cast<int>(i) == fn.map_arg && map) {
      // A whole-map reference: register the map, type the key if present.
      MapInfo& info = map_info(*map);
      if (map->key) check_map_key(*map, info);
      map->type = map->key ? map_read_type(info) : info.value;
      if (final_ && info.value.is_none()) error(map->loc, "Undefined map: " + map->name);
      continue;
    }
    if (fn.name == "print" && i == 0 && map && !map->key) {
      MapInfo& info = map_info(*map);
      map->type = info.value;
      if (final_ && info.value.is_none()) error(map->loc, "Undefined map: " + map->name);
      continue;
    }
    arg->accept(*this);
  }
  map_value_context_ = saved;
}

namespace {
std::string arg_count_message(const BuiltinFunction& fn, size_t given) {
  std::string name = std::string(fn.name) + "()";
  std::string provided = " (" + std::to_string(given) + " provided)";
  if (fn.min_args == fn.max_args) {
    if (fn.max_args == 0) return name + " requires no arguments" + provided;
    if (fn.max_args == 1) return name + " requires one argument" + provided;
    return name + " requires " + std::to_string(fn.max_args) + " arguments" + provided;
  }
  if (static_cast<int>(given) > fn.max_args)
    return name + " takes up to " + std::to_string(fn.max_args) + " arguments" + provided;
  return name + " requires at least " + std::to_string(fn.min_args) +
         (fn.min_args == 1 ? " argument" : " arguments") + provided;
}
}  // namespace

void TypeResolver::visit(ast::Call& n) {
  bool as_map_value = map_value_context_;
  n.builtin_id = builtin_function_id(n.name);
  if (n.builtin_id < 0) {
    // `pid()` style calls of builtin variables.
    if (builtin_variable_id(n.name) >= 0 && n.args.empty()) {
      auto type = builtin_variable(builtin_variable_id(n.name)).type(env_, n.name);
      if (type) n.type = *type;
      else error(n.loc, type.error().message);
      return;
    }
    for (auto& a : n.args) a->accept(*this);
    if (final_) {
      auto& d = diags_.error(n.loc, "Unknown function: '" + n.name + "'");
      if (auto hint = closest_match(n.name, builtin_function_names()))
        d.hints.push_back("did you mean '" + *hint + "'?");
    }
    return;
  }
  const BuiltinFunction& fn = builtin_function(n.builtin_id);
  resolve_call_args(n, fn);
  size_t given = n.args.size();
  if (static_cast<int>(given) < fn.min_args || static_cast<int>(given) > fn.max_args) {
    error(n.loc, arg_count_message(fn, given));
    return;
  }
  if (fn.aggregation && !as_map_value) {
    error(n.loc, std::string(fn.name) + "() must be assigned directly to a map");
    return;
  }
  if (fn.unsafe && !model_.unsafe) {
    error(n.loc, std::string(fn.name) + "() is an unsafe function being used in safe mode");
    return;
  }
  // Checks report through a scratch Diagnostics so that only the final round speaks.
  Diagnostics scratch;
  CallCheck check(n, final_ ? diags_ : scratch, env_, model_, as_map_value);
  fn.check(check);
}

void TypeResolver::resolve_comparison(ast::Binary& n) {
  const Type& l = n.lhs->type;
  const Type& r = n.rhs->type;
  n.type = Type::boolean();
  if (l.is_none() || r.is_none()) return;
  bool equality = n.op == ast::BinaryOp::Eq || n.op == ast::BinaryOp::Ne;
  if (is_integer_like(l) && is_integer_like(r)) return;
  if (l.is_string() && r.is_string()) {
    if (equality) return;
    if (dynamic_cast<ast::StringLiteral*>(n.lhs.get()) &&
        dynamic_cast<ast::StringLiteral*>(n.rhs.get()))
      return;  // two literals fold
    error(n.loc, std::string("The ") + ast::to_string(n.op) +
                     " operator can not be used on expressions of types " + l.to_string() + ", " +
                     r.to_string());
    return;
  }
  if (equality && l.kind() == r.kind() &&
      (l.is(TypeKind::Tuple) || l.is(TypeKind::Array) || l.is(TypeKind::Inet) ||
       l.is(TypeKind::KStack) || l.is(TypeKind::UStack) || l.is(TypeKind::Buffer) ||
       l.is(TypeKind::Macaddr)))
    return;
  error(n.loc, std::string("Type mismatch for '") + ast::to_string(n.op) + "': comparing " +
                   l.to_string() + " with " + r.to_string());
}

void TypeResolver::resolve_arithmetic(ast::Binary& n) {
  const Type& l = n.lhs->type;
  const Type& r = n.rhs->type;
  if (l.is_none() || r.is_none()) return;
  bool add_or_sub = n.op == ast::BinaryOp::Add || n.op == ast::BinaryOp::Sub;
  if (l.is_pointer() && is_integer_like(r) && !r.is_pointer() && add_or_sub) {
    n.type = l;
    return;
  }
  if (r.is_pointer() && l.is_integer() && n.op == ast::BinaryOp::Add) {
    n.type = r;
    return;
  }
  if (r.is_pointer() && !l.is_pointer() && n.op == ast::BinaryOp::Sub) {
    error(n.loc, "The - operator can not be used on expressions of types " + l.to_string() +
                     ", " + r.to_string());
    return;
  }
  if (!is_integer_like(l) || !is_integer_like(r)) {
    error(n.loc, std::string("Type mismatch for '") + ast::to_string(n.op) + "': comparing " +
                     l.to_string() + " with " + r.to_string());
    return;
  }
  if (l.is_pointer() || r.is_pointer()) {
    n.type = Type::uint64();
    return;
  }
  auto lv = evaluate_constant(*n.lhs, model_.positional_args);
  auto rv = evaluate_constant(*n.rhs, model_.positional_args);
  bool div = n.op == ast::BinaryOp::Div || n.op == ast::BinaryOp::Mod;
  if (div && lv && rv && *rv == 0)
    error(n.loc, "unable to fold literals due to overflow or underflow");
  n.type = arithmetic_result(n.op, l, is_nonnegative_literal(*n.lhs), r,
                             is_nonnegative_literal(*n.rhs));
}

void TypeResolver::visit(ast::Binary& n) {
  n.lhs->accept(*this);
  n.rhs->accept(*this);
  if (is_logical(n.op)) {
    n.type = Type::boolean();
    check_condition(*n.lhs);
    check_condition(*n.rhs);
    return;
  }
  if (is_comparison(n.op)) return resolve_comparison(n);
  resolve_arithmetic(n);
}

// `x++` assigns the 64-bit `x + 1`. A value typed only by the literals assigned to it (`$i = 0`
// is an int8) therefore widens to int64, so counters and loop indexes count on as users
// expect (bpftrace 0.17 made every integer 64-bit); a value of an explicit type (a cast, a
// kernel field) keeps its width and wraps in it.
void TypeResolver::resolve_increment(ast::Unary& n) {
  if (auto* var = dynamic_cast<ast::Variable*>(n.operand.get())) {
    VariableInfo* info = lookup_variable(var->name);
    if (!info) {
      error(var->loc, "Undefined or undeclared variable: " + var->name);
      return;
    }
    if (info->literal_values && !info->fixed && info->type.is_integer() &&
        info->type.size() < 8)
      assign_variable(*var, Type::int64(), n.loc);
    var->accept(*this);
    if (!is_integer_like(var->type) && !var->type.is_none())
      error(n.loc, "The " + std::string(ast::to_string(n.op)) +
                       " operator can only be used on integers, not " + var->type.to_string());
    n.type = var->type;
    return;
  }
  if (auto* map = dynamic_cast<ast::MapAccess*>(n.operand.get())) {
    if (map->key) map->key->accept(*this);
    MapInfo& info = map_info(*map);
    check_map_key(*map, info);
    const bool widen = info.value.is_none() || (info.literal_values && info.value.is_integer());
    assign_map_value(*map, widen ? Type::int64() : info.value, n.loc);
    map->type = map_read_type(info);
    n.type = map->type;
    return;
  }
  error(n.loc, "The ++ and -- operators can only be used on variables and maps");
}

void TypeResolver::visit(ast::Unary& n) {
  using ast::UnaryOp;
  switch (n.op) {
    case UnaryOp::PreIncrement:
    case UnaryOp::PreDecrement:
    case UnaryOp::PostIncrement:
    case UnaryOp::PostDecrement:
      return resolve_increment(n);
    default:
      break;
  }
  n.operand->accept(*this);
  const Type& t = n.operand->type;
  if (t.is_none()) return;
  switch (n.op) {
    case UnaryOp::LogicalNot:
      check_condition(*n.operand);
      n.type = Type::boolean();
      return;
    case UnaryOp::BitNot:
      if (!is_integer_like(t)) return error(n.loc, "The ~ operator can only be used on integers");
      n.type = Type::integer(8, as_integer(t).is_signed());
      return;
    case UnaryOp::Neg: {
      if (!is_integer_like(t)) return error(n.loc, "The - operator can only be used on integers");
      if (auto* lit = dynamic_cast<ast::IntegerLiteral*>(n.operand.get()))
        n.type = literal_integer_type(lit->value, true);
      else
        n.type = Type::int64();
      return;
    }
    case UnaryOp::Deref:
      if (t.is_pointer()) {
        n.type = pointee_type(t, model_.types);
        if (is_incomplete_struct(n.type))
          error(n.loc, "Can not dereference a pointer to incomplete type " + n.type.to_string());
        return;
      }
      if (t.is_integer()) {
        n.type = Type::uint64();
        return;
      }
      return error(n.loc, "Can not dereference type " + t.to_string());
    case UnaryOp::AddressOf:
      // &$v, &@m: the value lives in BPF memory, which kernel reads reach.
      n.type = Type::pointer(t, AddrSpace::Kernel);
      return;
    default:
      return;
  }
}

void TypeResolver::visit(ast::Ternary& n) {
  n.cond->accept(*this);
  check_condition(*n.cond);
  if (n.then) n.then->accept(*this);
  n.otherwise->accept(*this);
  const Type& a = n.then ? n.then->type : n.cond->type;
  const Type& b = n.otherwise->type;
  if (a.is_none() || b.is_none()) return;
  if (is_integer_like(a) && is_integer_like(b) && !a.is_pointer() && !b.is_pointer()) {
    n.type = unify(as_integer(a), as_integer(b)).type;
    return;
  }
  Unified u = unify(a, b);
  if (!u.ok) {
    if (evaluate_constant(*n.cond, model_.positional_args)) {
      n.type = *evaluate_constant(*n.cond, model_.positional_args) ? a : b;
      return;
    }
    error(n.loc, "Branches must return the same type or compatible types: have '" +
                     a.to_string() + "' and '" + b.to_string() + "'");
    return;
  }
  n.type = u.type;
}

void TypeResolver::visit(ast::TupleIndex& n) {
  n.base->accept(*this);
  const Type& base = n.base->type;
  if (base.is_none()) return;
  if (!base.is(TypeKind::Tuple)) {
    error(n.loc, "Can not access index '" + std::to_string(n.index) + "' on expression of type '" +
                     base.to_string() + "'");
    return;
  }
  if (n.index >= base.fields().size()) {
    error(n.loc, "Invalid tuple index: " + std::to_string(n.index) + ". Found " +
                     std::to_string(base.fields().size()) + " elements in tuple.");
    return;
  }
  n.type = *base.fields()[n.index].type;
}

void TypeResolver::visit(ast::TupleExpr& n) {
  std::vector<Type> elements;
  for (auto& e : n.elements) {
    e->accept(*this);
    if (e->type.is_hist_like() || e->type.is(TypeKind::Stats)) {
      error(e->loc, "Map value '" + e->type.to_string() + "' cannot be part of a tuple");
      return;
    }
    elements.push_back(e->type.is_integer_like_aggregation() ? as_integer(e->type) : e->type);
  }
  for (const auto& t : elements)
    if (t.is_none()) return;
  n.type = Type::tuple(std::move(elements));
}

void TypeResolver::visit(ast::RecordExpr& n) {
  std::vector<std::pair<std::string, Type>> fields;
  for (size_t i = 0; i < n.values.size(); ++i) {
    n.values[i]->accept(*this);
    if (n.values[i]->type.is_none()) return;
    fields.emplace_back(n.names[i], n.values[i]->type);
  }
  n.type = Type::record(std::move(fields));
}

void TypeResolver::check_condition(ast::Expr& cond) {
  const Type& t = cond.type;
  if (t.is_none() || is_integer_like(t)) return;
  error(cond.loc, "Invalid condition: expression of type " + t.to_string() +
                      " can not be used as a condition");
}

}  // namespace sonde
