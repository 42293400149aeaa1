// sonde: compile bpftrace-language programs to BPF, run them, print what they gather.
#include <cstdio>

#include "cli/options.h"
#include "cli/pipeline.h"
#include "kernel/kernel.h"
#include "runtime/run.h"

#include <iostream>

int main(int argc, char** argv) {
  using namespace sonde;
  // Signals are taken from a signalfd by the event loop; block them before anything else.
  block_run_signals();
  ParseOutcome parsed = parse_options(argc, argv);
  if (!parsed.options) {
    std::fprintf(stderr, "ERROR: %s\n", parsed.error.c_str());
    if (parsed.show_usage) print_usage(stderr);
    return 1;
  }
  const Options& o = *parsed.options;
  if (o.help) {
    print_usage(stdout);
    return 0;
  }
  if (o.version) {
    std::printf("sonde v%s\n", SONDE_VERSION);
    return 0;
  }
  if (o.info) {
    Kernel kernel;
    kernel.features().print_report(std::cout);
    return 0;
  }
  if (!o.program_text && !o.script_path && !o.list) {
    print_usage(stderr);
    return 1;
  }
  return run_pipeline(o);
}
