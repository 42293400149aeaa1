// Runs a compiled program: load, BEGIN, attach, event loop, detach, END, print maps. Every
// kernel object is owned by RAII members, so every exit path leaves nothing attached.
#pragma once

#include <cstdio>
#include <functional>
#include <optional>

#include <sys/types.h>

#include "probes/provider.h"
#include "program/compiled_program.h"
#include "runtime/output/output.h"

namespace sonde {

enum class OutputFormat { Text, Json };

struct RunOptions {
  OutputFormat format = OutputFormat::Text;
  FILE* out = stdout;
  bool quiet = false;
  BufferMode buffering = BufferMode::Line;
  bool warnings = true;
  bool verbose = false;       // libbpf messages, verifier logs
  bool dry_run = false;       // load and attach, then stop
  bool verify_only = false;   // load every program (the verifier runs), attach nothing
  ProbeEnv probe_env;
  // -c: the child waits until `release_child` is called after attaching.
  std::optional<pid_t> child_pid;
  std::function<void()> release_child;
  // -p / -c: stop when this process exits.
  std::optional<pid_t> watch_pid;
  // Enumerator name of a value of a named enum, for printing ("" if unknown): script enums
  // and BTF (cdefs/script_types.h).
  std::function<std::string(const std::string& enum_name, int64_t value)> enumerator;
};

// Returns the process exit status (spec/cli.md "Exit status").
int run_program(const CompiledProgram& program, const RunOptions& options);

// Blocks SIGINT, SIGTERM and SIGUSR1 so the event loop can take them from a signalfd. Call
// before any thread starts.
void block_run_signals();

}  // namespace sonde
