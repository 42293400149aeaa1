#include "sema/x86_64_abi.h"

#include <iterator>
#include <utility>

namespace sonde {

int x86_register_offset(std::string_view name) {
  // struct pt_regs (arch/x86/include/asm/ptrace.h), 8 bytes per register in this order.
  static const char* kRegisters[] = {"r15", "r14", "r13", "r12", "bp",      "bx", "r11",
                                     "r10", "r9",  "r8",  "ax",  "cx",      "dx", "si",
                                     "di",  "orig_ax", "ip", "cs", "flags", "sp", "ss"};
  if (name == "pc") name = "ip";  // latest bpftrace's alias
  for (size_t i = 0; i < std::size(kRegisters); ++i)
    if (name == kRegisters[i]) return static_cast<int>(i * 8);
  return -1;
}

int signal_number(std::string_view name) {
  static const std::pair<const char*, int> kSignals[] = {
      {"HUP", 1},   {"INT", 2},     {"QUIT", 3},  {"ILL", 4},     {"TRAP", 5},   {"ABRT", 6},
      {"BUS", 7},   {"FPE", 8},     {"KILL", 9},  {"USR1", 10},   {"SEGV", 11},  {"USR2", 12},
      {"PIPE", 13}, {"ALRM", 14},   {"TERM", 15}, {"STKFLT", 16}, {"CHLD", 17},  {"CONT", 18},
      {"STOP", 19}, {"TSTP", 20},   {"TTIN", 21}, {"TTOU", 22},   {"URG", 23},   {"XCPU", 24},
      {"XFSZ", 25}, {"VTALRM", 26}, {"PROF", 27}, {"WINCH", 28},  {"IO", 29},    {"PWR", 30},
      {"SYS", 31},
  };
  if (name.substr(0, 3) == "SIG") name.remove_prefix(3);
  for (const auto& [signal, number] : kSignals)
    if (name == signal) return number;
  return -1;
}

}  // namespace sonde
