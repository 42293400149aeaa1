// Pass: infer the type of every expression, variable and map, and report type errors.
// Runs to a fixpoint (a map may be read in one probe before another probe assigns it);
// diagnostics come from the last round only.
#pragma once

#include "ast/ast.h"
#include "diag/diagnostics.h"
#include "sema/semantic_model.h"

namespace sonde {

void resolve_types(ast::Program& program, SemanticModel& model, Diagnostics& diags);

}  // namespace sonde
