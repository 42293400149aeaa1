// profile: a timer firing on every CPU — `profile:UNIT:N` or `profile:PERIOD`; one perf event
// (and link) per online CPU.
#include "probes/perf_event.h"

namespace sonde {
namespace {

class ProfileProvider : public ProbeProvider {
 public:
  std::string_view name() const override { return "profile"; }
  std::vector<std::string_view> aliases() const override { return {"p"}; }

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
    return attach_perf_events(prog, timer_event_attr(ap), CpuScope::All, env.pid, ap.name);
  }

  void list(const ListRequest& request, const ProbeEnv&, std::ostream& out) const override {
    list_timer_units(name(), request.pattern, out);
  }

  Status supported(const ProbeEnv& env) const override { return software_events_supported(env); }

  // Timer units are only listed when asked for (`-l 'interval:*'`).
  bool listed_by_default(const ListRequest&, const ProbeEnv&) const override { return false; }
};

}  // namespace

const ProbeProvider& profile_provider() {
  static const ProfileProvider provider;
  return provider;
}

}  // namespace sonde
