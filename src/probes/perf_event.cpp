#include "probes/perf_event.h"

#include <cerrno>
#include <ostream>

#include "kernel/kernel.h"
#include "kernel/perf_event.h"
#include "support/strings.h"

namespace sonde {
namespace {

constexpr uint64_t kMinPeriodNs = 1000;

struct TimeUnit {
  std::string_view name;
  uint64_t ns;  // 0: hz (a frequency, not a period)
};

// Units of the `P:UNIT:N` form, in listing order.
constexpr TimeUnit kUnits[] = {{"hz", 0}, {"ms", 1000000}, {"s", 1000000000}, {"us", 1000}};

// Suffixes of the single-period form, longest first so "ms" is not read as "s".
constexpr TimeUnit kSuffixes[] = {{"ns", 1}, {"us", 1000}, {"ms", 1000000}, {"s", 1000000000}};

std::optional<uint64_t> parse_decimal(std::string_view text) {
  if (text.empty()) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    if (value > (UINT64_MAX - (c - '0')) / 10) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::optional<uint64_t> multiply(uint64_t a, uint64_t b) {
  if (b != 0 && a > UINT64_MAX / b) return std::nullopt;
  return a * b;
}

Error rate_too_small(std::string_view provider, uint64_t ns) {
  return Error{"Invalid rate of " + std::string(provider) +
               " probe. Minimum is 1000 or 1us. Found: " + std::to_string(ns) + " nanoseconds"};
}

// Fills target/value/name from a period in ns, naming it with the largest exact unit.
AttachPoint period_attach_point(std::string_view provider, uint64_t ns) {
  AttachPoint ap;
  ap.provider = std::string(provider);
  ap.value = ns;
  ap.name = std::string(provider) + ":" + std::to_string(ns);
  for (auto unit : {kUnits[2], kUnits[1], kUnits[3]}) {
    if (ns % unit.ns == 0) {
      ap.target = std::string(unit.name);
      ap.name = std::string(provider) + ":" + ap.target + ":" + std::to_string(ns / unit.ns);
      break;
    }
  }
  return ap;
}

Result<AttachPoint> parse_unit_and_count(std::string_view provider, const std::string& unit_text,
                                         const std::string& count_text) {
  const TimeUnit* unit = nullptr;
  for (const auto& u : kUnits)
    if (u.name == unit_text) unit = &u;
  if (!unit)
    return Error{"Invalid unit in " + std::string(provider) + " probe: " + unit_text +
                 " (expected hz, s, ms or us)"};
  auto count = parse_decimal(count_text);
  if (!count || *count == 0)
    return Error{std::string(provider) + " probe count must be a positive integer, found: " +
                 count_text};
  AttachPoint ap;
  ap.provider = std::string(provider);
  ap.target = unit_text;
  ap.name = std::string(provider) + ":" + unit_text + ":" + std::to_string(*count);
  if (unit->ns == 0) {
    ap.value = *count;
    ap.frequency = true;
    return ap;
  }
  auto ns = multiply(*count, unit->ns);
  if (!ns) return Error{std::string(provider) + " probe period is too large: " + ap.name};
  if (*ns < kMinPeriodNs) return rate_too_small(provider, *ns);
  ap.value = *ns;
  return ap;
}

Result<AttachPoint> parse_period(std::string_view provider, const std::string& text) {
  std::string_view digits = text;
  uint64_t scale = 1;
  for (const auto& suffix : kSuffixes) {
    if (ends_with(text, suffix.name)) {
      digits = std::string_view(text).substr(0, text.size() - suffix.name.size());
      scale = suffix.ns;
      break;
    }
  }
  auto count = parse_decimal(digits);
  std::optional<uint64_t> ns = count ? multiply(*count, scale) : std::nullopt;
  if (!ns)
    return Error{"Invalid period for " + std::string(provider) + " probe: " + text +
                 " (expected nanoseconds, optionally with a suffix ns, us, ms or s)"};
  if (*ns < kMinPeriodNs) return rate_too_small(provider, *ns);
  return period_attach_point(provider, *ns);
}

}  // namespace

Result<LinkPtr> attach_perf_event(bpf_program* prog, UniqueFd fd, const std::string& what) {
  bpf_link* link = bpf_program__attach_perf_event(prog, fd.get());
  if (!link) return errno_error("cannot attach " + what + " to its perf event", errno);
  fd.release();  // the link closes it
  return LinkPtr(link);
}

Result<std::vector<LinkPtr>> attach_perf_events(bpf_program* prog, const perf_event_attr& attr,
                                                CpuScope scope, std::optional<pid_t> pid,
                                                const std::string& what) {
  std::vector<int> cpus = {0};
  if (pid) {
    cpus = {-1};
  } else if (scope == CpuScope::All) {
    auto online = online_cpus();
    if (!online.ok()) return online.error();
    cpus = std::move(*online);
  }
  std::vector<LinkPtr> links;
  for (int cpu : cpus) {
    auto fd = open_perf_event(attr, pid.value_or(-1), cpu);
    if (!fd.ok())
      return fd.error().wrap("cannot open the perf event of " + what +
                             (cpu >= 0 ? " on cpu " + std::to_string(cpu) : ""));
    auto link = attach_perf_event(prog, std::move(*fd), what);
    if (!link.ok()) return link.error();
    links.push_back(std::move(*link));
  }
  return links;
}

Status software_events_supported(const ProbeEnv& env) {
  if (env.kernel && !env.kernel->features().has(Feature::Software))
    return Error{"perf software events are not available (perf_event_open of cpu-clock fails)"};
  return Status::success();
}

Result<AttachPoint> parse_timer_attach_point(std::string_view provider,
                                             const std::vector<std::string>& parts) {
  if (parts.size() == 3) return parse_unit_and_count(provider, parts[1], parts[2]);
  if (parts.size() == 2) return parse_period(provider, parts[1]);
  return Error{std::string(provider) + " probe type requires 1 or 2 arguments, found " +
               std::to_string(parts.size() - 1)};
}

perf_event_attr timer_event_attr(const AttachPoint& ap) {
  perf_event_attr attr{};
  attr.type = PERF_TYPE_SOFTWARE;
  attr.config = PERF_COUNT_SW_CPU_CLOCK;
  attr.disabled = 1;  // enabled by libbpf once the program is attached
  if (ap.frequency) {
    attr.freq = 1;
    attr.sample_freq = ap.value;
  } else {
    attr.sample_period = ap.value;
  }
  return attr;
}

void list_timer_units(std::string_view provider, const std::string& pattern, std::ostream& out) {
  for (const auto& unit : kUnits) {
    std::string entry = std::string(unit.name) + ":";
    if (wildcard_match(pattern, entry) || wildcard_match(pattern, unit.name))
      out << provider << ":" << entry << "\n";
  }
}

}  // namespace sonde
