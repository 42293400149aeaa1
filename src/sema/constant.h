// Compile-time evaluation of integer expressions made of literals, positional parameters and
// operators: unroll counts, lhist bounds, hist bits, literal folding.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ast/ast.h"

namespace sonde {

// The value of `expr` if it is a compile-time integer constant.
std::optional<int64_t> evaluate_constant(const ast::Expr& expr,
                                         const std::vector<std::string>& positional_args);

}  // namespace sonde
