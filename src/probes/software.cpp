// software: perf software events on every CPU — `software:EVENT[:COUNT]`, COUNT events per
// sample (a default per event). No wildcards.
#include <algorithm>
#include <ostream>

#include "probes/perf_event.h"
#include "support/strings.h"

namespace sonde {
namespace {

struct SoftwareEvent {
  std::string_view name;
  std::string_view alias;  // empty if none
  uint64_t config;         // PERF_COUNT_SW_*
  uint64_t default_count;
};

constexpr SoftwareEvent kEvents[] = {
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

const SoftwareEvent* find_event(std::string_view name) {
  for (const auto& event : kEvents)
    if (event.name == name || (!event.alias.empty() && event.alias == name)) return &event;
  return nullptr;
}

class SoftwareProvider : public ProbeProvider {
 public:
  std::string_view name() const override { return "software"; }
  std::vector<std::string_view> aliases() const override { return {"s"}; }

  Result<std::vector<AttachPoint>> expand(const std::vector<std::string>& parts,
                                          const ProbeEnv&) const override {
    if (parts.size() != 2 && parts.size() != 3)
      return Error{"software probe type requires 1 or 2 arguments, found " +
                   std::to_string(parts.size() - 1)};
    if (has_wildcard(parts[1])) return Error{"Wildcards are not allowed for software probes"};
    const SoftwareEvent* event = find_event(parts[1]);
    if (!event) return Error{"Unknown software event: " + parts[1]};
    AttachPoint ap;
    ap.provider = "software";
    ap.target = parts[1];
    ap.value = event->default_count;
    ap.name = "software:" + parts[1];
    if (parts.size() == 3) {
      auto count = parse_unsigned(parts[2]);
      if (!count || *count == 0)
        return Error{"software probe count must be a positive integer, found: " + parts[2]};
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
    const SoftwareEvent* event = find_event(ap.target);
    if (!event) return Error{"Unknown software event: " + ap.target};
    perf_event_attr attr{};
    attr.type = PERF_TYPE_SOFTWARE;
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
        out << "software:" << entry << "\n";
    }
  }

  Status supported(const ProbeEnv& env) const override { return software_events_supported(env); }
};

}  // namespace

const ProbeProvider& software_provider() {
  static const SoftwareProvider provider;
  return provider;
}

}  // namespace sonde
