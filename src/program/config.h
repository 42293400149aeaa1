// Run-time settings that come from config blocks, environment variables and the command line,
// and that the runtime needs (spec/cli.md).
#pragma once

#include <cstdint>
#include <string>

namespace sonde {

enum class MissingProbes { Error, Warn, Ignore };

struct RuntimeConfig {
  uint64_t max_strlen = 1024;
  uint64_t max_map_keys = 4096;
  uint64_t max_probes = 1024;
  uint64_t max_bpf_progs = 1024;
  uint64_t max_cat_bytes = 10240;
  uint64_t log_size = 1000000;
  uint64_t perf_rb_pages = 0;  // 0: auto
  uint64_t on_stack_limit = 32;
  std::string stack_mode = "bpftrace";
  std::string str_trunc_trailer = "..";
  MissingProbes missing_probes = MissingProbes::Error;
  bool print_maps_on_exit = true;
  bool cpp_demangle = true;
  std::string cache_user_symbols = "PER_PID";
  bool lazy_symbolication = true;
  std::string license = "GPL";
};

}  // namespace sonde
