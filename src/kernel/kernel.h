// Kernel: the lazy facade over kernel facts that providers and the compiler consult — tracefs,
// vmlinux BTF, detected features. One object per run, owned by the CLI. Nothing is touched
// before it is asked for, so `BEGIN { exit(); }` reads no tracefs and loads no BTF.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "kernel/features.h"
#include "kernel/tracefs.h"
#include "support/result.h"

struct btf;

namespace sonde {

struct KernelOptions {
  std::string btf_path;      // BPFTRACE_BTF: a BTF file to use instead of the kernel's
  std::string tracefs_root;  // use this directory as tracefs (tests); empty: find or mount
};

class Kernel {
 public:
  explicit Kernel(KernelOptions options = {});
  ~Kernel();
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  // tracefs, found or mounted on first use; the outcome (also a failure) is cached.
  const Result<Tracefs>& tracefs();

  // vmlinux BTF (libbpf object, loaded on first use, owned here). Look types up by name with
  // btf__find_by_name_kind; it is never converted as a whole.
  Result<const struct btf*> btf();

  // Feature detection; each feature is probed the first time it is asked for.
  Features& features() { return features_; }

 private:
  KernelOptions options_;
  std::optional<Result<Tracefs>> tracefs_;
  struct btf* btf_ = nullptr;
  std::optional<Error> btf_error_;
  Features features_;
};

}  // namespace sonde
