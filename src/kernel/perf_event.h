// perf_event_open(2) and the list of online CPUs: the kernel side of timer, software,
// hardware and tracepoint perf events. Attaching BPF programs to them lives in src/probes/.
#pragma once

#include <linux/perf_event.h>
#include <sys/types.h>

#include <optional>
#include <string_view>
#include <vector>

#include "support/result.h"
#include "support/unique_fd.h"

namespace sonde {

// Opens one perf event (close-on-exec). pid -1 with a cpu: every task on that cpu; a pid with
// cpu -1: that task on every cpu. `attr.size` is filled in here.
Result<UniqueFd> open_perf_event(perf_event_attr attr, pid_t pid, int cpu);

// Parses a kernel cpu list ("0-3,5,7-8\n"); nullopt on malformed text.
std::optional<std::vector<int>> parse_cpu_list(std::string_view text);

// CPUs in /sys/devices/system/cpu/online.
Result<std::vector<int>> online_cpus();

}  // namespace sonde
