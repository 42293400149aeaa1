// A loaded BPF object with trivial programs (`r0 = 0; exit`) in given sections, built without
// LLVM (kernel/bpf_elf.h), so provider attach() can be tested with real bpf_program*s.
#pragma once

#include <bpf/libbpf.h>

#include <memory>
#include <string>
#include <vector>

#include "kernel/bpf_elf.h"
#include "support/result.h"

namespace sonde::testing {

class TinyBpfObject {
 public:
  // Opens and loads; an error when the kernel refuses.
  static Result<std::unique_ptr<TinyBpfObject>> load(const std::vector<std::string>& sections);

  // The program of sections[i].
  bpf_program* program(size_t index) const;

 private:
  explicit TinyBpfObject(BpfObjectPtr object) : object_(std::move(object)) {}
  BpfObjectPtr object_;
};

}  // namespace sonde::testing
