// usdt: user-space static probes (`<sys/sdt.h>`) — `usdt:BIN:[PROVIDER:]NAME`, the provider
// optional when the name is unique; `usdt:*:NAME` or `usdt:NAME` with -p searches the files of
// that process. Each probe location (a probe may be inlined in several places) is a uprobe at
// the note's address; `argN` are decoded from the note's argument specs (usdt_arguments.h),
// and semaphores are counted up by the kernel (uprobe reference counters) while attached.
#include <map>
#include <ostream>
#include <set>

#include "kernel/elf_binary.h"
#include "kernel/kernel.h"
#include "probes/usdt_arguments.h"
#include "probes/user_binary.h"
#include "support/strings.h"

namespace sonde {
namespace {

struct UsdtPattern {
  std::string bin;
  std::string provider = "*";
  std::string name;
  bool provider_given = false;
};

// `usdt:BIN:NAME`, `usdt:BIN:PROVIDER:NAME`, and with -p `usdt:NAME`.
Result<UsdtPattern> parse_pattern(const std::vector<std::string>& parts, const ProbeEnv& env) {
  UsdtPattern p;
  if (parts.size() == 2 && env.pid) {
    p.bin = "*";
    p.name = parts[1];
  } else if (parts.size() == 3) {
    p.bin = parts[1];
    p.name = parts[2];
  } else if (parts.size() == 4) {
    p.bin = parts[1];
    p.provider = parts[2];
    p.name = parts[3];
    p.provider_given = true;
  } else {
    return Error{"usdt probe type requires 2 or 3 arguments, found " +
                 std::to_string(parts.size() - 1)};
  }
  return p;
}

// Notes of `path` matching the pattern, as attach points (one per location).
std::vector<AttachPoint> matching_locations(const std::string& path, const UsdtPattern& p) {
  std::vector<AttachPoint> points;
  auto binary = ElfBinary::open(path);
  if (!binary.ok()) return points;
  for (const auto& note : binary->usdt_notes()) {
    if (!wildcard_match(p.provider, note.provider) || !wildcard_match(p.name, note.name))
      continue;
    AttachPoint ap;
    ap.provider = "usdt";
    ap.target = path;
    ap.ns = note.provider;
    ap.func = note.name;
    ap.offset = note.address;
    ap.name = "usdt:" + path + ":" + note.provider + ":" + note.name;
    points.push_back(std::move(ap));
  }
  return points;
}

// A name given without provider must not be ambiguous.
Status check_unique_provider(const UsdtPattern& p, const std::vector<AttachPoint>& points) {
  if (p.provider_given || has_wildcard(p.name)) return Status::success();
  std::set<std::string> providers;
  for (const auto& ap : points) providers.insert(ap.ns);
  if (providers.size() <= 1) return Status::success();
  std::vector<std::string> names(providers.begin(), providers.end());
  return Error{"ambiguous usdt probe '" + p.name + "': it exists for providers " +
               join(names, ", ") + "; use usdt:BIN:PROVIDER:" + p.name};
}

// The note of a location, read again from the binary.
Result<UsdtNote> note_at(const AttachPoint& ap) {
  auto binary = ElfBinary::open(ap.target);
  if (!binary.ok()) return binary.error();
  for (auto& note : binary->usdt_notes())
    if (note.address == ap.offset && note.name == ap.func && note.provider == ap.ns)
      return std::move(note);
  return Error{"no USDT probe " + ap.ns + ":" + ap.func + " in " + ap.target};
}

class UsdtProvider : public ProbeProvider {
 public:
  std::string_view name() const override { return "usdt"; }
  std::vector<std::string_view> aliases() const override { return {"U"}; }

  Result<std::vector<AttachPoint>> expand(const std::vector<std::string>& parts,
                                          const ProbeEnv& env) const override {
    auto pattern = parse_pattern(parts, env);
    if (!pattern.ok()) return pattern.error();
    auto binaries = resolve_user_binaries(pattern->bin, env);
    if (!binaries.ok()) return binaries.error();
    std::vector<AttachPoint> points;
    for (const auto& path : *binaries)
      for (auto& ap : matching_locations(path, *pattern)) points.push_back(std::move(ap));
    if (points.empty()) {
      std::string what = pattern->bin + ":" +
                         (pattern->provider_given ? pattern->provider + ":" : "") + pattern->name;
      return Error{"No matches for usdt " + what + "."};
    }
    if (auto status = check_unique_provider(*pattern, points); !status) return status.error();
    return points;
  }

  Result<ProbeContext> context(const AttachPoint& ap, const ProbeEnv& env) const override {
    auto note = note_at(ap);
    if (!note.ok()) return note.error();
    auto args = parse_usdt_arguments(note->args);
    if (!args.ok()) return args.error().wrap(ap.name);
    ProbeContext context;
    context.section = "uprobe";
    context.reg_args = ProbeContext::RegArgs::PtRegs;
    context.max_reg_args = static_cast<int>(args->size());
    context.usdt_args = std::move(*args);
    context.addr_space = AddrSpace::User;
    context.probe_name = ap.name;
    // Semaphores of every process mapping the file: attach system-wide, keep -p's events.
    if (env.usdt_file_activation && env.pid) context.pid_filter = *env.pid;
    return context;
  }

  Result<std::vector<LinkPtr>> attach(const AttachPoint& ap, bpf_program* prog,
                                      const ProbeEnv& env) const override {
    auto binary = ElfBinary::open(ap.target);
    if (!binary.ok()) return binary.error();
    auto note = note_at(ap);
    if (!note.ok()) return note.error();
    auto offset = binary->file_offset(note->address);
    if (!offset) return Error{"USDT probe " + ap.name + " is not in a loaded segment"};
    uint64_t semaphore = 0;
    if (note->semaphore) {
      auto semaphore_offset = binary->file_offset(note->semaphore);
      if (!semaphore_offset) return Error{"cannot locate the semaphore of " + ap.name};
      semaphore = *semaphore_offset;
    }
    pid_t pid = env.pid && !env.usdt_file_activation ? *env.pid : -1;
    auto link = attach_uprobe(prog, ap.target, *offset, false, pid, semaphore, ap.name);
    if (!link.ok()) return link.error();
    std::vector<LinkPtr> links;
    links.push_back(std::move(*link));
    return links;
  }

  void list(const ListRequest& request, const ProbeEnv& env, std::ostream& out) const override {
    auto user = split_user_pattern(request.pattern, env, 2);
    if (!user) return;
    UsdtPattern p;
    p.bin = user->bin;
    p.name = user->rest.back();
    if (user->rest.size() == 2) p.provider = user->rest[0];
    auto binaries = resolve_user_binaries(p.bin, env);
    if (!binaries.ok()) return;
    std::set<std::string> names;  // sorted, one line per probe (not per location)
    for (const auto& path : *binaries)
      for (const auto& ap : matching_locations(path, p)) names.insert(ap.name);
    for (const auto& name : names) out << name << "\n";
  }

  bool listed_by_default(const ListRequest& request, const ProbeEnv& env) const override {
    return user_space_listed_by_default(request, env);
  }

  Status supported(const ProbeEnv& env) const override {
    if (env.kernel && !env.kernel->features().has(Feature::Uprobe))
      return Error{"the kernel has no uprobes (no uprobe PMU and no uprobe_events in tracefs)"};
    return Status::success();
  }
};

}  // namespace

const ProbeProvider& usdt_provider() {
  static const UsdtProvider provider;
  return provider;
}

}  // namespace sonde
