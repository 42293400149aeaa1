// watchpoint: a hardware breakpoint on a memory address of the target process —
// `watchpoint:ADDR:LEN:MODE`, LEN one of 1, 2, 4, 8 and MODE a combination of r, w, x. Needs
// -p or -c: the breakpoint follows that process (and survives the -c child's exec).
#include <linux/hw_breakpoint.h>

#include <algorithm>
#include <cstdio>

#include "kernel/kernel.h"
#include "probes/perf_event.h"
#include "support/strings.h"

namespace sonde {
namespace {

// HW_BREAKPOINT_* bits of a mode such as "rw"; nullopt if not a non-repeating r/w/x mix.
std::optional<uint32_t> breakpoint_type(const std::string& mode) {
  uint32_t type = 0;
  if (mode.empty() || mode.size() > 3) return std::nullopt;
  for (char c : mode) {
    uint32_t bit = c == 'r' ? HW_BREAKPOINT_R : c == 'w' ? HW_BREAKPOINT_W
                 : c == 'x' ? HW_BREAKPOINT_X : 0;
    if (bit == 0 || (type & bit)) return std::nullopt;
    type |= bit;
  }
  return type;
}

std::string hex(uint64_t value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(value));
  return buf;
}

class WatchpointProvider : public ProbeProvider {
 public:
  std::string_view name() const override { return "watchpoint"; }
  std::vector<std::string_view> aliases() const override { return {"w"}; }

  Result<std::vector<AttachPoint>> expand(const std::vector<std::string>& parts,
                                          const ProbeEnv& env) const override {
    if (parts.size() != 4)
      return Error{"watchpoint probe type requires 3 arguments, found " +
                   std::to_string(parts.size() - 1)};
    auto address = parse_unsigned(parts[1]);
    if (!address) return Error{"Invalid watchpoint address: " + parts[1]};
    auto length = parse_unsigned(parts[2]);
    if (!length || (*length != 1 && *length != 2 && *length != 4 && *length != 8))
      return Error{"watchpoint length must be one of (1,2,4,8)"};
    if (!breakpoint_type(parts[3])) return Error{"watchpoint mode must be combination of (r,w,x)"};
    if (!env.pid) return Error{"watchpoint probes require -p PID or -c CMD"};
    AttachPoint ap;
    ap.provider = "watchpoint";
    ap.offset = *address;
    ap.value = *length;
    ap.mode = parts[3];
    ap.name = "watchpoint:" + hex(*address) + ":" + std::to_string(*length) + ":" + parts[3];
    return std::vector<AttachPoint>{std::move(ap)};
  }

  Result<ProbeContext> context(const AttachPoint& ap, const ProbeEnv&) const override {
    ProbeContext context;
    context.section = "perf_event";
    context.probe_name = ap.name;
    context.addr_space = AddrSpace::User;
    return context;
  }

  Result<std::vector<LinkPtr>> attach(const AttachPoint& ap, bpf_program* prog,
                                      const ProbeEnv& env) const override {
    if (!env.pid) return Error{"watchpoint probes require -p PID or -c CMD"};
    perf_event_attr attr{};
    attr.type = PERF_TYPE_BREAKPOINT;
    attr.bp_type = *breakpoint_type(ap.mode);
    attr.bp_addr = ap.offset;
    attr.bp_len = ap.value;
    attr.sample_period = 1;  // every access
    attr.disabled = 1;       // enabled by libbpf once the program is attached
    return attach_perf_events(prog, attr, CpuScope::All, env.pid, ap.name);
  }

  Status supported(const ProbeEnv& env) const override {
    if (env.kernel && !env.kernel->features().has(Feature::Watchpoint))
      return Error{"perf breakpoint events are not available"};
    return Status::success();
  }

  // Addresses are not enumerable.
  bool listed_by_default(const ListRequest&, const ProbeEnv&) const override { return false; }
};

}  // namespace

const ProbeProvider& watchpoint_provider() {
  static const WatchpointProvider provider;
  return provider;
}

}  // namespace sonde
