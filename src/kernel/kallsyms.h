// Compile-time kernel symbol addresses (kaddr("sym")) from /proc/kallsyms. Only scripts that
// use kaddr() read the file; printing kernel symbols goes through runtime/symbolizer.h.
#pragma once

#include <cstdint>
#include <string>

#include "support/result.h"

namespace sonde {

// Address of kernel symbol `name` (the first match in /proc/kallsyms, or in `path`).
Result<uint64_t> kernel_symbol_address(const std::string& name,
                                       const std::string& path = "/proc/kallsyms");

}  // namespace sonde
