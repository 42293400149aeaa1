// A few raw BPF instructions, for the tiny programs that feature detection loads (and tests
// that attach without going through LLVM).
#pragma once

#include <linux/bpf.h>

#include <cstdint>

namespace sonde::insn {

inline bpf_insn mov64_imm(uint8_t dst, int32_t imm) {
  return bpf_insn{BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm};
}
inline bpf_insn mov64_reg(uint8_t dst, uint8_t src) {
  return bpf_insn{BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0};
}
inline bpf_insn add64_imm(uint8_t dst, int32_t imm) {
  return bpf_insn{BPF_ALU64 | BPF_ADD | BPF_K, dst, 0, 0, imm};
}
// dst = *(u64 *)(src + off)
inline bpf_insn load64(uint8_t dst, uint8_t src, int16_t off) {
  return bpf_insn{BPF_LDX | BPF_MEM | BPF_DW, dst, src, off, 0};
}
// *(u64 *)(dst + off) = imm
inline bpf_insn store64_imm(uint8_t dst, int16_t off, int32_t imm) {
  return bpf_insn{BPF_ST | BPF_MEM | BPF_DW, dst, 0, off, imm};
}
inline bpf_insn call(int32_t helper) { return bpf_insn{BPF_JMP | BPF_CALL, 0, 0, 0, helper}; }
inline bpf_insn exit() { return bpf_insn{BPF_JMP | BPF_EXIT, 0, 0, 0, 0}; }

}  // namespace sonde::insn
