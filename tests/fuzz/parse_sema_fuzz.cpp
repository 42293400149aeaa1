// Fuzz target: any byte string through the front end (parse, C definitions, semantic
// analysis). It must never crash, hang or leak; diagnostics are the expected outcome.
#include <cstddef>
#include <cstdint>
#include <string>

#include "cdefs/script_types.h"
#include "diag/diagnostics.h"
#include "kernel/btf_types.h"
#include "kernel/kernel.h"
#include "parser/parse.h"
#include "sema/analyse.h"

namespace {

// One kernel facade for the whole run: BTF and tracefs are looked up lazily and cached.
sonde::Kernel& shared_kernel() {
  static sonde::Kernel kernel;
  return kernel;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sonde;
  static BtfTypes btf(shared_kernel());
  SourceFile source("fuzz.bt", std::string(reinterpret_cast<const char*>(data), size));
  ScriptTypes types(&btf);
  Diagnostics diags;
  ParseOptions parse_options;
  parse_options.is_type_name = [&types](std::string_view name) { return types.is_type_name(name); };
  auto program = parse(source, diags, parse_options);
  if (!program) return 0;
  if (!types.load(program->c_definitions, ScriptTypesOptions{}).empty()) return 0;
  AnalysisOptions options;
  options.positional_args = {"1", "two"};
  options.probe_env.kernel = &shared_kernel();
  options.probe_env.btf_types = &btf;
  options.environment = [](const std::string&) { return std::optional<std::string>(); };
  options.types = &types;
  analyse(*program, options, diags);
  return 0;
}
