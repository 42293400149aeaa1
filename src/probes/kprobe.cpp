// kprobe and kretprobe: dynamic kernel function probes — `kprobe[:MODULE]:FUNC[+OFF]`,
// `kprobe:0xADDR` (with --unsafe), `kretprobe[:MODULE]:FUNC`. Wildcards match the functions
// the kernel lists as traceable. argN come from struct pt_regs registers, retval from ax.
#include <ostream>

#include "kernel/kernel.h"
#include "probes/kernel_function.h"
#include "support/strings.h"

namespace sonde {
namespace {

constexpr int kRegisterArgs = 6;  // x86_64: di, si, dx, cx, r8, r9

class KprobeProvider : public ProbeProvider {
 public:
  explicit KprobeProvider(bool ret) : ret_(ret) {}

  std::string_view name() const override { return ret_ ? "kretprobe" : "kprobe"; }
  std::vector<std::string_view> aliases() const override {
    return {ret_ ? "kr" : "k"};
  }

  Result<std::vector<AttachPoint>> expand(const std::vector<std::string>& parts,
                                          const ProbeEnv& env) const override {
    auto spec = parse_kernel_function_spec(name(), parts, !ret_);
    if (!spec.ok()) return spec.error();
    if (spec->address) {
      if (!env.unsafe) return Error{"Probing by address requires --unsafe"};
      AttachPoint ap;
      ap.provider = std::string(name());
      ap.offset = *spec->address;
      ap.name = std::string(name()) + ":" + parts.back();
      return std::vector<AttachPoint>{std::move(ap)};
    }
    auto functions = match_kernel_functions(name(), *spec, env, false);
    if (!functions.ok()) return functions.error();
    std::vector<AttachPoint> points;
    for (const auto& f : *functions) {
      AttachPoint ap;
      ap.provider = std::string(name());
      ap.ns = spec->module_given ? f.module : "";
      ap.func = f.name;
      ap.offset = spec->offset;
      ap.name = std::string(name()) + ":" + (ap.ns.empty() ? "" : ap.ns + ":") + f.name +
                (spec->offset_text.empty() ? "" : "+" + spec->offset_text);
      points.push_back(std::move(ap));
    }
    return points;
  }

  Result<ProbeContext> context(const AttachPoint& ap, const ProbeEnv& env) const override {
    ProbeContext context;
    context.section = std::string(name());
    if (ret_) {
      context.retval = ProbeContext::Retval::PtRegs;
    } else {
      context.reg_args = ProbeContext::RegArgs::PtRegs;
      context.max_reg_args = kRegisterArgs;
    }
    context.has_func = true;
    context.probe_name = ap.name;
    if (env.pid) context.pid_filter = *env.pid;
    return context;
  }

  Result<std::vector<LinkPtr>> attach(const AttachPoint& ap, bpf_program* prog,
                                      const ProbeEnv&) const override {
    LIBBPF_OPTS(bpf_kprobe_opts, opts, .offset = ap.offset, .retprobe = ret_);
    // The kprobe PMU takes "MODULE:FUNC" for module functions; an address has no name.
    std::string symbol = ap.func.empty() ? "" : (ap.ns.empty() || ap.ns == "vmlinux")
                                                    ? ap.func
                                                    : ap.ns + ":" + ap.func;
    bpf_link* link =
        bpf_program__attach_kprobe_opts(prog, symbol.empty() ? nullptr : symbol.c_str(), &opts);
    if (!link) return errno_error("cannot attach " + ap.name, errno);
    std::vector<LinkPtr> links;
    links.emplace_back(link);
    return links;
  }

  void list(const ListRequest& request, const ProbeEnv& env, std::ostream& out) const override {
    list_kernel_functions(name(), request, env,
                          ret_ ? ListSignature::Retval : ListSignature::Params, false, out);
  }

  Status supported(const ProbeEnv& env) const override {
    if (env.kernel && !env.kernel->features().has(Feature::Kprobe))
      return Error{"the kernel has no kprobes (no kprobe PMU in /sys/bus/event_source/devices "
                   "and no kprobe_events in tracefs)"};
    return Status::success();
  }

  bool listed_by_default(const ListRequest&, const ProbeEnv& env) const override {
    // kretprobes only when asked; kprobes only where the kernel has them.
    return !ret_ && (!env.kernel || env.kernel->features().has(Feature::Kprobe));
  }

 private:
  bool ret_;
};

}  // namespace

const ProbeProvider& kprobe_provider() {
  static const KprobeProvider provider(false);
  return provider;
}

const ProbeProvider& kretprobe_provider() {
  static const KprobeProvider provider(true);
  return provider;
}

}  // namespace sonde
