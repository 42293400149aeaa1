// Kernel: the lazy facade over kernel facts that providers and the compiler consult — tracefs,
// vmlinux BTF, detected features. One object per run, owned by the CLI. Nothing is touched
// before it is asked for, so `BEGIN { exit(); }` reads no tracefs and loads no BTF.
#pragma once

#include <future>
#include <memory>
#include <optional>
#include <string>

#include "kernel/btf_signatures.h"
#include "kernel/features.h"
#include "kernel/traceable_functions.h"
#include "kernel/tracefs.h"
#include "support/result.h"

struct btf;

namespace sonde {

struct KernelOptions {
  std::string btf_path;      // BPFTRACE_BTF: a BTF file to use instead of the kernel's
  std::string tracefs_root;  // use this directory as tracefs (tests); empty: find or mount
  // --traceable-functions: a file in available_filter_functions format to use instead.
  std::string traceable_functions_path;
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
  // Starts loading vmlinux BTF on another thread (~9 ms here), for a run that will need it
  // after compiling (e.g. the syscall dispatcher), so that the two overlap. btf() waits for it.
  void prefetch_btf();

  // Function and raw tracepoint signatures from vmlinux BTF (created on first use).
  Result<BtfSignatures*> btf_signatures();

  // Functions kprobes / fentry may attach to (read on first use; see traceable_functions.h).
  const TraceableFunctions& traceable_functions();

  // Feature detection; each feature is probed the first time it is asked for.
  Features& features() { return features_; }

 private:
  KernelOptions options_;
  std::optional<Result<Tracefs>> tracefs_;
  struct btf* btf_ = nullptr;
  std::optional<Error> btf_error_;
  std::future<struct btf*> btf_loading_;  // prefetch_btf() in flight
  int btf_loading_errno_ = 0;
  std::unique_ptr<BtfSignatures> btf_signatures_;
  std::optional<TraceableFunctions> traceable_functions_;
  Features features_;
};

}  // namespace sonde
