// Source text -> AST. Syntax errors are recorded in `diags` (one per error, several per run
// where the parser can recover); the result is null when any syntax error occurred.
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include "ast/ast.h"
#include "diag/diagnostics.h"
#include "diag/source.h"

namespace sonde {

struct ParseOptions {
  // Whether an identifier names a type usable in a cast `(NAME)expr` / `(NAME *)expr` besides
  // the built-in ones (int8..uint64, bool, string, ...). Asked only for an identifier that
  // directly follows '(' and is not a builtin; sonde answers from script C definitions and,
  // lazily, kernel BTF typedefs. Null: no extra type names.
  std::function<bool(std::string_view)> is_type_name;
};

std::unique_ptr<ast::Program> parse(const SourceFile& file, Diagnostics& diags,
                                    const ParseOptions& options = {});

}  // namespace sonde
