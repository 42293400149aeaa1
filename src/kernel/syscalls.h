// x86_64 syscall numbers by the name the kernel gives their tracepoints
// (syscalls:sys_enter_NAME), so syscall tracepoints can be served by one raw_syscalls program
// that dispatches on the number. A name without a known number is attached the ordinary way.
#pragma once

#include <optional>
#include <string_view>

namespace sonde {

// The number of the syscall whose tracepoints are sys_enter_NAME / sys_exit_NAME. The name is
// the kernel's entry-point name (newstat, sendfile64, umount), not always the __NR_ name.
std::optional<int> syscall_number(std::string_view name);

}  // namespace sonde
