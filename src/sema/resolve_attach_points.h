// Pass: turn each probe's attach-point text into resolved attach points (positional
// parameters substituted, provider found, wildcards expanded) with their contexts.
#pragma once

#include "ast/ast.h"
#include "diag/diagnostics.h"
#include "probes/provider.h"
#include "sema/semantic_model.h"

namespace sonde {

void resolve_attach_points(ast::Program& program, const ProbeEnv& env, SemanticModel& model,
                           Diagnostics& diags);

// "$1"... inside attach-point text replaced by the positional arguments' text.
std::string substitute_positional(const std::string& raw, const std::vector<std::string>& args);

}  // namespace sonde
