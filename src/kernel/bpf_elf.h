// Hand-written BPF programs as a libbpf object: a minimal ELF relocatable file (program
// sections, symbols, a GPL license) built in memory, so a few instructions assembled at run
// time (the raw_syscalls dispatcher) can be loaded and attached through libbpf and get real
// bpf_link objects. Map references must already be resolved in the instructions (ld_imm64
// with BPF_PSEUDO_MAP_FD and a live fd); the ELF carries no relocations and no BTF.
#pragma once

#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include <memory>
#include <string>
#include <vector>

#include "support/result.h"

namespace sonde {

struct HandWrittenProgram {
  std::string section;  // libbpf section name: decides the program type ("raw_tp")
  std::string name;     // symbol name, unique in the object
  std::vector<bpf_insn> insns;
};

// The ELF bytes of an object holding `programs`.
std::vector<char> hand_written_elf(const std::vector<HandWrittenProgram>& programs);

struct BpfObjectDeleter {
  void operator()(bpf_object* object) const { bpf_object__close(object); }
};
using BpfObjectPtr = std::unique_ptr<bpf_object, BpfObjectDeleter>;

// Opens and loads the programs; a rejection carries the verifier's log.
Result<BpfObjectPtr> load_hand_written(const std::vector<HandWrittenProgram>& programs);

}  // namespace sonde
