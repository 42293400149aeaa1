// Capturing stacks and user addresses so user space can symbolize them later.
//
// Stack maps: one BPF stack-trace map per (kernel/user, depth). The kernel hashes only the
// frames a map's value holds, so `@[kstack(3)] = count()` counts two calls with the same top
// three frames under one id — a single 127-frame map would split them into separate keys
// that print the same. The default depth (127) uses the maps CompileState creates
// ("sonde_kstack"/"sonde_ustack"); depth N uses "sonde_kstack_N"/"sonde_ustack_N". A stack
// value's id carries N in bits 32..47 (0 for the default maps) so the runtime knows which map
// to read; the kernel's id stays in the low 32 bits, and negative values are failures.
//
// Processes: the first time a pid's user stack or address is captured, the program sends
// ActionKind::ProcessSeen (at most once per pid, tracked in an LRU hash "sonde_pids") so that
// user space builds that process's symbol cache while the process is still alive.
#pragma once

#include <string>

#include "codegen/probe_emitter.h"

namespace sonde::codegen {

// Stack id value (kstack) or {id, pid} in memory (ustack) for a stack type.
Value capture_stack(ProbeEmitter& e, const Type& stack_type);

// Sends ProcessSeen for `pid` (i64) unless already sent for it.
void notify_process_seen(ProbeEmitter& e, llvm::Value* pid);

// Name of the stack map for kernel/user stacks of `depth` frames.
std::string stack_map_name(bool user, uint32_t depth);

}  // namespace sonde::codegen
