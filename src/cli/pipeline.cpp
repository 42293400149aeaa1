#include "cli/pipeline.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include "ast/printer.h"
#include "cdefs/script_types.h"
#include "cli/child.h"
#include "cli/listing.h"
#include "codegen/compile.h"
#include "kernel/btf_types.h"
#include "kernel/kernel.h"
#include "parser/parse.h"
#include "runtime/bpf_object.h"
#include "runtime/run.h"
#include "sema/analyse.h"

namespace sonde {

namespace {

constexpr int kUsageError = 1;

bool use_color() {
  const char* setting = std::getenv("BPFTRACE_COLOR");
  std::string mode = setting ? setting : "auto";
  if (mode == "always") return true;
  if (mode == "never") return false;
  return isatty(STDOUT_FILENO) && isatty(STDERR_FILENO);
}

std::optional<SourceFile> read_source(const Options& o) {
  if (o.program_text) return SourceFile("stdin", *o.program_text);
  if (!o.script_path) return std::nullopt;
  if (*o.script_path == "-") {
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    return SourceFile("stdin", text);
  }
  std::ifstream in(*o.script_path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "ERROR: failed to open file '%s': %s\n", o.script_path->c_str(),
                 std::strerror(errno));
    return std::nullopt;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return SourceFile(*o.script_path, text);
}

void report(const SourceFile& file, const Diagnostics& diags, const Options& o) {
  RenderOptions render;
  render.warnings = !o.no_warnings;
  render.color = use_color();
  std::fflush(stdout);
  render_diagnostics(std::cerr, &file, diags, render);
}

// The script's C definitions and preprocessor lines; problems are printed the way bpftrace
// prints clang's ("definitions.h:2:10: fatal error: ...").
bool load_c_definitions(ScriptTypes& types, const ast::Program& program, const Options& o) {
  ScriptTypesOptions options;
  options.include_dirs = o.include_dirs;
  options.pre_includes = o.includes;
  if (o.script_path && *o.script_path != "-")
    options.script_dir = std::filesystem::path(*o.script_path).parent_path().string();
  auto errors = types.load(program.c_definitions, options);
  for (const auto& line : errors) std::fprintf(stderr, "%s\n", line.c_str());
  return errors.empty();
}

}  // namespace

int run_pipeline(const Options& o) {
  Kernel kernel;
  ProbeEnv env;
  env.kernel = &kernel;
  env.pid = o.pid;
  env.unsafe = o.unsafe;
  env.usdt_file_activation = o.usdt_file_activation;

  if (o.pid && kill(*o.pid, 0) != 0 && errno == ESRCH) {
    std::fprintf(stderr, "ERROR: No process with pid %d\n", static_cast<int>(*o.pid));
    return kUsageError;
  }

  if (o.list && !o.program_text && !o.script_path) {
    if (auto script = listed_script(o)) {  // `-l FILE.bt`: that program's probes
      Options from_file = o;
      from_file.script_path = *script;
      from_file.list_pattern.reset();
      return run_pipeline(from_file);
    }
    return list_probes(o, env);
  }
  auto source = read_source(o);
  if (!source) {
    if (!o.script_path && !o.program_text) {
      print_usage(stderr);
    }
    return kUsageError;
  }

  // C types and constants: the script's definitions, then kernel BTF (both lazy). Declared
  // before everything holding Types, which must not outlive them.
  BtfTypes btf_types(kernel);
  ScriptTypes types(&btf_types);
  env.btf_types = &btf_types;

  // Parse.
  Diagnostics diags;
  ParseOptions parse_options;
  parse_options.is_type_name = [&types](std::string_view name) {
    return types.is_type_name(name);
  };
  auto program = parse(*source, diags, parse_options);
  if (!program || diags.has_errors()) {
    report(*source, diags, o);
    return kUsageError;
  }
  if (!load_c_definitions(types, *program, o)) return kUsageError;
  if (o.debug("ast")) ast::print_program(std::cout, *program);

  // Start the -c child before analysis so `cpid` and its probes can be resolved; it waits
  // until the probes are attached.
  std::optional<ChildProcess> child;
  if (o.command) {
    auto started = ChildProcess::start(*o.command);
    if (!started) {
      std::fprintf(stderr, "ERROR: %s\n", started.error().message.c_str());
      return kUsageError;
    }
    child.emplace(std::move(*started));
    env.pid = child->pid();
  }

  // Analyse.
  AnalysisOptions analysis;
  analysis.positional_args = o.positional;
  analysis.named_args = o.named;
  analysis.probe_env = env;
  analysis.unsafe = o.unsafe;
  analysis.types = &types;
  if (child) analysis.child_pid = child->pid();
  auto model = analyse(*program, analysis, diags);
  if (!model) {
    report(*source, diags, o);
    return kUsageError;
  }
  if (o.list) return list_program_probes(*model, std::cout);
  if (o.debug("types")) ast::print_program(std::cout, *program);

  // The raw_syscalls dispatcher reads a task_struct offset from BTF when it is attached:
  // load BTF on another thread while compiling.
  for (const auto& probe : model->probes)
    for (const auto& context : probe.contexts)
      if (context.syscall_record != ProbeContext::SyscallRecord::None) kernel.prefetch_btf();

  // Compile.
  CompileOptions compile_options;
  compile_options.verify_ir = o.verify_llvm_ir;
  std::string ir;
  if (o.debug("codegen") || o.emit_llvm) compile_options.ir_dump = &ir;
  auto compiled = compile(*model, *source, compile_options, diags);
  if (!compiled) {
    report(*source, diags, o);
    return kUsageError;
  }
  report(*source, diags, o);  // warnings
  if (o.debug("codegen")) std::cout << ir;
  if (o.emit_llvm) std::ofstream(*o.emit_llvm + ".original.ll") << ir;
  if (o.emit_elf) {
    std::ofstream(*o.emit_elf, std::ios::binary)
        .write(reinterpret_cast<const char*>(compiled->elf.data()),
               static_cast<std::streamsize>(compiled->elf.size()));
  }
  if (!o.debug_stages.empty() && !o.debug("libbpf") && !o.debug("verifier")) return 0;

  // Run.
  RunOptions run;
  run.format = o.format;
  run.quiet = o.quiet;
  run.buffering = o.buffering;
  run.warnings = !o.no_warnings;
  run.verbose = o.verbose || o.debug("libbpf") || o.debug("verifier");
  run.dry_run = o.dry_run;
  run.verify_only = o.verify_only;
  run.probe_env = env;
  run.enumerator = [&types](const std::string& enum_name, int64_t value) {
    return types.enumerator(enum_name, value);
  };
  configure_libbpf_logging(run.verbose);
  FILE* out = stdout;
  if (o.output_file) {
    out = std::fopen(o.output_file->c_str(), "w");
    if (!out) {
      std::fprintf(stderr, "ERROR: Failed to open output file: \"%s\": %s\n",
                   o.output_file->c_str(), std::strerror(errno));
      return kUsageError;
    }
  }
  run.out = out;
  if (child) {
    run.child_pid = child->pid();
    run.watch_pid = child->pid();
    run.release_child = [&child] { child->release(); };
  } else if (o.pid) {
    run.watch_pid = o.pid;
  }
  int status = run_program(*compiled, run);
  if (child) child->terminate();
  if (out != stdout) std::fclose(out);
  return status;
}

}  // namespace sonde
