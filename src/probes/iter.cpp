// iter: BPF iterators — `iter:NAME[:PIN]` (iter:task, iter:task_file, iter:task_vma ...).
// The program runs once per object the kernel walks; its context is `struct bpf_iter__NAME`,
// read through the `ctx` builtin (`ctx.task`). Attaching creates the iterator and reads it to
// the end, so the run is over once the probe is attached. With PIN the link is pinned in
// bpffs instead (`Program pinned to /sys/fs/bpf/PIN`) and not run.
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <ostream>

#include "kernel/btf_types.h"
#include "kernel/kernel.h"
#include "probes/provider.h"
#include "support/strings.h"
#include "support/unique_fd.h"

namespace sonde {
namespace {

constexpr std::string_view kTargetFunction = "bpf_iter_";  // bpf_iter_task: the target
constexpr std::string_view kContextStruct = "bpf_iter__";   // struct bpf_iter__task: its ctx
constexpr const char* kBpffs = "/sys/fs/bpf/";
// The object a bpf_iter__NAME context points to follows `meta` (task, map, prog ...).
constexpr uint32_t kObjectOffset = 8;

// Iterator targets: a `struct bpf_iter__NAME` context with a `bpf_iter_NAME` function, sorted.
std::vector<std::string> iterator_names(Kernel& kernel) {
  std::vector<std::string> names;
  auto signatures = kernel.btf_signatures();
  auto btf = kernel.btf();
  if (!signatures.ok() || !btf.ok()) return names;
  uint32_t count = btf__type_cnt(*btf);
  for (uint32_t id = 1; id < count; ++id) {
    const btf_type* t = btf__type_by_id(*btf, id);
    if (!btf_is_struct(t)) continue;
    std::string_view type_name = btf__name_by_offset(*btf, t->name_off);
    if (!starts_with(type_name, kContextStruct)) continue;
    std::string name(type_name.substr(kContextStruct.size()));
    if ((*signatures)->has_function(std::string(kTargetFunction) + name))
      names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string pin_path(const std::string& pin) {
  return pin.empty() || pin[0] == '/' ? pin : kBpffs + pin;
}

// Runs the iterator: every read() makes the kernel call the program on the next objects.
Status read_to_end(bpf_link* link) {
  UniqueFd iter(bpf_iter_create(bpf_link__fd(link)));
  if (!iter.valid()) return errno_error("cannot create the iterator", errno);
  char buf[4096];
  for (;;) {
    ssize_t n = read(iter.get(), buf, sizeof buf);
    if (n == 0) return Status::success();
    if (n < 0 && errno != EINTR) return errno_error("cannot read the iterator", errno);
  }
}

class IterProvider : public ProbeProvider {
 public:
  std::string_view name() const override { return "iter"; }
  std::vector<std::string_view> aliases() const override { return {"it"}; }

  Result<std::vector<AttachPoint>> expand(const std::vector<std::string>& parts,
                                          const ProbeEnv& env) const override {
    if (parts.size() != 2 && parts.size() != 3)
      return Error{"iter probe type requires 1 or 2 arguments, found " +
                   std::to_string(parts.size() - 1)};
    if (has_wildcard(parts[1])) return Error{"iter probe type does not support wildcards"};
    if (env.kernel) {
      auto names = iterator_names(*env.kernel);
      if (std::find(names.begin(), names.end(), parts[1]) == names.end())
        return Error{"No matches for iter " + parts[1] + "."};
    }
    AttachPoint ap;
    ap.provider = "iter";
    ap.func = parts[1];
    if (parts.size() == 3) ap.mode = pin_path(parts[2]);
    ap.name = "iter:" + parts[1] + (parts.size() == 3 ? ":" + parts[2] : "");
    return std::vector<AttachPoint>{std::move(ap)};
  }

  Result<ProbeContext> context(const AttachPoint& ap, const ProbeEnv& env) const override {
    ProbeContext context;
    context.section = "iter/" + ap.func;
    context.probe_name = ap.name;
    // Fields are read through the pointer (probe_read), not loaded from ctx: a direct load
    // gives the verifier a "trusted pointer or NULL" on which `->comm` arithmetic is refused.
    if (env.btf_types) {
      auto type = env.btf_types->type_by_name("struct " + std::string(kContextStruct) + ap.func);
      if (!type) return Error{"kernel BTF has no struct bpf_iter__" + ap.func};
      context.ctx_type = Type::pointer(std::move(*type), AddrSpace::Kernel);
    }
    context.skip_if_null_at = kObjectOffset;
    return context;
  }

  Result<std::vector<LinkPtr>> attach(const AttachPoint& ap, bpf_program* prog,
                                      const ProbeEnv&) const override {
    LinkPtr link(bpf_program__attach_iter(prog, nullptr));
    if (!link) return errno_error("cannot attach " + ap.name, errno);
    if (!ap.mode.empty()) {
      if (int err = bpf_link__pin(link.get(), ap.mode.c_str()); err)
        return errno_error("cannot pin " + ap.name + " to " + ap.mode, -err);
      std::cout << "Program pinned to " << ap.mode << std::endl;
    } else if (auto status = read_to_end(link.get()); !status) {
      return status.error().wrap(ap.name);
    }
    std::vector<LinkPtr> links;
    links.push_back(std::move(link));
    return links;
  }

  void list(const ListRequest& request, const ProbeEnv& env, std::ostream& out) const override {
    if (!env.kernel) return;
    auto btf = env.kernel->btf();
    auto signatures = env.kernel->btf_signatures();
    for (const auto& name : iterator_names(*env.kernel)) {
      if (!wildcard_match(request.pattern, name)) continue;
      out << "iter:" << name << "\n";
      if (!request.verbose || !btf.ok() || !signatures.ok()) continue;
      std::string context = std::string(kContextStruct) + name;
      int id = btf__find_by_name_kind(*btf, context.c_str(), BTF_KIND_STRUCT);
      const btf_type* t = btf__type_by_id(*btf, static_cast<uint32_t>(id));
      for (const auto& field : context_fields(*btf, t))
        out << "    " << (*signatures)->c_type(field.second) << " " << field.first << "\n";
    }
  }

  Status supported(const ProbeEnv& env) const override {
    if (env.kernel && !env.kernel->features().has(Feature::Iter))
      return Error{"the kernel does not load BPF iterator programs"};
    return Status::success();
  }

  bool runs_to_completion() const override { return true; }

 private:
  // Fields of a bpf_iter__NAME struct after `meta`, looking into the anonymous unions the
  // kernel wraps each pointer in: {name, BTF type id}.
  static std::vector<std::pair<std::string, uint32_t>> context_fields(const struct btf* btf,
                                                                       const btf_type* t) {
    std::vector<std::pair<std::string, uint32_t>> fields;
    for (uint16_t i = 0; t && i < btf_vlen(t); ++i) {
      const btf_member& m = btf_members(t)[i];
      std::string member = btf__name_by_offset(btf, m.name_off);
      uint32_t type = m.type;
      const btf_type* inner = btf__type_by_id(btf, type);
      if (member.empty() && inner && (btf_is_union(inner) || btf_is_struct(inner)) &&
          btf_vlen(inner) > 0) {
        member = btf__name_by_offset(btf, btf_members(inner)[0].name_off);
        type = btf_members(inner)[0].type;
      }
      if (member != "meta") fields.emplace_back(member, type);
    }
    return fields;
  }
};

}  // namespace

const ProbeProvider& iter_provider() {
  static const IterProvider provider;
  return provider;
}

}  // namespace sonde
