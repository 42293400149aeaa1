// Typing rules for statements, variables and maps; the fixpoint driver.
#include "sema/constant.h"
#include "sema/resolve_types.h"
#include "sema/type_resolver.h"
#include "sema/type_rules.h"

namespace sonde {

void TypeResolver::error(SourceRange where, const std::string& message) {
  if (final_) diags_.error(where, message);
}

void TypeResolver::warning(SourceRange where, const std::string& message) {
  if (final_) diags_.warning(where, message);
}

// ---- variables ------------------------------------------------------------------------------

VariableInfo* TypeResolver::lookup_variable(const std::string& name, int* slot_out) {
  for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
    auto found = it->find(name);
    if (found != it->end()) {
      if (slot_out) *slot_out = found->second;
      return &probe_->variables[found->second];
    }
  }
  auto found = probe_scope_.find(name);
  if (found == probe_scope_.end()) return nullptr;
  if (slot_out) *slot_out = found->second;
  return &probe_->variables[found->second];
}

// Slots are numbered in order of first declaration, which is the same in every round, so the
// types gathered in earlier rounds stay attached to the right variable.
int TypeResolver::declare_variable(ast::Variable& var, bool scoped, bool fixed, const Type& type) {
  int slot = next_slot_++;
  if (slot >= static_cast<int>(probe_->variables.size()))
    probe_->variables.push_back(VariableInfo{var.name, type, fixed, true, var.loc});
  VariableInfo& info = probe_->variables[slot];
  info.name = var.name;
  info.fixed = fixed;
  if (fixed) info.type = type;
  if (scoped && !scopes_.empty()) scopes_.back()[var.name] = slot;
  else probe_scope_[var.name] = slot;
  return slot;
}

void TypeResolver::assign_variable(ast::Variable& var, const Type& value, SourceRange site,
                                   std::optional<int64_t> literal) {
  int slot = -1;
  VariableInfo* info = lookup_variable(var.name, &slot);
  if (!info) {
    slot = declare_variable(var, false, false, Type::none());
    info = &probe_->variables[slot];
  }
  var.slot = slot;
  Type incoming = value.is_integer_like_aggregation() ? as_integer(value) : value;
  if (incoming.is_aggregation()) {
    error(site, "Value '" + incoming.to_string() + "' cannot be assigned to a scratch variable.");
    return;
  }
  LiteralFacts facts{info->literal_values && !info->type.is_none(), literal};
  Unified u = unify(info->type, incoming, info->fixed, facts);
  if (!literal || *literal < 0) info->literal_values = false;
  if (!u.ok) {
    error(site, "Type mismatch for " + var.name + ": trying to assign value of type '" +
                    incoming.to_string() + "' when variable already has a type '" +
                    info->type.to_string() + "'");
    return;
  }
  if (!(u.type == info->type)) {
    info->type = u.type;
    changed_ = true;
  }
  var.type = info->type;
}

// ---- maps -----------------------------------------------------------------------------------

MapInfo& TypeResolver::map_info(ast::MapAccess& access) {
  auto it = model_.map_index.find(access.name);
  if (it == model_.map_index.end()) {
    it = model_.map_index.emplace(access.name, static_cast<int>(model_.maps.size())).first;
    MapInfo info;
    info.name = access.name;
    info.first_use = access.loc;
    model_.maps.push_back(info);
  }
  access.map_index = it->second;
  return model_.maps[it->second];
}

namespace {
std::string key_list(const Type& key) {
  if (key.is(TypeKind::Tuple)) return key.to_string();
  return key.to_string();
}
}  // namespace

