// hardware: CPU PMU events on every CPU — `hardware:EVENT[:COUNT]`, COUNT events per sample
// (a default per event). No wildcards. Virtual machines often have no PMU: supported() says so
// before anything is loaded.
#include "kernel/kernel.h"
#include "probes/perf_counter_provider.h"
#include "probes/perf_event.h"

namespace sonde {
namespace {

constexpr PerfCounterEvent kEvents[] = {
    {"backend-stalls", "", PERF_COUNT_HW_STALLED_CYCLES_BACKEND, 1000000},
    {"branch-instructions", "branches", PERF_COUNT_HW_BRANCH_INSTRUCTIONS, 100000},
    {"branch-misses", "", PERF_COUNT_HW_BRANCH_MISSES, 100000},
    {"bus-cycles", "", PERF_COUNT_HW_BUS_CYCLES, 100000},
    {"cache-misses", "", PERF_COUNT_HW_CACHE_MISSES, 1000000},
    {"cache-references", "", PERF_COUNT_HW_CACHE_REFERENCES, 1000000},
    {"cpu-cycles", "cycles", PERF_COUNT_HW_CPU_CYCLES, 1000000},
    {"frontend-stalls", "", PERF_COUNT_HW_STALLED_CYCLES_FRONTEND, 1000000},
    {"instructions", "", PERF_COUNT_HW_INSTRUCTIONS, 1000000},
    {"ref-cycles", "", PERF_COUNT_HW_REF_CPU_CYCLES, 1000000},
};

class HardwareProvider : public PerfCounterProvider {
 public:
  HardwareProvider() : PerfCounterProvider("hardware", "h", PERF_TYPE_HARDWARE, kEvents) {}

  Status supported(const ProbeEnv& env) const override {
    if (env.kernel && !env.kernel->features().has(Feature::Hardware))
      return Error{"no hardware PMU (perf_event_open of a cpu-cycles event fails)"};
    return Status::success();
  }

  bool listed_by_default(const ListRequest&, const ProbeEnv& env) const override {
    return !env.kernel || env.kernel->features().has(Feature::Hardware);
  }
};

}  // namespace

const ProbeProvider& hardware_provider() {
  static const HardwareProvider provider;
  return provider;
}

}  // namespace sonde
