// Typing rules shared by the passes: operator result types and the unification of the types
// assigned to one variable or map (spec/language.md §4, §7).
#pragma once

#include <optional>
#include <string>

#include "ast/ast.h"
#include "types/type.h"

namespace sonde {

// Whether a value of this type can be used as an integer in arithmetic and conditions.
bool is_integer_like(const Type& t);
// The integer type a value reads as (aggregation values read as 64-bit integers).
Type as_integer(const Type& t);

struct Unified {
  Type type;
  bool ok = true;
  bool sign_warning = false;
};
// What is known about literals on either side of an assignment: non-negative integer literals
// are sign-flexible (they take the other side's signedness), and a literal assigned to a
// fixed type (`let $x: uint8`) only has to fit it.
struct LiteralFacts {
  bool existing_literal = false;          // every earlier value was a non-negative literal
  std::optional<int64_t> incoming_value;  // the incoming value, when it is a literal
};

// The type that holds values of both `existing` and `incoming`; ok=false when incompatible.
// `fixed` (let $x: T) accepts an incoming integer only if it fits T.
Unified unify(const Type& existing, const Type& incoming, bool fixed = false,
              const LiteralFacts& literals = {});

// The value of a literal integer expression (possibly negated), for LiteralFacts.
std::optional<int64_t> literal_value(const ast::Expr& e);

// Result type of `lhs op rhs` for integer operands; `*_literal` marks non-negative literals,
// which adopt the other operand's signedness.
Type arithmetic_result(ast::BinaryOp op, const Type& lhs, bool lhs_literal, const Type& rhs,
                       bool rhs_literal);

bool is_comparison(ast::BinaryOp op);
bool is_logical(ast::BinaryOp op);

// Non-negative integer literal (possibly folded).
bool is_nonnegative_literal(const ast::Expr& e);

}  // namespace sonde
