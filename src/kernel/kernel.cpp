#include "kernel/kernel.h"

#include <bpf/btf.h>

#include <cerrno>

#include "support/strings.h"

namespace sonde {

Kernel::Kernel(KernelOptions options) : options_(std::move(options)), features_(*this) {}

Kernel::~Kernel() {
  btf_signatures_.reset();  // uses btf_
  btf__free(btf_);
}

const Result<Tracefs>& Kernel::tracefs() {
  if (!tracefs_) {
    if (!options_.tracefs_root.empty())
      tracefs_.emplace(Tracefs(options_.tracefs_root));
    else
      tracefs_.emplace(find_or_mount_tracefs());
  }
  return *tracefs_;
}

Result<const struct btf*> Kernel::btf() {
  if (btf_) return static_cast<const struct btf*>(btf_);
  if (btf_error_) return *btf_error_;
  if (options_.btf_path.empty()) {
    btf_ = btf__load_vmlinux_btf();
    if (!btf_) btf_error_ = errno_error("cannot load kernel BTF", errno);
  } else {
    btf_ = btf__parse(options_.btf_path.c_str(), nullptr);
    if (!btf_) btf_error_ = errno_error("cannot load BTF from " + options_.btf_path, errno);
  }
  if (btf_error_) return *btf_error_;
  return static_cast<const struct btf*>(btf_);
}

Result<BtfSignatures*> Kernel::btf_signatures() {
  if (btf_signatures_) return btf_signatures_.get();
  auto loaded = btf();
  if (!loaded.ok()) return loaded.error();
  btf_signatures_ = std::make_unique<BtfSignatures>(*loaded);
  return btf_signatures_.get();
}

const TraceableFunctions& Kernel::traceable_functions() {
  if (traceable_functions_) return *traceable_functions_;
  std::string path = options_.traceable_functions_path;
  if (path.empty()) {
    const auto& fs = tracefs();
    if (fs.ok()) path = fs->root() + "/available_filter_functions";
  }
  if (auto text = path.empty() ? std::nullopt : read_file(path)) {
    traceable_functions_ = parse_available_filter_functions(*text);
    return *traceable_functions_;
  }
  // Unreadable (kernel lockdown refuses it here): every function BTF knows.
  traceable_functions_.emplace();
  if (auto signatures = btf_signatures(); signatures.ok())
    for (auto& name : (*signatures)->functions())
      traceable_functions_->functions.push_back({std::move(name), "vmlinux"});
  return *traceable_functions_;
}

}  // namespace sonde
