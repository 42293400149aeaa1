// Reference for `tracepoint:syscalls:sys_enter_getppid { @[comm] = count(); }`: a per-CPU hash
// keyed by the thread name, counted in place; a new key is inserted once.
#include "common.bpf.h"

struct comm_key {
  char comm[16];
};

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
  __uint(max_entries, 4096);
  __type(key, struct comm_key);
  __type(value, __u64);
} counts SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getppid")
int count_by_comm(struct sys_enter_ctx* ctx) {
  struct comm_key key;
  bpf_get_current_comm(&key.comm, sizeof key.comm);
  __u64* value = bpf_map_lookup_elem(&counts, &key);
  if (value) {
    *value += 1;
  } else {
    __u64 one = 1;
    bpf_map_update_elem(&counts, &key, &one, BPF_NOEXIST);
  }
  return 0;
}
