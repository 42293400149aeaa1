#include "probes/perf_counter_provider.h"

#include <algorithm>
#include <ostream>

#include "probes/perf_event.h"
#include "support/strings.h"

namespace sonde {

const PerfCounterEvent* PerfCounterProvider::find_event(std::string_view name) const {
  for (const auto& event : events_)
    if (event.name == name || (!event.alias.empty() && event.alias == name)) return &event;
  return nullptr;
}

Result<std::vector<AttachPoint>> PerfCounterProvider::expand(const std::vector<std::string>& parts,
                                                             const ProbeEnv&) const {
  const std::string kind(kind_);
  if (parts.size() != 2 && parts.size() != 3)
    return Error{kind + " probe type requires 1 or 2 arguments, found " +
                 std::to_string(parts.size() - 1)};
  if (has_wildcard(parts[1])) return Error{"Wildcards are not allowed for " + kind + " probes"};
  const PerfCounterEvent* event = find_event(parts[1]);
  if (!event) return Error{"Unknown " + kind + " event: " + parts[1]};
  AttachPoint ap;
  ap.provider = kind;
  ap.target = parts[1];
  ap.value = event->default_count;
  ap.name = kind + ":" + parts[1];
  if (parts.size() == 3) {
    auto count = parse_unsigned(parts[2]);
    if (!count || *count == 0)
      return Error{kind + " probe count must be a positive integer, found: " + parts[2]};
    ap.value = *count;
    ap.name += ":" + parts[2];
  }
  return std::vector<AttachPoint>{std::move(ap)};
}

Result<ProbeContext> PerfCounterProvider::context(const AttachPoint& ap, const ProbeEnv&) const {
  ProbeContext context;
  context.section = "perf_event";
  context.probe_name = ap.name;
  return context;
}

Result<std::vector<LinkPtr>> PerfCounterProvider::attach(const AttachPoint& ap, bpf_program* prog,
                                                         const ProbeEnv& env) const {
  const PerfCounterEvent* event = find_event(ap.target);
  if (!event) return Error{"Unknown " + std::string(kind_) + " event: " + ap.target};
  perf_event_attr attr{};
  attr.type = perf_type_;
  attr.config = event->config;
  attr.sample_period = ap.value;
  attr.disabled = 1;  // enabled by libbpf once the program is attached
  return attach_perf_events(prog, attr, CpuScope::All, env.pid, ap.name);
}

void PerfCounterProvider::list(const ListRequest& request, const ProbeEnv&,
                               std::ostream& out) const {
  std::vector<std::string> entries;
  for (const auto& event : events_)
    for (std::string_view spelling : {event.name, event.alias})
      if (!spelling.empty()) entries.push_back(std::string(spelling) + ":");
  std::sort(entries.begin(), entries.end());
  for (const auto& entry : entries) {
    std::string_view bare(entry.data(), entry.size() - 1);
    if (wildcard_match(request.pattern, entry) || wildcard_match(request.pattern, bare))
      out << kind_ << ":" << entry << "\n";
  }
}

}  // namespace sonde
