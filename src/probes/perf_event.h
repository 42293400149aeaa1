// Shared by the perf-event providers (interval, profile, software, hardware): attaching a
// program to perf events, and the `UNIT:N` / `PERIOD` syntax of timer probes.
#pragma once

#include <linux/perf_event.h>

#include <optional>
#include <string>
#include <vector>

#include "probes/provider.h"
#include "support/unique_fd.h"

namespace sonde {

// Where the events are opened: one CPU (interval) or every online CPU (profile, software).
// With a target pid there is a single event following that process on every CPU.
enum class CpuScope { One, All };

// Opens a perf event per CPU of `scope` and attaches `prog` to each: one link per event.
// `what` names the probe in errors.
Result<std::vector<LinkPtr>> attach_perf_events(bpf_program* prog, const perf_event_attr& attr,
                                                CpuScope scope, std::optional<pid_t> pid,
                                                const std::string& what);

// Attaches `prog` to one already opened perf event, taking ownership of the fd.
Result<LinkPtr> attach_perf_event(bpf_program* prog, UniqueFd fd, const std::string& what);

// supported() of the providers built on perf software events (interval, profile, software).
Status software_events_supported(const ProbeEnv& env);

// interval/profile attach points: `P:UNIT:N` (UNIT one of hz, s, ms, us) or `P:PERIOD` with
// an optional ns/us/ms/s suffix. Fills value (ns, or hz with frequency) and name.
Result<AttachPoint> parse_timer_attach_point(std::string_view provider,
                                             const std::vector<std::string>& parts);

// The cpu-clock event of a timer attach point.
perf_event_attr timer_event_attr(const AttachPoint& ap);

// Listing of timer providers: `P:hz:`, `P:ms:`, `P:s:`, `P:us:` matching the pattern.
void list_timer_units(std::string_view provider, const std::string& pattern, std::ostream& out);

}  // namespace sonde
