// tracepoint: static kernel events — `tracepoint:CATEGORY:EVENT` with `*` wildcards in both
// parts (`tracepoint:*sleep*` means `*:*sleep*`). `args` is the event record described by the
// event's tracefs format file; the program is attached through a perf event opened on the id
// read from sonde's own tracefs path — except syscall events with a known number, which are
// served by the raw_syscalls dispatcher (syscall_dispatch.h) so that they detach at once.
#include <algorithm>
#include <ostream>

#include "kernel/kernel.h"
#include "kernel/syscalls.h"
#include "kernel/tracepoint_format.h"
#include "probes/perf_event.h"
#include "probes/registry.h"
#include "probes/syscall_dispatch.h"
#include "support/strings.h"

namespace sonde {
namespace {

struct EventName {
  std::string category;
  std::string event;
};

Result<const Tracefs*> tracefs_of(const ProbeEnv& env) {
  if (!env.kernel) return Error{"tracepoints need access to the kernel"};
  const auto& tracefs = env.kernel->tracefs();
  if (!tracefs.ok()) return tracefs.error();
  return &*tracefs;
}

// The category and event patterns of an attach point's parts (provider first).
Result<EventName> event_pattern(const std::vector<std::string>& parts) {
  if (parts.size() == 3) return EventName{parts[1], parts[2]};
  if (parts.size() == 2 && has_wildcard(parts[1])) return EventName{"*", parts[1]};
  return Error{"tracepoint probe type requires 2 arguments, found " +
               std::to_string(parts.size() - 1)};
}

// Existing events matching the pattern, sorted by "category:event".
std::vector<EventName> matching_events(const Tracefs& tracefs, const EventName& pattern) {
  std::vector<EventName> found;
  std::vector<std::string> categories = {pattern.category};
  if (has_wildcard(pattern.category)) categories = tracefs.categories();
  for (const auto& category : categories) {
    if (!wildcard_match(pattern.category, category)) continue;
    if (!has_wildcard(pattern.event)) {
      if (tracefs.has_event(category, pattern.event)) found.push_back({category, pattern.event});
      continue;
    }
    for (const auto& event : tracefs.events(category))
      if (wildcard_match(pattern.event, event)) found.push_back({category, event});
  }
  std::sort(found.begin(), found.end(), [](const EventName& a, const EventName& b) {
    return a.category + ":" + a.event < b.category + ":" + b.event;
  });
  return found;
}

Result<TracepointFormat> read_format(const Tracefs& tracefs, const std::string& category,
                                     const std::string& event) {
  auto text = tracefs.event_format(category, event);
  if (!text.ok()) return text.error();
  auto format = parse_tracepoint_format(*text, tracepoint_format_options(category, event));
  if (!format.ok()) return format.error().wrap("tracepoint " + category + ":" + event);
  return format;
}

constexpr std::string_view kSyscallEnterPrefix = "sys_enter_";
constexpr std::string_view kSyscallExitPrefix = "sys_exit_";

struct SyscallEvent {
  SyscallDirection direction;
  int number;
};

// A syscalls:sys_enter_X / sys_exit_X event the raw_syscalls dispatcher can serve.
std::optional<SyscallEvent> dispatched_syscall(const AttachPoint& ap, const ProbeEnv& env) {
  if (ap.target != "syscalls") return std::nullopt;
  std::string_view event = ap.func;
  std::optional<SyscallEvent> found;
  if (starts_with(event, kSyscallEnterPrefix)) {
    if (auto nr = syscall_number(event.substr(kSyscallEnterPrefix.size())))
      found = SyscallEvent{SyscallDirection::Enter, *nr};
  } else if (starts_with(event, kSyscallExitPrefix)) {
    if (auto nr = syscall_number(event.substr(kSyscallExitPrefix.size())))
      found = SyscallEvent{SyscallDirection::Exit, *nr};
  }
  if (found && env.kernel && !env.kernel->features().has(Feature::RawTracepoint))
    return std::nullopt;
  return found;
}

void attach_dispatched(SyscallDirection direction, const std::vector<size_t>& indexes,
                       const std::vector<SyscallProgram>& programs, const ProbeEnv& env,
                       std::vector<Result<std::vector<LinkPtr>>>& results) {
  if (indexes.empty()) return;
  auto links = attach_syscall_dispatch(direction, programs, env);
  for (size_t i = 0; i < indexes.size(); ++i) {
    if (!links.ok()) {
      results[indexes[i]] = links.error();
    } else if (i == 0) {
      results[indexes[i]] = std::move(*links);  // the dispatchers serve every program
    } else {
      results[indexes[i]] = std::vector<LinkPtr>{};
    }
  }
}

class TracepointProvider : public ProbeProvider {
 public:
  std::string_view name() const override { return "tracepoint"; }
  std::vector<std::string_view> aliases() const override { return {"t"}; }

