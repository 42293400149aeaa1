#include "codegen/compile.h"

#include "codegen/bpf_module.h"
#include "codegen/compile_state.h"
#include "codegen/probe_emitter.h"
#include "codegen/share_programs.h"

namespace sonde {

namespace {

std::string program_name(size_t probe, size_t point) {
  return "sonde_p" + std::to_string(probe) + "_" + std::to_string(point);
}

}  // namespace

std::optional<CompiledProgram> compile(const SemanticModel& model, const SourceFile& source,
                                       const CompileOptions& options, Diagnostics& diags) {
  codegen::BpfModule module(&source);
  codegen::CompileState state(module, model, source, diags);
  CompiledProgram out;

  for (size_t p = 0; p < model.probes.size(); ++p) {
    const ProbeInfo& probe = model.probes[p];
    std::vector<std::string> names;
    for (size_t i = 0; i < probe.points.size(); ++i) {
      names.push_back(program_name(p, i));
      codegen::ProbeEmitter emitter(state, probe, i);
      emitter.emit(names.back());
    }
    names = codegen::share_identical_programs(module.module(), names);
    for (size_t i = 0; i < probe.points.size(); ++i) {
      ProgramSpec spec;
      spec.function_name = names[i];
      spec.attach = probe.points[i];
      spec.is_begin = probe.points[i].provider == "begin";
      spec.is_end = probe.points[i].provider == "end";
      out.programs.push_back(std::move(spec));
    }
  }
  if (diags.has_errors()) return std::nullopt;
  state.finish();
  if (options.verify_ir) {
    if (auto status = module.verify(); !status) {
      diags.error(status.error().message);
      return std::nullopt;
    }
  }
  if (options.ir_dump) *options.ir_dump = module.ir_text();
  auto object = module.emit_object();
  if (!object) {
    diags.error(object.error().message);
    return std::nullopt;
  }
  for (const auto& e : module.backend_errors()) {
    SourceRange where = SourceRange::none();
    if (e.line > 0) where = SourceRange{{e.line, e.column}, {e.line, e.column + 1}};
    diags.error(where, "the BPF code generator cannot compile this: " + e.message);
  }
  if (!module.backend_errors().empty()) return std::nullopt;
  out.elf = std::move(*object);
  out.maps = state.maps;
  out.actions = state.actions;
  out.source_name = source.name();
  out.source_text = source.text();
  out.config = model.config;
  return out;
}

}  // namespace sonde