void TypeResolver::check_map_key(ast::MapAccess& access, MapInfo& info) {
  if (!access.key) {
    info.used_scalar = true;
    if (!info.key.is_none())
      error(access.loc, "Argument mismatch for " + access.name +
                            ": trying to access with no arguments when map expects arguments: '" +
                            key_list(info.key) + "'");
    return;
  }
  info.used_keyed = true;
  if (access.key->type.is_none()) access.key->accept(*this);
  Type key = access.key->type;
  if (key.is_none()) return;
  if (key.is_integer_like_aggregation() || key.is_bool()) key = as_integer(key);
  if (key.is_aggregation()) {
    error(access.key->loc, "Map key cannot be of type " + key.to_string());
    return;
  }
  if (info.used_scalar && info.key.is_none() && !info.value.is_none() && final_) {
    error(access.loc, "Argument mismatch for " + access.name +
                          ": trying to access with arguments: '" + key_list(key) +
                          "' when map expects no arguments");
    return;
  }
  Unified u = unify(info.key, key);
  if (!u.ok) {
    error(access.loc, "Argument mismatch for " + access.name +
                          ": trying to access with arguments: '" + key_list(key) +
                          "' when map expects arguments: '" + key_list(info.key) + "'");
    return;
  }
  if (!(u.type == info.key)) {
    info.key = u.type;
    changed_ = true;
  }
}

Type TypeResolver::map_read_type(const MapInfo& info) const {
  if (info.value.is_integer_like_aggregation()) return as_integer(info.value);
  return info.value;
}

namespace {
std::string aggregation_name(const Type& t) {
  switch (t.kind()) {
    case TypeKind::Count: return "count";
    case TypeKind::Sum: return "sum";
    case TypeKind::Avg: return "avg";
    case TypeKind::Min: return "min";
    case TypeKind::Max: return "max";
    case TypeKind::Stats: return "stats";
    case TypeKind::Hist: return "hist";
    case TypeKind::Lhist: return "lhist";
    default: return t.to_string();
  }
}
}  // namespace

void TypeResolver::assign_map_value(ast::MapAccess& access, const Type& value, SourceRange site,
                                    std::optional<int64_t> literal) {
  MapInfo& info = map_info(access);
  if (value.is_none()) return;
  const Type& existing = info.value;
  if (existing.is_aggregation() || value.is_aggregation()) {
    bool same = existing.is_none() || existing.kind() == value.kind();
    if (same && existing.is(TypeKind::Lhist) && !(existing == value)) {
      error(site, "Different lhist bounds in a single map unsupported");
      return;
    }
    if (same && existing.is(TypeKind::Hist) && !(existing == value)) {
      error(site, "Different hist bits in a single map unsupported");
      return;
    }
    if (!same) {
      auto& d = diags_;
      if (final_) {
        auto& diag = d.error(site, "Type mismatch for " + access.name +
                                       ": trying to assign value of type '" +
                                       aggregation_name(value) +
                                       "' when map already contains a value of type '" +
                                       aggregation_name(existing) + "'");
        if (info.value_site.valid() && info.value_site.begin.line != site.begin.line)
          diag.notes.push_back(
              Diagnostic{Severity::Error, info.value_site, "This is the first assignment.", {}, {}});
      }
      return;
    }
    Type merged = existing.is_none() ? value : existing;
    if (existing.is(TypeKind::Sum) && existing.is_signed() != value.is_signed())
      merged = Type::aggregation(TypeKind::Sum, true);
    if (!(merged == existing)) {
      info.value = merged;
      if (!info.value_site.valid()) info.value_site = site;
      changed_ = true;
    }
    return;
  }
  LiteralFacts facts{info.literal_values && !existing.is_none(), literal};
  Unified u = unify(existing, value, false, facts);
  if (!literal || *literal < 0) info.literal_values = false;
  if (!u.ok) {
    if (final_) {
      auto& diag = diags_.error(site, "Type mismatch for " + access.name +
                                          ": trying to assign value of type '" +
                                          value.to_string() + "' when map already has a type '" +
                                          existing.to_string() + "'");
      if (info.value_site.valid() && info.value_site.begin.line != site.begin.line)
        diag.notes.push_back(
            Diagnostic{Severity::Error, info.value_site, "This is the first assignment.", {}, {}});
    }
    return;
  }
  if (!(u.type == existing)) {
    info.value = u.type;
    if (!info.value_site.valid()) info.value_site = site;
    changed_ = true;
  }
}

// ---- statements -----------------------------------------------------------------------------

void TypeResolver::visit(ast::ExprStmt& n) { n.expr->accept(*this); }