  Result<std::vector<AttachPoint>> expand(const std::vector<std::string>& parts,
                                          const ProbeEnv& env) const override {
    auto pattern = event_pattern(parts);
    if (!pattern.ok()) return pattern.error();
    auto tracefs = tracefs_of(env);
    if (!tracefs.ok()) return tracefs.error();
    std::vector<AttachPoint> points;
    for (auto& [category, event] : matching_events(**tracefs, *pattern)) {
      AttachPoint ap;
      ap.provider = "tracepoint";
      ap.name = "tracepoint:" + category + ":" + event;
      ap.target = std::move(category);
      ap.func = std::move(event);
      points.push_back(std::move(ap));
    }
    if (points.empty())
      return Error{"No matches for tracepoint " + pattern->category + ":" + pattern->event + "."};
    return points;
  }

  Result<ProbeContext> context(const AttachPoint& ap, const ProbeEnv& env) const override {
    auto tracefs = tracefs_of(env);
    if (!tracefs.ok()) return tracefs.error();
    auto format = read_format(**tracefs, ap.target, ap.func);
    if (!format.ok()) return format.error();
    ProbeContext context;
    // The section names only the program type (attach() names the event), so that points
    // whose bodies compile alike share one program (codegen/share_programs.h).
    context.section = "tracepoint";
    context.args_layout = ProbeContext::ArgsLayout::CtxStruct;
    if (auto syscall = dispatched_syscall(ap, env)) {
      context.section = "raw_tp";
      context.args_layout = ProbeContext::ArgsLayout::None;
      context.syscall_record = syscall->direction == SyscallDirection::Enter
                                   ? ProbeContext::SyscallRecord::Enter
                                   : ProbeContext::SyscallRecord::Exit;
      context.syscall_nr = syscall->number;
    }
    context.args = std::move(format->args);
    if (env.pid) context.pid_filter = *env.pid;
    context.addr_space = tracepoint_format_options(ap.target, ap.func).pointer_space;
    context.probe_name = ap.name;
    return context;
  }

  Result<std::vector<LinkPtr>> attach(const AttachPoint& ap, bpf_program* prog,
                                      const ProbeEnv& env) const override {
    if (auto syscall = dispatched_syscall(ap, env))
      return attach_syscall_dispatch(syscall->direction, {{syscall->number, prog}}, env);
    auto tracefs = tracefs_of(env);
    if (!tracefs.ok()) return tracefs.error();
    auto id = (*tracefs)->event_id(ap.target, ap.func);
    if (!id.ok()) return id.error();
    perf_event_attr attr{};
    attr.type = PERF_TYPE_TRACEPOINT;
    attr.config = *id;
    attr.disabled = 1;  // enabled by libbpf once the program is attached
    return attach_perf_events(prog, attr, CpuScope::One, std::nullopt, ap.name);
  }

  std::vector<Result<std::vector<LinkPtr>>> attach_many(
      const std::vector<ProgramToAttach>& programs, const ProbeEnv& env) const override {
    std::vector<Result<std::vector<LinkPtr>>> results;
    std::vector<size_t> enter_indexes, exit_indexes;
    std::vector<SyscallProgram> enter, exit;
    for (size_t i = 0; i < programs.size(); ++i) {
      results.push_back(std::vector<LinkPtr>{});
      auto syscall = dispatched_syscall(*programs[i].point, env);
      if (!syscall) {
        results[i] = attach(*programs[i].point, programs[i].prog, env);
        continue;
      }
      bool entering = syscall->direction == SyscallDirection::Enter;
      (entering ? enter_indexes : exit_indexes).push_back(i);
      (entering ? enter : exit).push_back({syscall->number, programs[i].prog});
    }
    attach_dispatched(SyscallDirection::Enter, enter_indexes, enter, env, results);
    attach_dispatched(SyscallDirection::Exit, exit_indexes, exit, env, results);
    return results;
  }

  void list(const ListRequest& request, const ProbeEnv& env, std::ostream& out) const override {
    auto tracefs = tracefs_of(env);
    if (!tracefs.ok()) return;
    auto parts = split_pattern(request.pattern);
    if (!parts) return;
    for (const auto& [category, event] : matching_events(**tracefs, *parts)) {
      out << "tracepoint:" << category << ":" << event << "\n";
      if (!request.verbose) continue;
      auto format = read_format(**tracefs, category, event);
      if (!format.ok()) continue;
      for (const auto& declaration : format->declarations) out << "    " << declaration << "\n";
    }
  }

  Status supported(const ProbeEnv& env) const override {
    auto tracefs = tracefs_of(env);
    if (!tracefs.ok()) return tracefs.error();
    return Status::success();
  }

 private:
  // A listing pattern: "CAT:EVENT", or one part meaning "*:PART".
  static std::optional<EventName> split_pattern(const std::string& pattern) {
    auto parts = split_attach_point(pattern.empty() ? "*" : pattern);
    if (parts.size() == 1) return EventName{"*", parts[0]};
    if (parts.size() == 2) return EventName{parts[0], parts[1]};
    return std::nullopt;
  }
};

}  // namespace

const ProbeProvider& tracepoint_provider() {
  static const TracepointProvider provider;
  return provider;
}

}  // namespace sonde
