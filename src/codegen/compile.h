// Code generation entry point: SemanticModel -> CompiledProgram (BPF ELF object + the tables
// the runtime needs). Errors found while emitting are reported through `diags`.
#pragma once

#include <optional>
#include <string>

#include "diag/diagnostics.h"
#include "program/compiled_program.h"
#include "sema/semantic_model.h"

namespace sonde {

struct CompileOptions {
  bool verify_ir = false;          // --verify-llvm-ir
  std::string* ir_dump = nullptr;  // -d codegen: receives the IR text
};

std::optional<CompiledProgram> compile(const SemanticModel& model, const SourceFile& source,
                                       const CompileOptions& options, Diagnostics& diags);

}  // namespace sonde
