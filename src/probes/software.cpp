// software: perf software events on every CPU — `software:EVENT[:COUNT]`, COUNT events per
// sample (a default per event). No wildcards.
#include "probes/perf_counter_provider.h"
#include "probes/perf_event.h"

namespace sonde {
namespace {

constexpr PerfCounterEvent kEvents[] = {
    {"alignment-faults", "", PERF_COUNT_SW_ALIGNMENT_FAULTS, 1},
    {"bpf-output", "", PERF_COUNT_SW_BPF_OUTPUT, 1},
    {"context-switches", "cs", PERF_COUNT_SW_CONTEXT_SWITCHES, 1000},
    {"cpu-clock", "cpu", PERF_COUNT_SW_CPU_CLOCK, 1000000},
    {"cpu-migrations", "", PERF_COUNT_SW_CPU_MIGRATIONS, 1},
    {"dummy", "", PERF_COUNT_SW_DUMMY, 1},
    {"emulation-faults", "", PERF_COUNT_SW_EMULATION_FAULTS, 1},
    {"major-faults", "", PERF_COUNT_SW_PAGE_FAULTS_MAJ, 1},
    {"minor-faults", "", PERF_COUNT_SW_PAGE_FAULTS_MIN, 100},
    {"page-faults", "faults", PERF_COUNT_SW_PAGE_FAULTS, 100},
    {"task-clock", "", PERF_COUNT_SW_TASK_CLOCK, 1},
};

class SoftwareProvider : public PerfCounterProvider {
 public:
  SoftwareProvider() : PerfCounterProvider("software", "s", PERF_TYPE_SOFTWARE, kEvents) {}

  Status supported(const ProbeEnv& env) const override { return software_events_supported(env); }
};

}  // namespace

const ProbeProvider& software_provider() {
  static const SoftwareProvider provider;
  return provider;
}

}  // namespace sonde
