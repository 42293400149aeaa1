// Macro expansion (spec §11): replaces each call of a user `macro` by a copy of its body, so
// the passes after it see ordinary statements and expressions. The first pass of analyse().
#pragma once

#include "ast/ast.h"
#include "diag/diagnostics.h"

namespace sonde {

// Checks the program's macro definitions and expands every call in its probes. Reports
// errors (wrong arguments, recursion, a body touching what it was not given) in `diags`.
void expand_macros(ast::Program& program, Diagnostics& diags);

}  // namespace sonde