void TypeResolver::visit(ast::Assignment& n) {
  bool is_map = dynamic_cast<ast::MapAccess*>(n.target.get()) != nullptr;
  bool saved = map_value_context_;
  map_value_context_ = is_map && !n.compound;
  n.value->accept(*this);
  map_value_context_ = saved;
  Type value = n.value->type;

  if (n.compound) {
    // `x op= v` is `x = x op v`: type the read of x, then the arithmetic.
    n.target->accept(*this);
    if (!n.target->type.is_none() && !value.is_none()) {
      if (!is_integer_like(n.target->type) || !is_integer_like(value)) {
        error(n.loc, std::string("Type mismatch for '") + ast::to_string(*n.compound) +
                         "': comparing " + n.target->type.to_string() + " with " +
                         value.to_string());
        return;
      }
      value = arithmetic_result(*n.compound, n.target->type, false, value,
                                is_nonnegative_literal(*n.value));
      // Compound assignment keeps the variable's type, except that one typed only by the
      // literals assigned to it widens to the 64-bit result (as `++` does: resolve_increment).
      if (auto* var = dynamic_cast<ast::Variable*>(n.target.get())) {
        const VariableInfo* info = lookup_variable(var->name);
        if (!info || !info->literal_values || info->fixed || !info->type.is_integer())
          value = var->type;
      }
    }
  }
  if (auto* var = dynamic_cast<ast::Variable*>(n.target.get())) {
    if (n.compound && !lookup_variable(var->name)) return;
    if (value.is_none() && !n.compound) {
      if (auto* call = dynamic_cast<ast::Call*>(n.value.get()); call && call->builtin_id >= 0)
        return;
    }
    assign_variable(*var, value, n.loc, n.compound ? std::nullopt : literal_value(*n.value));
    return;
  }
  auto& map = static_cast<ast::MapAccess&>(*n.target);
  MapInfo& info = map_info(map);
  if (map.key && map.key->type.is_none()) map.key->accept(*this);
  check_map_key(map, info);
  if (auto* call = dynamic_cast<ast::Call*>(n.value.get());
      call && call->builtin_id >= 0 && !call->type.is_none() && call->type.is_aggregation() &&
      n.compound) {
    error(n.loc, "Aggregations can only be assigned with '='");
    return;
  }
  if (n.compound && info.value.is_aggregation()) {
    // `@c += 1` on an aggregation map: the read already typed it; keep the aggregation.
    return;
  }
  assign_map_value(map, value, n.loc, n.compound ? std::nullopt : literal_value(*n.value));
  map.type = map_read_type(info);
}

void TypeResolver::visit(ast::VarDecl& n) {
  Type declared;
  if (n.declared_type) declared = resolve_type_spec(*n.declared_type);
  if (n.value) n.value->accept(*this);
  for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
    if (it->count(n.var->name)) {
      error(n.loc, "Variable " + n.var->name +
                       " was already declared. Variable shadowing is not allowed.");
      return;
    }
  }
  int slot = declare_variable(*n.var, true, n.declared_type.has_value(), declared);
  n.var->slot = slot;
  if (n.value) assign_variable(*n.var, n.value->type, n.loc, literal_value(*n.value));
  else n.var->type = probe_->variables[slot].type;
}

void TypeResolver::visit_block(ast::Block& b) {
  scopes_.emplace_back();
  for (auto& s : b.stmts) s->accept(*this);
  scopes_.pop_back();
}

// The statements, then the value, in one scope so the value sees the block's `let`s.
void TypeResolver::visit(ast::BlockExpr& n) {
  bool saved = map_value_context_;
  map_value_context_ = false;
  scopes_.emplace_back();
  for (auto& s : n.block.stmts) s->accept(*this);
  map_value_context_ = saved;
  n.value->accept(*this);
  scopes_.pop_back();
  n.type = n.value->type;
}

void TypeResolver::visit(ast::If& n) {
  n.cond->accept(*this);
  check_condition(*n.cond);
  visit_block(n.then);
  if (n.otherwise) visit_block(*n.otherwise);
}

