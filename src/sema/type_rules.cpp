#include "sema/type_rules.h"

#include <algorithm>

namespace sonde {

bool is_integer_like(const Type& t) {
  return t.is_integer() || t.is_bool() || t.is_pointer() || t.is_integer_like_aggregation() ||
         t.is(TypeKind::Ksym) || t.is(TypeKind::Timestamp) || t.is(TypeKind::Username);
}

Type as_integer(const Type& t) {
  if (t.is_integer() || t.is_pointer()) return t;
  if (t.is_bool()) return Type::integer(1, false);
  if (t.is(TypeKind::Count)) return Type::uint64();
  if (t.is_integer_like_aggregation()) return Type::integer(8, t.is_signed());
  return Type::uint64();
}

namespace {
bool fits(const Type& t, int64_t v) {
  int bits = static_cast<int>(t.size()) * 8;
  if (t.is_signed()) {
    if (bits >= 64) return true;
    int64_t lo = -(int64_t{1} << (bits - 1)), hi = (int64_t{1} << (bits - 1)) - 1;
    return v >= lo && v <= hi;
  }
  if (v < 0) return false;
  return bits >= 64 || static_cast<uint64_t>(v) < (uint64_t{1} << bits);
}
}  // namespace

std::optional<int64_t> literal_value(const ast::Expr& e) {
  if (auto* lit = dynamic_cast<const ast::IntegerLiteral*>(&e)) return static_cast<int64_t>(lit->value);
  if (auto* un = dynamic_cast<const ast::Unary*>(&e); un && un->op == ast::UnaryOp::Neg) {
    if (auto* lit = dynamic_cast<const ast::IntegerLiteral*>(un->operand.get()))
      return static_cast<int64_t>(0 - lit->value);
  }
  return std::nullopt;
}

Unified unify(const Type& existing, const Type& incoming, bool fixed, const LiteralFacts& literals) {
  if (existing.is_none()) return {incoming};
  if (incoming.is_none()) return {existing};
  if (existing.is_integer() && incoming.is_integer()) {
    if (existing.is_enum() || incoming.is_enum()) {
      if (existing == incoming) return {existing};
    }
    const auto& value = literals.incoming_value;
    if (fixed) {
      if (value) return {existing, fits(existing, *value)};
      Type plain = Type::integer(static_cast<int>(existing.size()), existing.is_signed());
      return {existing, unify_integers(existing, incoming).type == plain};
    }
    Type a = existing, b = incoming;
    if (value && *value >= 0 && !a.is_signed()) b = Type::integer(static_cast<int>(b.size()), false);
    if (literals.existing_literal && !b.is_signed()) a = Type::integer(static_cast<int>(a.size()), false);
    IntegerUnion u = unify_integers(a, b);
    return {u.type, true, u.sign_mismatch};
  }
  if (existing.is_bool() && incoming.is_bool()) return {existing};
  if (existing.is_string() && incoming.is_string()) {
    Type t = Type::string(std::max(existing.capacity(), incoming.capacity()));
    return {t.with_truncation(existing.string_truncates() || incoming.string_truncates())};
  }
  if (existing.is(TypeKind::Buffer) && incoming.is(TypeKind::Buffer))
    return {Type::buffer(std::max(existing.capacity(), incoming.capacity()))};
  if (existing.is(TypeKind::Tuple) && incoming.is(TypeKind::Tuple)) {
    const auto& a = existing.fields();
    const auto& b = incoming.fields();
    if (a.size() != b.size()) return {existing, false};
    std::vector<Type> elements;
    bool warn = false;
    for (size_t i = 0; i < a.size(); ++i) {
      Unified u = unify(*a[i].type, *b[i].type);
      if (!u.ok) return {existing, false};
      warn |= u.sign_warning;
      elements.push_back(u.type);
    }
    Type t = Type::tuple(std::move(elements));
    return {t, true, warn};
  }
  if (existing.is_pointer() && incoming.is_pointer()) return {existing};
  if (existing.is_pointer() && incoming.is_integer()) return {existing};
  if (existing == incoming) return {existing};
  // Stacks of different depth or mode are still stacks.
  if (existing.kind() == incoming.kind() &&
      (existing.is(TypeKind::KStack) || existing.is(TypeKind::UStack)))
    return {existing};
  return {existing, false};
}

bool is_comparison(ast::BinaryOp op) {
  using ast::BinaryOp;
  return op == BinaryOp::Eq || op == BinaryOp::Ne || op == BinaryOp::Lt || op == BinaryOp::Le ||
         op == BinaryOp::Gt || op == BinaryOp::Ge;
}

bool is_logical(ast::BinaryOp op) {
  return op == ast::BinaryOp::LogicalAnd || op == ast::BinaryOp::LogicalOr;
}

bool is_nonnegative_literal(const ast::Expr& e) {
  return dynamic_cast<const ast::IntegerLiteral*>(&e) != nullptr;
}

Type arithmetic_result(ast::BinaryOp op, const Type& lhs, bool lhs_literal, const Type& rhs,
                       bool rhs_literal) {
  Type l = as_integer(lhs), r = as_integer(rhs);
  bool l_signed = l.is_integer() && l.is_signed();
  bool r_signed = r.is_integer() && r.is_signed();
  // Positive literals are sign-flexible: they take the other operand's signedness.
  if (lhs_literal && !rhs_literal) l_signed = r_signed;
  if (rhs_literal && !lhs_literal) r_signed = l_signed;
  if (op == ast::BinaryOp::Shl || op == ast::BinaryOp::Shr)
    return Type::integer(8, l_signed);
  if (op == ast::BinaryOp::Sub) return Type::int64();
  return Type::integer(8, l_signed || r_signed);
}

}  // namespace sonde
