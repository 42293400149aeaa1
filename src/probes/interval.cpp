// interval: a timer firing on one CPU — `interval:UNIT:N` or `interval:PERIOD`.
#include "probes/perf_event.h"

namespace sonde {
namespace {

class IntervalProvider : public ProbeProvider {
 public:
  std::string_view name() const override { return "interval"; }
  std::vector<std::string_view> aliases() const override { return {"i"}; }

  Result<std::vector<AttachPoint>> expand(const std::vector<std::string>& parts,
                                          const ProbeEnv&) const override {
    auto ap = parse_timer_attach_point(name(), parts);
    if (!ap.ok()) return ap.error();
    return std::vector<AttachPoint>{std::move(*ap)};
  }

  Result<ProbeContext> context(const AttachPoint& ap, const ProbeEnv&) const override {
    ProbeContext context;
    context.section = "perf_event";
    context.probe_name = ap.name;
    return context;
  }

  Result<std::vector<LinkPtr>> attach(const AttachPoint& ap, bpf_program* prog,
                                      const ProbeEnv& env) const override {
    return attach_perf_events(prog, timer_event_attr(ap), CpuScope::One, env.pid, ap.name);
  }

  void list(const ListRequest& request, const ProbeEnv&, std::ostream& out) const override {
    list_timer_units(name(), request.pattern, out);
  }

  Status supported(const ProbeEnv& env) const override { return software_events_supported(env); }

  // Timer units are only listed when asked for (`-l 'interval:*'`).
  bool listed_by_default(const ListRequest&, const ProbeEnv&) const override { return false; }
};

}  // namespace

const ProbeProvider& interval_provider() {
  static const IntervalProvider provider;
  return provider;
}

}  // namespace sonde
