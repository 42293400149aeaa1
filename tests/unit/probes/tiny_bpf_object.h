// A loaded BPF object with trivial programs (`r0 = 0; exit`) in given sections, built as an
// in-memory ELF file without LLVM, so provider attach() can be tested with real bpf_program*s.
#pragma once

#include <bpf/libbpf.h>

#include <memory>
#include <string>
#include <vector>

#include "support/result.h"

namespace sonde::testing {

// ELF relocatable object for EM_BPF: one program per section, named prog0, prog1, ...
std::vector<char> tiny_bpf_elf(const std::vector<std::string>& sections);

class TinyBpfObject {
 public:
  // Opens and loads; an error when the kernel refuses.
  static Result<std::unique_ptr<TinyBpfObject>> load(const std::vector<std::string>& sections);
  ~TinyBpfObject();

  // The program of sections[i].
  bpf_program* program(size_t index) const;

 private:
  explicit TinyBpfObject(bpf_object* object) : object_(object) {}
  bpf_object* object_;
};

}  // namespace sonde::testing
