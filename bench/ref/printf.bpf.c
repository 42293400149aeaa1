// Reference for `tracepoint:syscalls:sys_enter_getppid /comm == "evgen_bench"/ {
// printf("getppid %d\n", tid); }`: one ring-buffer record per event, losses counted per CPU.
#include "common.bpf.h"

struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 4 << 20);  // sonde's default size
} events SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, __u64);
} lost SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getppid")
int print_getppid(struct sys_enter_ctx* ctx) {
  char comm[16];
  bpf_get_current_comm(comm, sizeof comm);
  // "evgen_bench\0"
  if (*(__u64*)comm != *(const __u64*)"evgen_be" || *(__u32*)(comm + 8) != *(const __u32*)"nch")
    return 0;
  __u64* record = bpf_ringbuf_reserve(&events, 8, 0);
  if (!record) {
    __u32 key = 0;
    __u64* n = bpf_map_lookup_elem(&lost, &key);
    if (n) __sync_fetch_and_add(n, 1);
    return 0;
  }
  *record = (__u32)bpf_get_current_pid_tgid();
  bpf_ringbuf_submit(record, 0);
  return 0;
}
