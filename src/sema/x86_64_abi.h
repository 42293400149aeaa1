// Machine facts the language exposes by name on x86_64: register offsets in struct pt_regs
// (reg("ip")) and signal numbers (signal("SIGKILL")).
#pragma once

#include <string_view>

namespace sonde {

// Byte offset of register `name` in struct pt_regs ("ip", "pc", "sp", "di", "r8", "ax" ...),
// or -1 if there is no such register.
int x86_register_offset(std::string_view name);

// Signal number of "SIGKILL" or "KILL" style names, or -1.
int signal_number(std::string_view name);

}  // namespace sonde
