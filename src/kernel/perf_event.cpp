#include "kernel/perf_event.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "support/strings.h"

namespace sonde {

Result<UniqueFd> open_perf_event(perf_event_attr attr, pid_t pid, int cpu) {
  attr.size = sizeof(attr);
  long fd = syscall(__NR_perf_event_open, &attr, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC);
  if (fd < 0) return errno_error("perf_event_open", errno);
  return UniqueFd(static_cast<int>(fd));
}

std::optional<std::vector<int>> parse_cpu_list(std::string_view text) {
  std::vector<int> cpus;
  std::string list = trim(text);
  if (list.empty()) return cpus;
  for (const auto& range : split(list, ',')) {
    auto bounds = split(range, '-');
    if (bounds.size() > 2) return std::nullopt;
    auto first = parse_unsigned(trim(bounds[0]));
    auto last = bounds.size() == 2 ? parse_unsigned(trim(bounds[1])) : first;
    if (!first || !last || *last < *first || *last > 1u << 20) return std::nullopt;
    for (uint64_t cpu = *first; cpu <= *last; ++cpu) cpus.push_back(static_cast<int>(cpu));
  }
  return cpus;
}

Result<std::vector<int>> online_cpus() {
  const std::string path = "/sys/devices/system/cpu/online";
  auto text = read_file(path);
  if (!text) return errno_error("cannot read " + path, errno);
  auto cpus = parse_cpu_list(*text);
  if (!cpus || cpus->empty()) return Error{"cannot parse " + path + ": '" + trim(*text) + "'"};
  return *cpus;
}

}  // namespace sonde
