// Reference for `tracepoint:syscalls:sys_enter_getppid { @ = hist(pid); }`: power-of-two
// buckets (0: negative, 1: zero, 2 + floor(log2 v) otherwise) in a per-CPU array.
#include "common.bpf.h"

#define BUCKETS 66

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, BUCKETS);
  __type(key, __u32);
  __type(value, __u64);
} buckets SEC(".maps");

static __always_inline __u32 log2_u64(__u64 v) {
  __u32 r = 0, shift;
  shift = (v > 0xffffffffULL) << 5; v >>= shift; r |= shift;
  shift = (v > 0xffff) << 4; v >>= shift; r |= shift;
  shift = (v > 0xff) << 3; v >>= shift; r |= shift;
  shift = (v > 0xf) << 2; v >>= shift; r |= shift;
  shift = (v > 0x3) << 1; v >>= shift; r |= shift;
  r |= (__u32)(v >> 1);
  return r;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int hist_pid(struct sys_enter_ctx* ctx) {
  __s64 v = (__s64)(bpf_get_current_pid_tgid() >> 32);
  __u32 key = v < 0 ? 0 : v == 0 ? 1 : 2 + log2_u64((__u64)v);
  __u64* count = bpf_map_lookup_elem(&buckets, &key);
  if (count) *count += 1;
  return 0;
}
