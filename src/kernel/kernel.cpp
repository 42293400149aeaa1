#include "kernel/kernel.h"

#include <bpf/btf.h>

#include <cerrno>

namespace sonde {

Kernel::Kernel(KernelOptions options) : options_(std::move(options)), features_(*this) {}

Kernel::~Kernel() { btf__free(btf_); }

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

}  // namespace sonde
