// USDT argument specs (x86_64): the space-separated list a `.note.stapsdt` entry carries, e.g.
// "-4@%eax 8@-8(%rbp) 4@$5", decoded into where codegen finds each argument in struct pt_regs.
#pragma once

#include <string_view>
#include <vector>

#include "probes/provider.h"

namespace sonde {

// Decodes every argument of a note. Forms: `N@$IMM` (constant), `N@%REG` (register),
// `N@DISP(%REG)` / `N@(%REG)` (memory at register + displacement). N is the size in bytes,
// negative when signed. Indexed and %rip-relative operands are refused with an error naming
// the spec.
Result<std::vector<UsdtArgument>> parse_usdt_arguments(std::string_view specs);

// Offset of a general-purpose register in x86_64 struct pt_regs, by any of its names
// ("rax", "eax", "ax", "al", "r8d" ...).
std::optional<uint32_t> usdt_register_offset(std::string_view reg);

}  // namespace sonde
