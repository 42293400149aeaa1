#!/usr/bin/env bash
# Printing a 100,000-key map at exit: `@[args->offset] = count()` on sys_enter_lseek filled by
# 100,000 lseek() calls at distinct offsets, printed to a file (-o) at exit. The figure is the
# time from the END probe (which runs after detaching, right before the maps are printed) to
# the tracer's exit; also shown: SIGINT to exit, which adds detaching. Median of ROUNDS runs.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-5}
KEYS=${KEYS:-100000}
program='tracepoint:syscalls:sys_enter_lseek /comm == "lseek_bench"/ { @[args->offset] = count(); } END { printf("end %llu\n", nsecs); }'

run() {
  local name=$1 clock=$2
  shift 2
  for ((round = 0; round < ROUNDS; round++)); do
    "$TOOLS/map_print_time" "$TOOLS/lseek_keys" "$KEYS" "$WORK/$name.txt" "$clock" -- "$@"
  done | sort -t= -k2 -g | sed -n "$(((ROUNDS + 1) / 2))p" | sed "s/^/$name: /"
}

BPFTRACE_MAX_MAP_KEYS=$KEYS run sonde boot "$SONDE" -o "$WORK/sonde.txt" -e "$program"
if [ -n "$BPFTRACE" ]; then
  # bpftrace 0.17 reads BPFTRACE_MAP_KEYS_MAX and its nsecs is CLOCK_MONOTONIC.
  BPFTRACE_MAP_KEYS_MAX=$KEYS run bpftrace mono "$BPFTRACE" -o "$WORK/bpftrace.txt" -e "$program"
fi
