// Reference for `tracepoint:syscalls:sys_enter_getppid { @ = count(); }`: one per-CPU counter
// incremented in place.
#include "common.bpf.h"

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, __u64);
} counter SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getppid")
int count_getppid(struct sys_enter_ctx* ctx) {
  __u32 key = 0;
  __u64* value = bpf_map_lookup_elem(&counter, &key);
  if (value) *value += 1;
  return 0;
}
