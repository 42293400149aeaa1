// begin and end: the special probes run once before the others attach and once after they are
// detached. The runtime runs them with BPF_PROG_TEST_RUN, so there is nothing to attach.
#include "probes/provider.h"

namespace sonde {
namespace {

class SpecialProvider : public ProbeProvider {
 public:
  explicit SpecialProvider(std::string_view name) : name_(name) {}

  std::string_view name() const override { return name_; }

  Result<std::vector<AttachPoint>> expand(const std::vector<std::string>& parts,
                                          const ProbeEnv&) const override {
    if (parts.size() != 1)
      return Error{std::string(name_) + " probe type requires 0 arguments, found " +
                   std::to_string(parts.size() - 1)};
    AttachPoint ap;
    ap.provider = std::string(name_);
    ap.name = std::string(name_);
    return std::vector<AttachPoint>{std::move(ap)};
  }

  Result<ProbeContext> context(const AttachPoint& ap, const ProbeEnv&) const override {
    ProbeContext context;
    context.section = "raw_tp";  // a raw tracepoint program, run by BPF_PROG_TEST_RUN
    context.is_special = true;
    context.probe_name = std::string(name_);
    return context;
  }

  Result<std::vector<LinkPtr>> attach(const AttachPoint&, bpf_program*,
                                      const ProbeEnv&) const override {
    return std::vector<LinkPtr>{};
  }

 private:
  std::string_view name_;
};

}  // namespace

const ProbeProvider& begin_provider() {
  static const SpecialProvider provider("begin");
  return provider;
}

const ProbeProvider& end_provider() {
  static const SpecialProvider provider("end");
  return provider;
}

}  // namespace sonde
