// hardware: CPU PMU events on every CPU — `hardware:EVENT[:COUNT]`, COUNT events per sample
// (a default per event). No wildcards. Virtual machines often have no PMU: supported() says so
// before anything is loaded.
#include <algorithm>
#include <ostream>

#include "kernel/kernel.h"
#include "probes/perf_event.h"
#include "support/strings.h"

namespace sonde {
namespace {

struct HardwareEvent {
  std::string_view name;
  std::string_view alias;  // empty if none
  uint64_t config;         // PERF_COUNT_HW_*
  uint64_t default_count;
};

constexpr HardwareEvent kEvents[] = {
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

const HardwareEvent* find_event(std::string_view name) {
  for (const auto& event : kEvents)
    if (event.name == name || (!event.alias.empty() && event.alias == name)) return &event;
  return nullptr;
}

class HardwareProvider : public ProbeProvider {
 public:
  std::string_view name() const override { return "hardware"; }
  std::vector<std::string_view> aliases() const override { return {"h"}; }

  Result<std::vector<AttachPoint>> expand(const std::vector<std::string>& parts,
                                          const ProbeEnv&) const override {
    if (parts.size() != 2 && parts.size() != 3)
      return Error{"hardware probe type requires 1 or 2 arguments, found " +
                   std::to_string(parts.size() - 1)};
    if (has_wildcard(parts[1])) return Error{"Wildcards are not allowed for hardware probes"};
    const HardwareEvent* event = find_event(parts[1]);
    if (!event) return Error{"Unknown hardware event: " + parts[1]};
    AttachPoint ap;
    ap.provider = "hardware";
    ap.target = parts[1];
    ap.value = event->default_count;
    ap.name = "hardware:" + parts[1];
    if (parts.size() == 3) {
      auto count = parse_unsigned(parts[2]);
      if (!count || *count == 0)
        return Error{"hardware probe count must be a positive integer, found: " + parts[2]};
      ap.value = *count;
      ap.name += ":" + parts[2];
    }
    return std::vector<AttachPoint>{std::move(ap)};
  }

  Result<ProbeContext> context(const AttachPoint& ap, const ProbeEnv&) const override {
    ProbeContext context;
    context.section = "perf_event";
    context.probe_name = ap.name;
    return context;
  }

  Result<std::vector<LinkPtr>> attach(const AttachPoint& ap, bpf_program* prog,
                                      const ProbeEnv& env) const override {
    const HardwareEvent* event = find_event(ap.target);
    if (!event) return Error{"Unknown hardware event: " + ap.target};
    perf_event_attr attr{};
    attr.type = PERF_TYPE_HARDWARE;
    attr.config = event->config;
    attr.sample_period = ap.value;
    attr.disabled = 1;  // enabled by libbpf once the program is attached
    return attach_perf_events(prog, attr, CpuScope::All, env.pid, ap.name);
  }

  void list(const ListRequest& request, const ProbeEnv&, std::ostream& out) const override {
    std::vector<std::string> entries;
    for (const auto& event : kEvents)
      for (std::string_view spelling : {event.name, event.alias})
        if (!spelling.empty()) entries.push_back(std::string(spelling) + ":");
    std::sort(entries.begin(), entries.end());
    for (const auto& entry : entries) {
      std::string_view bare(entry.data(), entry.size() - 1);
      if (wildcard_match(request.pattern, entry) || wildcard_match(request.pattern, bare))
        out << "hardware:" << entry << "\n";
    }
  }

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
