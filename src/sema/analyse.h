// Semantic analysis: the sema passes in order. Stops after the first pass that reports
// errors; returns the model for code generation otherwise.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "diag/diagnostics.h"
#include "probes/provider.h"
#include "sema/apply_config.h"
#include "sema/semantic_model.h"
#include "sema/type_lookup.h"

namespace sonde {

struct AnalysisOptions {
  std::vector<std::string> positional_args;
  std::vector<std::string> named_args;  // `-- --name=value` (without the dashes), for getopt()
  ProbeEnv probe_env;
  EnvLookup environment = process_environment();
  bool unsafe = false;
  std::optional<int> child_pid;  // -c child's pid (`cpid`)
  TypeLookup* types = nullptr;   // C types, enum values, #defines (src/sema/type_lookup.h)
};

std::optional<SemanticModel> analyse(ast::Program& program, const AnalysisOptions& options,
                                     Diagnostics& diags);

}  // namespace sonde
