// Syscall tracepoints (syscalls:sys_enter_NAME / sys_exit_NAME) served by the raw_syscalls
// raw tracepoints: one small hand-written program on `sys_enter` (or `sys_exit`) tail-calls,
// through a program array indexed by syscall number, the program compiled for that syscall.
//
// Why: each perf-event tracepoint attachment costs 50-95 ms to detach (the kernel waits for
// RCU grace periods under a global mutex), so `tracepoint:syscalls:sys_enter_*` took tens of
// seconds to exit; a raw tracepoint link detaches in under a millisecond. The programs see the
// same `args` record (codegen rebuilds it from the registers, see ProbeContext::syscall_record)
// and are skipped for 32-bit compat syscalls, as the syscall tracepoints are.
#pragma once

#include <vector>

#include "probes/provider.h"

namespace sonde {

enum class SyscallDirection { Enter, Exit };

struct SyscallProgram {
  int number = 0;
  bpf_program* prog = nullptr;
};

// Loads and attaches the dispatchers for `programs` (raw tracepoint programs): one per
// "layer", as a syscall traced by several probes needs one program-array slot per probe.
// Returns the dispatchers' links; destroying them detaches everything.
Result<std::vector<LinkPtr>> attach_syscall_dispatch(SyscallDirection direction,
                                                     const std::vector<SyscallProgram>& programs,
                                                     const ProbeEnv& env);

}  // namespace sonde
