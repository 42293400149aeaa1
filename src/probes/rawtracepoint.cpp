// rawtracepoint: a kernel tracepoint with its raw arguments — `rawtracepoint[:MODULE]:EVENT`
// (no module means `*:EVENT`). The events are the raw tracepoints kernel BTF describes
// (`btf_trace_EVENT` typedefs); `argN` are the u64 argument slots and `args.NAME` the same
// slots typed and named from BTF. Attached as raw tracepoint links, which detach in well under
// a millisecond.
#include <ostream>

#include "kernel/btf_types.h"
#include "kernel/kernel.h"
#include "probes/registry.h"
#include "support/strings.h"

namespace sonde {
namespace {

constexpr const char* kKernelImage = "vmlinux";

struct RawEvent {
  std::string module;
  std::string event;
};

Result<BtfSignatures*> signatures_of(const ProbeEnv& env) {
  if (!env.kernel) return Error{"raw tracepoints need kernel BTF"};
  auto signatures = env.kernel->btf_signatures();
  if (!signatures.ok()) return signatures.error();
  return *signatures;
}

// Raw tracepoints matching MODULE and EVENT patterns, sorted. Only vmlinux has BTF here:
// module BTF is not read.
std::vector<RawEvent> matching_events(BtfSignatures& signatures, const std::string& module,
                                      const std::string& event) {
  std::vector<RawEvent> found;
  if (!wildcard_match(module, kKernelImage)) return found;
  for (auto& name : signatures.raw_tracepoints())
    if (wildcard_match(event, name)) found.push_back({kKernelImage, std::move(name)});
  return found;
}

// The `args` struct: the parameters after `void *__data`, one u64 slot each.
std::optional<Type> args_type(const ProbeEnv& env, const BtfSignature& sig,
                              const std::string& event) {
  if (!env.btf_types) return std::nullopt;
  FunctionProto proto;
  for (const auto& p : sig.params) {
    auto type = env.btf_types->type_by_id(p.type_id);
    proto.params.push_back({p.name, type ? *type : Type::uint64()});
  }
  return u64_args_struct(proto, "rawtracepoint_" + event + "_args");
}

class RawTracepointProvider : public ProbeProvider {
 public:
  std::string_view name() const override { return "rawtracepoint"; }
  std::vector<std::string_view> aliases() const override { return {"rt"}; }

  Result<std::vector<AttachPoint>> expand(const std::vector<std::string>& parts,
                                          const ProbeEnv& env) const override {
    if (parts.size() != 2 && parts.size() != 3)
      return Error{"rawtracepoint probe type requires 1 or 2 arguments, found " +
                   std::to_string(parts.size() - 1)};
    std::string module = parts.size() == 3 ? parts[1] : "*";
    auto signatures = signatures_of(env);
    if (!signatures.ok()) return signatures.error();
    std::vector<AttachPoint> points;
    for (auto& [mod, event] : matching_events(**signatures, module, parts.back())) {
      AttachPoint ap;
      ap.provider = "rawtracepoint";
      ap.ns = mod;
      ap.func = event;
      ap.name = "rawtracepoint:" + mod + ":" + event;
      points.push_back(std::move(ap));
    }
    if (points.empty())
      return Error{"No matches for rawtracepoint " +
                   (parts.size() == 3 ? parts[1] + ":" : std::string()) + parts.back() + "."};
    return points;
  }

  Result<ProbeContext> context(const AttachPoint& ap, const ProbeEnv& env) const override {
    auto signatures = signatures_of(env);
    if (!signatures.ok()) return signatures.error();
    auto sig = (*signatures)->raw_tracepoint(ap.func);
    if (!sig) return Error{"kernel BTF has no raw tracepoint " + ap.func};
    ProbeContext context;
    context.section = "raw_tp";
    context.reg_args = ProbeContext::RegArgs::U64Array;
    context.max_reg_args = static_cast<int>(sig->params.size());
    if (auto args = args_type(env, *sig, ap.func)) {
      context.args_layout = ProbeContext::ArgsLayout::U64Array;
      context.args = std::move(*args);
    }
    context.probe_name = ap.name;
    if (env.pid) context.pid_filter = *env.pid;
    return context;
  }

  Result<std::vector<LinkPtr>> attach(const AttachPoint& ap, bpf_program* prog,
                                      const ProbeEnv&) const override {
    bpf_link* link = bpf_program__attach_raw_tracepoint(prog, ap.func.c_str());
    if (!link) return errno_error("cannot attach " + ap.name, errno);
    std::vector<LinkPtr> links;
    links.emplace_back(link);
    return links;
  }

  void list(const ListRequest& request, const ProbeEnv& env, std::ostream& out) const override {
    auto signatures = signatures_of(env);
    if (!signatures.ok()) return;
    auto parts = split_attach_point(request.pattern.empty() ? "*" : request.pattern);
    std::string module = parts.size() >= 2 ? parts[0] : "*";
    for (const auto& [mod, event] : matching_events(**signatures, module, parts.back())) {
      out << "rawtracepoint:" << mod << ":" << event << "\n";
      if (!request.verbose) continue;
      if (auto sig = (*signatures)->raw_tracepoint(event))
        for (const auto& p : sig->params) out << "    " << p.c_type << " " << p.name << "\n";
    }
  }

  Status supported(const ProbeEnv& env) const override {
    if (env.kernel && !env.kernel->features().has(Feature::RawTracepoint))
      return Error{"the kernel does not load raw tracepoint programs"};
    return Status::success();
  }
};

}  // namespace

const ProbeProvider& rawtracepoint_provider() {
  static const RawTracepointProvider provider;
  return provider;
}

}  // namespace sonde
