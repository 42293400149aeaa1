#!/usr/bin/env bash
# printf throughput: `printf("getppid %d\n", tid)` on every sys_enter_getppid of a generator
# calling getppid() flat out for SECONDS, delivered into a file (-o, default -B line) with the
# loss count checked exactly (delivered + lost == generated). Tracer on CPU 0, generator on
# CPU 1. Median of ROUNDS runs (by delivery rate).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-3}
program='tracepoint:syscalls:sys_enter_getppid /comm == "evgen_bench"/ { printf("getppid %d\n", tid); }'

run() {
  local name=$1
  shift
  for ((round = 0; round < ROUNDS; round++)); do
    "$TOOLS/printf_rate" "$TOOLS/evgen" "$WORK/$name.txt" "$WORK/$name.err" "$SECONDS_PER_RUN" \
      -- "$@"
  done | sort -t= -k7 -g | sed -n "$(((ROUNDS + 1) / 2))p" | sed "s/^/$name: /"
}

have_ref && run reference "$TOOLS/ref_loader" "$TOOLS/printf.bpf.o" -o "$WORK/reference.txt"
run sonde "$SONDE" -o "$WORK/sonde.txt" -e "$program"
# One generator thread is bound by the syscall's own cost; 16 events per call measure how fast
# sonde delivers when events come faster than one thread can make syscalls.
burst='tracepoint:syscalls:sys_enter_getppid /comm == "evgen_bench"/ { unroll(16) { printf("getppid %d\n", tid); } }'
EVENTS_PER_CALL=16 run "sonde-x16" "$SONDE" -o "$WORK/sonde-x16.txt" -e "$burst"
[ -n "$BPFTRACE" ] && run bpftrace "$BPFTRACE" -o "$WORK/bpftrace.txt" -e "$program"
true
