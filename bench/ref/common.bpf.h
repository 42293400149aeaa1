// Shared by the hand-written reference programs: the tracepoint context of syscalls:sys_enter_*
// (from events/syscalls/sys_enter_getppid/format) and the license.
#pragma once

#include <linux/bpf.h>
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

struct sys_enter_ctx {
  __u64 common;        // common_type, common_flags, common_preempt_count, common_pid
  int syscall_nr;
  int pad;
  unsigned long args[6];
};

char LICENSE[] SEC("license") = "GPL";
