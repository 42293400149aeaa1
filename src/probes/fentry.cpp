// fentry and fexit (aliases kfunc, kretfunc): BTF-typed kernel function probes —
// `fentry[:MODULE]:FUNC`. `args.NAME` are the function's parameters typed from BTF (the
// program's context is an array of u64 slots); fexit adds `retval` in the slot after them.
// Some kernels refuse ftrace function hooks: the program load fails with EPERM, which
// supported() reports before anything is loaded.
#include <ostream>

#include "kernel/btf_types.h"
#include "kernel/kernel.h"
#include "probes/kernel_function.h"
#include "support/strings.h"

namespace sonde {
namespace {

class FentryProvider : public ProbeProvider {
 public:
  explicit FentryProvider(bool exit) : exit_(exit) {}

  std::string_view name() const override { return exit_ ? "fexit" : "fentry"; }
  std::vector<std::string_view> aliases() const override {
    if (exit_) return {"fr", "kretfunc"};
    return {"f", "kfunc"};
  }

  Result<std::vector<AttachPoint>> expand(const std::vector<std::string>& parts,
                                          const ProbeEnv& env) const override {
    if (parts.size() >= 3 && parts[1] == "bpf")
      return Error{std::string(name()) + " probes on BPF programs (" + parts[0] +
                   ":bpf:...) are not supported by sonde"};
    auto spec = parse_kernel_function_spec(name(), parts, false);
    if (!spec.ok()) return spec.error();
    auto functions = match_kernel_functions(name(), *spec, env, true);
    if (!functions.ok()) return functions.error();
    std::vector<AttachPoint> points;
    for (const auto& f : *functions) {
      AttachPoint ap;
      ap.provider = std::string(name());
      ap.ns = f.module;
      ap.func = f.name;
      ap.name = std::string(name()) + ":" + f.module + ":" + f.name;
      points.push_back(std::move(ap));
    }
    return points;
  }

  Result<ProbeContext> context(const AttachPoint& ap, const ProbeEnv& env) const override {
    ProbeContext context;
    context.section = std::string(name()) + "/" + ap.func;
    context.has_func = true;
    context.probe_name = ap.name;
    if (env.pid) context.pid_filter = *env.pid;
    if (!env.btf_types) return context;
    auto proto = env.btf_types->function(ap.func);
    if (!proto) return Error{"kernel BTF has no function " + ap.func};
    context.args_layout = ProbeContext::ArgsLayout::U64Array;
    context.args = u64_args_struct(*proto, std::string(name()) + "_" + ap.func + "_args");
    if (exit_) {
      context.retval = ProbeContext::Retval::U64ArraySlot;
      context.retval_slot = static_cast<int>(proto->params.size());
      if (!proto->return_type.is_none()) context.retval_type = proto->return_type;
    }
    return context;
  }

  Result<std::vector<LinkPtr>> attach(const AttachPoint& ap, bpf_program* prog,
                                      const ProbeEnv&) const override {
    bpf_link* link = bpf_program__attach_trace(prog);
    if (!link) return errno_error("cannot attach " + ap.name, errno);
    std::vector<LinkPtr> links;
    links.emplace_back(link);
    return links;
  }

  void list(const ListRequest& request, const ProbeEnv& env, std::ostream& out) const override {
    list_kernel_functions(name(), request, env,
                          exit_ ? ListSignature::ParamsAndRetval : ListSignature::Params, true,
                          out);
  }

  Status supported(const ProbeEnv& env) const override {
    if (env.kernel && !env.kernel->btf().ok())
      return Error{"kernel BTF is not available (/sys/kernel/btf/vmlinux)"};
    if (env.kernel && !env.kernel->features().has(Feature::Fentry))
      return Error{"the kernel refuses to load " + std::string(name()) +
                   " programs (loading a tracing program on a kernel function fails; this kernel "
                   "does not permit ftrace function hooks)"};
    return Status::success();
  }

  // The load itself is refused, so the verifier cannot be reached either.
  Status loadable(const ProbeEnv& env) const override { return supported(env); }

  bool listed_by_default(const ListRequest&, const ProbeEnv& env) const override {
    // fexit only when asked; fentry only where the kernel allows it.
    return !exit_ && (!env.kernel || env.kernel->features().has(Feature::Fentry));
  }

 private:
  bool exit_;
};

}  // namespace

const ProbeProvider& fentry_provider() {
  static const FentryProvider provider(false);
  return provider;
}

const ProbeProvider& fexit_provider() {
  static const FentryProvider provider(true);
  return provider;
}

}  // namespace sonde
