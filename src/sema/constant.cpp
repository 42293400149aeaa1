#include "sema/constant.h"

#include "support/strings.h"

namespace sonde {

namespace {

std::optional<int64_t> fold(ast::BinaryOp op, int64_t a, int64_t b) {
  using ast::BinaryOp;
  auto ua = static_cast<uint64_t>(a), ub = static_cast<uint64_t>(b);
  switch (op) {
    case BinaryOp::Add: return static_cast<int64_t>(ua + ub);
    case BinaryOp::Sub: return static_cast<int64_t>(ua - ub);
    case BinaryOp::Mul: return static_cast<int64_t>(ua * ub);
    case BinaryOp::Div: return b == 0 ? std::nullopt : std::optional<int64_t>(a / b);
    case BinaryOp::Mod: return b == 0 ? std::nullopt : std::optional<int64_t>(a % b);
    case BinaryOp::BitAnd: return a & b;
    case BinaryOp::BitOr: return a | b;
    case BinaryOp::BitXor: return a ^ b;
    case BinaryOp::Shl: return static_cast<int64_t>(ua << (ub & 63));
    case BinaryOp::Shr: return static_cast<int64_t>(ua >> (ub & 63));
    case BinaryOp::Eq: return a == b;
    case BinaryOp::Ne: return a != b;
    case BinaryOp::Lt: return a < b;
    case BinaryOp::Le: return a <= b;
    case BinaryOp::Gt: return a > b;
    case BinaryOp::Ge: return a >= b;
    case BinaryOp::LogicalAnd: return a && b;
    case BinaryOp::LogicalOr: return a || b;
  }
  return std::nullopt;
}

}  // namespace

std::optional<int64_t> evaluate_constant(const ast::Expr& expr,
                                         const std::vector<std::string>& positional_args) {
  if (auto* lit = dynamic_cast<const ast::IntegerLiteral*>(&expr))
    return static_cast<int64_t>(lit->value);
  if (auto* lit = dynamic_cast<const ast::BoolLiteral*>(&expr)) return lit->value ? 1 : 0;
  if (auto* id = dynamic_cast<const ast::Identifier*>(&expr)) return id->constant;
  if (auto* param = dynamic_cast<const ast::PositionalParam*>(&expr)) {
    if (param->is_count()) return static_cast<int64_t>(positional_args.size());
    if (param->index < 1 || static_cast<size_t>(param->index) > positional_args.size()) return 0;
    return parse_integer(positional_args[param->index - 1]);
  }
  if (auto* un = dynamic_cast<const ast::Unary*>(&expr)) {
    auto v = evaluate_constant(*un->operand, positional_args);
    if (!v) return std::nullopt;
    switch (un->op) {
      case ast::UnaryOp::Neg: return static_cast<int64_t>(0 - static_cast<uint64_t>(*v));
      case ast::UnaryOp::BitNot: return ~*v;
      case ast::UnaryOp::LogicalNot: return !*v;
      default: return std::nullopt;
    }
  }
  if (auto* bin = dynamic_cast<const ast::Binary*>(&expr)) {
    auto a = evaluate_constant(*bin->lhs, positional_args);
    auto b = evaluate_constant(*bin->rhs, positional_args);
    if (!a || !b) return std::nullopt;
    return fold(bin->op, *a, *b);
  }
  return std::nullopt;
}

}  // namespace sonde
