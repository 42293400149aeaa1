// Loads a hand-written reference BPF object, attaches all its programs and runs until SIGINT or
// SIGTERM, printing the "__BPFTRACE_NOTIFY_PROBES_ATTACHED" line on stderr once attached, as
// sonde does. With `-o FILE` it also consumes the object's ring buffer "events" the way a
// hand-written tool would: one "getppid TID" line per 8-byte record, written with stdio in 64
// KiB blocks and flushed after each batch; at exit it prints the per-CPU "lost" counter total as
// "WARNING: Total lost event count: N" on stderr.
// Usage: ref_loader OBJECT.bpf.o [-o FILE]
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <unistd.h>

static FILE* out;

static int on_event(void* ctx, void* data, size_t size) {
  char line[32] = "getppid ";
  char digits[24];
  uint64_t v = *(const uint64_t*)data;
  int n = 0;
  do {
    digits[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  size_t len = 8;
  while (n) line[len++] = digits[--n];
  line[len++] = '\n';
  fwrite_unlocked(line, 1, len, out);
  return 0;
}

static uint64_t lost_total(struct bpf_object* obj) {
  struct bpf_map* map = bpf_object__find_map_by_name(obj, "lost");
  if (!map) return 0;
  int cpus = libbpf_num_possible_cpus();
  uint64_t* values = calloc(cpus, sizeof *values);
  uint32_t key = 0;
  uint64_t total = 0;
  if (bpf_map_lookup_elem(bpf_map__fd(map), &key, values) == 0)
    for (int i = 0; i < cpus; i++) total += values[i];
  free(values);
  return total;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: ref_loader OBJECT.bpf.o [-o FILE]\n");
    return 2;
  }
  const char* out_path = argc > 3 && strcmp(argv[2], "-o") == 0 ? argv[3] : NULL;
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigprocmask(SIG_BLOCK, &signals, NULL);
  int sigfd = signalfd(-1, &signals, 0);

  struct bpf_object* obj = bpf_object__open_file(argv[1], NULL);
  if (!obj || bpf_object__load(obj) != 0) {
    fprintf(stderr, "ref_loader: cannot load %s\n", argv[1]);
    return 1;
  }
  struct bpf_program* prog;
  bpf_object__for_each_program(prog, obj) {
    if (!bpf_program__attach(prog)) {
      fprintf(stderr, "ref_loader: cannot attach %s\n", bpf_program__name(prog));
      return 1;
    }
  }
  struct ring_buffer* ring = NULL;
  if (out_path) {
    out = fopen(out_path, "w");
    if (!out) return 1;
    setvbuf(out, NULL, _IOFBF, 1 << 16);
    struct bpf_map* events = bpf_object__find_map_by_name(obj, "events");
    ring = ring_buffer__new(bpf_map__fd(events), on_event, NULL, NULL);
  }
  fprintf(stderr, "__BPFTRACE_NOTIFY_PROBES_ATTACHED\n");
  if (!ring) {
    struct signalfd_siginfo info;
    while (read(sigfd, &info, sizeof info) != sizeof info) {
    }
    return 0;
  }
  for (;;) {
    ring_buffer__poll(ring, 50);
    fflush(out);
    struct signalfd_siginfo info;
    fd_set fds;
    FD_ZERO(&fds);
    FD_SET(sigfd, &fds);
    struct timeval zero = {0, 0};
    if (select(sigfd + 1, &fds, NULL, NULL, &zero) > 0 && read(sigfd, &info, sizeof info) > 0)
      break;
  }
  ring_buffer__consume(ring);
  fclose(out);
  uint64_t lost = lost_total(obj);
  if (lost) fprintf(stderr, "WARNING: Total lost event count: %llu\n", (unsigned long long)lost);
  return 0;
}