void TypeResolver::visit(ast::While& n) {
  n.cond->accept(*this);
  check_condition(*n.cond);
  ++loop_depth_;
  visit_block(n.body);
  --loop_depth_;
}

void TypeResolver::visit(ast::Unroll& n) {
  n.count->accept(*this);
  auto count = evaluate_constant(*n.count, model_.positional_args);
  if (!count) error(n.count->loc, "unroll count must be a constant integer");
  else if (*count < 1) error(n.loc, "unroll minimum value is 1");
  else if (*count > 100) error(n.loc, "unroll maximum value is 100");
  visit_block(n.body);
}

void TypeResolver::visit(ast::ForMap& n) {
  MapInfo& info = map_info(*n.map);
  n.map->type = info.value;
  if (final_ && info.value.is_none()) error(n.map->loc, "Undefined map: " + n.map->name);
  if (info.key.is_none() && info.used_scalar && !info.used_keyed) {
    error(n.map->loc, n.map->name +
                          " has no explicit keys (scalar map), and cannot be used for iteration");
  }
  scopes_.emplace_back();
  Type element = Type::none();
  if (!info.key.is_none() && !info.value.is_none())
    element = Type::tuple({info.key, map_read_type(info)});
  int slot = declare_variable(*n.var, true, true, element);
  n.var->slot = slot;
  n.var->type = element;
  ++loop_depth_;
  ++for_map_depth_;
  visit_block(n.body);
  --for_map_depth_;
  --loop_depth_;
  scopes_.pop_back();
}

void TypeResolver::visit(ast::ForRange& n) {
  n.start->accept(*this);
  n.end->accept(*this);
  for (auto* e : {n.start.get(), n.end.get()})
    if (!e->type.is_none() && !is_integer_like(e->type))
      error(e->loc, "Loop range requires an integer, got " + e->type.to_string());
  scopes_.emplace_back();
  Type t = Type::int64();
  if (!n.start->type.is_none() && !n.end->type.is_none())
    t = unify(as_integer(n.start->type), as_integer(n.end->type)).type;
  int slot = declare_variable(*n.var, true, true, t);
  n.var->slot = slot;
  n.var->type = t;
  ++loop_depth_;
  ++for_map_depth_;
  visit_block(n.body);
  --for_map_depth_;
  --loop_depth_;
  scopes_.pop_back();
}

void TypeResolver::visit(ast::Jump& n) {
  if (n.value) n.value->accept(*this);
  if (n.kind != ast::JumpKind::Return && loop_depth_ == 0)
    error(n.loc, std::string(n.kind == ast::JumpKind::Break ? "break" : "continue") +
                     " used outside of a loop");
  if (n.kind == ast::JumpKind::Return && for_map_depth_ > 0)
    error(n.loc, "'return' statement is not allowed in a for-loop");
}

// ---- driver ---------------------------------------------------------------------------------

void TypeResolver::resolve_probe(ProbeInfo& probe) {
  probe_ = &probe;
  env_ = TypeEnv{};
  env_.config = &model_.config;
  env_.types = model_.types;
  env_.probe = &probe;
  if (!probe.contexts.empty()) {
    env_.context = &probe.contexts[0];
    env_.point = &probe.points[0];
    env_.provider = probe.points[0].provider;
  }
  scopes_.clear();
  probe_scope_.clear();
  next_slot_ = 0;
  loop_depth_ = for_map_depth_ = 0;
  if (probe.probe->predicate) {
    probe.probe->predicate->accept(*this);
    check_condition(*probe.probe->predicate);
  }
  visit_block(probe.probe->body);
}

void resolve_types(ast::Program& program, SemanticModel& model, Diagnostics& diags) {
  constexpr int kMaxRounds = 8;
  for (int round = 0; round < kMaxRounds; ++round) {
    Diagnostics discarded;
    TypeResolver resolver(model, discarded, false);
    for (auto& probe : model.probes) resolver.resolve_probe(probe);
    if (!resolver.changed()) break;
  }
  TypeResolver final_round(model, diags, true);
  for (auto& probe : model.probes) final_round.resolve_probe(probe);
}

}  // namespace sonde
