// sonde's own table of common C macros that scripts use as identifiers but that kernel BTF
// cannot supply, because they are `#define`s rather than enumerators: address families
// (AF_INET), socket types, task states (TASK_RUNNING), open flags, errno and signal numbers.
// Values are the x86_64 Linux ABI's. The table answers after the script's own #defines and
// scanned headers, so a script can always override an entry.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sonde::cdefs {

std::optional<int64_t> builtin_constant(std::string_view name);
// The table is kept sorted for lookup (a unit test checks).
bool builtin_constants_sorted();

}  // namespace sonde::cdefs
