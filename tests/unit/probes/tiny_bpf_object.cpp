#include "tiny_bpf_object.h"

#include "kernel/bpf_elf.h"
#include "kernel/bpf_insns.h"

namespace sonde::testing {

Result<std::unique_ptr<TinyBpfObject>> TinyBpfObject::load(
    const std::vector<std::string>& sections) {
  std::vector<HandWrittenProgram> programs;
  for (size_t i = 0; i < sections.size(); ++i)
    programs.push_back({sections[i], "prog" + std::to_string(i),
                        {insn::mov64_imm(BPF_REG_0, 0), insn::exit()}});
  auto object = load_hand_written(programs);
  if (!object.ok()) return object.error();
  return std::unique_ptr<TinyBpfObject>(new TinyBpfObject(std::move(*object)));
}

bpf_program* TinyBpfObject::program(size_t index) const {
  return bpf_object__find_program_by_name(object_.get(), ("prog" + std::to_string(index)).c_str());
}

}  // namespace sonde::testing
