#include "sema/analyse.h"

#include "sema/expand_macros.h"
#include "sema/named_params.h"
#include "sema/resolve_attach_points.h"
#include "sema/resolve_types.h"

namespace sonde {

std::optional<SemanticModel> analyse(ast::Program& program, const AnalysisOptions& options,
                                     Diagnostics& diags) {
  SemanticModel model;
  model.positional_args = options.positional_args;
  model.named_args = options.named_args;
  model.unsafe = options.unsafe;
  model.child_pid = options.child_pid;
  model.types = options.types;

  expand_macros(program, diags);
  if (diags.has_errors()) return std::nullopt;
  apply_config(program, options.environment, model.config, diags);
  if (diags.has_errors()) return std::nullopt;
  for (const auto& decl : program.map_decls) {
    MapInfo info;
    info.name = decl.name;
    info.first_use = decl.loc;
    info.declared_kind = decl.kind;
    info.declared_max_entries = decl.max_entries;
    model.map_index[decl.name] = static_cast<int>(model.maps.size());
    model.maps.push_back(info);
  }
  resolve_attach_points(program, options.probe_env, model, diags);
  if (diags.has_errors()) return std::nullopt;
  resolve_types(program, model, diags);
  if (diags.has_errors()) return std::nullopt;
  check_named_params_used(model, diags);
  if (diags.has_errors()) return std::nullopt;
  return model;
}

}  // namespace sonde
