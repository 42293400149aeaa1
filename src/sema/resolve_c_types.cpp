// Typing rules for C types: casts, `.`/`->` field access (one pointer dereferenced
// automatically, spec/language.md §4), indexing, sizeof/offsetof and type names. Structs known
// only by name (a tracepoint format's `struct file *`) are completed through the TypeLookup,
// and pointers read from kernel or user memory keep that address space.
#include "sema/constant.h"
#include "sema/type_lookup.h"
#include "sema/type_resolver.h"
#include "sema/type_rules.h"

namespace sonde {

namespace {

// A struct known only by name — a tracepoint format's `struct file *`, a forward declaration —
// takes its layout from the type lookup (BTF or the script), keeping its address space.
Type complete_struct(const Type& t, TypeLookup* types) {
  if (!t.is(TypeKind::Struct) || !types) return t;
  const auto& def = t.struct_def();
  if (!def || def->is_record || def->name.empty() || !def->fields().empty()) return t;
  auto full = types->named_type((def->is_union ? "union " : "struct ") + def->name);
  if (!full || !full->is(TypeKind::Struct) || full->struct_def() == def) return t;
  if (def->size != 0 && full->size() != def->size) return t;
  return full->with_addr_space(t.addr_space());
}

// What is read from memory in `space` stays there: pointers stored in it (and structs and
// arrays holding more of them) point into the same address space unless typed otherwise.
Type in_space(Type t, AddrSpace space) {
  if (space == AddrSpace::None || t.addr_space() != AddrSpace::None) return t;
  if (t.is_pointer() || t.is(TypeKind::Struct) || t.is(TypeKind::Array))
    return t.with_addr_space(space);
  return t;
}

}  // namespace

Type TypeResolver::pointee_type(const Type& pointer, TypeLookup* types) {
  const Type& element = pointer.element();
  if (element.is_none()) return Type::uint64();  // void *: a u64 is read
  return in_space(complete_struct(element, types), pointer.addr_space());
}

bool TypeResolver::is_incomplete_struct(const Type& t) {
  return t.is(TypeKind::Struct) && t.struct_def() && !t.struct_def()->is_record &&
         t.size() == 0 && t.fields().empty();
}

const Field* TypeResolver::find_field(const Type& base, const std::string& name,
                                      SourceRange where) {
  const Field* field = base.struct_def() ? base.struct_def()->find(name) : nullptr;
  if (!field) {
    if (base.struct_def() && base.struct_def()->is_record)
      error(where, "Record does not contain a field named '" + name + "'");
    else
      error(where, "Struct/union of type '" + base.to_string() +
                       "' does not contain a field named '" + name + "'");
  }
  return field;
}

// `.` and `->` are the same (spec/language.md §4): either dereferences one pointer to a
// struct, and either works on a struct value.
void TypeResolver::visit(ast::FieldAccess& n) {
  n.base->accept(*this);
  Type base = n.base->type;
  n.member.reset();
  n.through_pointer = false;
  if (base.is_none()) return;
  if (base.is_pointer() && !base.element().is_none()) {
    Type target = pointee_type(base, model_.types);
    n.through_pointer = target.is(TypeKind::Struct);
    if (n.through_pointer) base = target;
  } else {
    base = complete_struct(base, model_.types);
  }
  if (!base.is(TypeKind::Struct)) {
    error(n.loc, "Can not access field '" + n.field + "' on expression of type '" +
                     base.to_string() + "'");
    return;
  }
  if (is_incomplete_struct(base)) {
    error(n.loc, "Can not access field '" + n.field + "' of incomplete type '" +
                     base.to_string() + "'");
    return;
  }
  if (const Field* field = find_field(base, n.field, n.loc)) {
    n.member = *field;
    n.type = in_space(*field->type, base.addr_space());
  }
}

void TypeResolver::visit(ast::Index& n) {
  n.base->accept(*this);
  n.index->accept(*this);
  const Type& base = n.base->type;
  if (base.is_none()) return;
  if (!is_integer_like(n.index->type) && !n.index->type.is_none())
    return error(n.index->loc, "The array index operator [] only accepts integer indices");
  if (base.is(TypeKind::Array) || base.is_string()) {
    uint32_t count = base.is_string() ? base.capacity() : base.count();
    if (auto idx = evaluate_constant(*n.index, model_.positional_args)) {
      // A zero-length (flexible, __data_loc) array has no bound to check.
      if (count > 0 && (*idx < 0 || static_cast<uint64_t>(*idx) >= count))
        return error(n.loc, "the index " + std::to_string(*idx) +
                                " is out of bounds for array of size " + std::to_string(count));
    }
  }
  if (base.is(TypeKind::Array)) {
    n.type = in_space(complete_struct(base.element(), model_.types), base.addr_space());
    return;
  }
  if (base.is_pointer()) {
    n.type = pointee_type(base, model_.types);
    if (is_incomplete_struct(n.type))
      error(n.loc, "Can not index a pointer to incomplete type " + n.type.to_string());
    return;
  }
  if (base.is_string()) {
    n.type = Type::integer(1, false);
    return;
  }
  error(n.loc, "The array index operator [] can not be used on expressions of type " +
                   base.to_string());
}

void TypeResolver::visit(ast::Cast& n) {
  n.operand->accept(*this);
  Type target = resolve_type_spec(n.target);
  if (target.is_none()) return;
  const Type& from = n.operand->type;
  if (from.is_none()) {
    n.type = target;
    return;
  }
  if (target.is(TypeKind::Array) && target.count() == 0 && target.element().size() > 0 &&
      from.size() % target.element().size() == 0) {
    target = Type::array(target.element(), from.size() / target.element().size());
  }
  bool ok = (target.is_integer() || target.is_bool()) ? is_integer_like(from)
            : target.is_pointer()                      ? is_integer_like(from)
            : target.is(TypeKind::Array) ? (from.size() == target.size() &&
                                            (from.is_integer() || from.is(TypeKind::Array)))
                                         : false;
  if (target.is_integer() && from.is(TypeKind::Array) && from.size() == target.size()) ok = true;
  if (!ok) {
    error(n.loc, "Cannot cast from \"" + from.to_string() + "\" to \"" + target.to_string() + "\"");
    return;
  }
  // A cast names what the pointer points to, not where: the address space is kept.
  if (target.is_pointer() && target.addr_space() == AddrSpace::None)
    target = target.with_addr_space(from.addr_space());
  n.type = target;
}

void TypeResolver::visit(ast::Sizeof& n) {
  Type target;
  if (n.target_expr) {
    n.target_expr->accept(*this);
    target = n.target_expr->type;
  }
  if (n.target_type) target = resolve_type_spec(*n.target_type);
  n.type = Type::uint64();
  target = complete_struct(target, model_.types);
  if (is_incomplete_struct(target))
    error(n.loc, "sizeof of incomplete type " + target.to_string());
  n.value = target.size();
}

void TypeResolver::visit(ast::Offsetof& n) {
  if (n.target_expr) n.target_expr->accept(*this);
  Type base = n.target_type ? resolve_type_spec(*n.target_type)
                            : (n.target_expr ? n.target_expr->type : Type::none());
  n.type = Type::uint64();
  if (base.is_none()) return;
  uint64_t offset = 0;
  for (const auto& f : n.fields) {
    base = complete_struct(base, model_.types);
    if (!base.is(TypeKind::Struct)) {
      error(n.loc, "offsetof() expects a struct or union, got " + base.to_string());
      return;
    }
    const Field* field = find_field(base, f, n.loc);
    if (!field) return;
    offset += field->offset;
    base = *field->type;
  }
  n.value = offset;
}

Type TypeResolver::resolve_type_spec(const ast::TypeSpec& spec) {
  static const std::pair<const char*, Type> kNamed[] = {
      {"int8", Type::integer(1, true)},    {"int16", Type::integer(2, true)},
      {"int32", Type::integer(4, true)},   {"int64", Type::integer(8, true)},
      {"uint8", Type::integer(1, false)},  {"uint16", Type::integer(2, false)},
      {"uint32", Type::integer(4, false)}, {"uint64", Type::integer(8, false)},
      {"bool", Type::boolean()},           {"char", Type::integer(1, true)},
      {"u8", Type::integer(1, false)},     {"u16", Type::integer(2, false)},
      {"u32", Type::integer(4, false)},    {"u64", Type::integer(8, false)},
      {"s8", Type::integer(1, true)},      {"s16", Type::integer(2, true)},
      {"s32", Type::integer(4, true)},     {"s64", Type::integer(8, true)},
      {"int", Type::integer(4, true)},     {"unsigned int", Type::integer(4, false)},
      {"long", Type::integer(8, true)},    {"unsigned long", Type::integer(8, false)},
      {"size_t", Type::integer(8, false)}, {"pid_t", Type::integer(4, true)},
      {"uint8_t", Type::integer(1, false)}, {"uint16_t", Type::integer(2, false)},
      {"uint32_t", Type::integer(4, false)}, {"uint64_t", Type::integer(8, false)},
      {"int8_t", Type::integer(1, true)},  {"int16_t", Type::integer(2, true)},
      {"int32_t", Type::integer(4, true)}, {"int64_t", Type::integer(8, true)},
  };
  Type base;
  bool found = false;
  for (const auto& [name, type] : kNamed) {
    if (spec.name == name) {
      base = type;
      found = true;
    }
  }
  if (!found && spec.name == "string") {
    uint64_t cap = spec.array_dims.empty() || !spec.array_dims[0]
                       ? (env_.config ? env_.config->max_strlen : 1024)
                       : *spec.array_dims[0];
    return Type::string(static_cast<uint32_t>(cap));
  }
  if (!found && model_.types) {
    if (auto named = model_.types->named_type(spec.name)) {
      base = *named;
      found = true;
    }
  }
  if (!found) {
    bool record = spec.name.rfind("struct ", 0) == 0 || spec.name.rfind("union ", 0) == 0;
    if (record)
      error(spec.loc, "Unknown struct/union: '" + spec.name + "'");
    else if (spec.name.rfind("enum ", 0) == 0)
      error(spec.loc, "Unknown enum: '" + spec.name + "'");
    else
      error(spec.loc, "Unknown type: " + spec.name);
    return Type::none();
  }
  if (spec.name == "void" && spec.pointer_depth > 0) base = Type::none();
  Type t = base;
  for (const auto& dim : spec.array_dims)
    t = Type::array(t, dim ? static_cast<uint32_t>(*dim) : 0);
  for (int i = 0; i < spec.pointer_depth; ++i) t = Type::pointer(t);
  return t;
}

}  // namespace sonde
