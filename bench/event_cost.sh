#!/usr/bin/env bash
# Per-event cost of three one-liners on tracepoint:syscalls:sys_enter_getppid: nanoseconds
# added to each getppid() call (pinned to CPU 1, COUNT calls per measurement) by sonde, by the
# hand-written libbpf reference (bench/ref/*.bpf.c) and by bpftrace when installed. Every
# round measures the bare syscall and each tracer once, so all share the same conditions;
# the figures are medians over ROUNDS rounds of (tracer - bare syscall of that round).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-7}
COUNT=${COUNT:-3000000}

one_liners=(
  "count|tracepoint:syscalls:sys_enter_getppid { @ = count(); }|count"
  "comm|tracepoint:syscalls:sys_enter_getppid { @[comm] = count(); }|comm_count"
  "hist|tracepoint:syscalls:sys_enter_getppid { @ = hist(pid); }|hist"
)

measure() { taskset -c 1 "$TOOLS/syscall_cost" "$COUNT"; }

printf '%-50s %10s %10s %10s %10s %8s\n' "one-liner (ns added per call)" "syscall" "reference" \
  "sonde" "bpftrace" "sonde/ref"
for entry in "${one_liners[@]}"; do
  IFS='|' read -r key program ref <<<"$entry"
  : >"$WORK/$key.base"; : >"$WORK/$key.ref"; : >"$WORK/$key.sonde"; : >"$WORK/$key.bpftrace"
  for ((round = 0; round < ROUNDS; round++)); do
    measure >>"$WORK/$key.base"
    if have_ref; then
      start_tracer ref "$TOOLS/ref_loader" "$TOOLS/$ref.bpf.o"
      measure >>"$WORK/$key.ref"
      stop_tracer
    fi
    start_tracer sonde "$SONDE" -e "$program"
    measure >>"$WORK/$key.sonde"
    stop_tracer
    if [ -n "$BPFTRACE" ]; then
      start_tracer bpftrace "$BPFTRACE" -e "$program"
      measure >>"$WORK/$key.bpftrace"
      stop_tracer
    fi
  done
  base=$(median <"$WORK/$key.base")
  # Each round's cost minus the same round's bare syscall, then the median.
  added() { [ -s "$1" ] && paste "$1" "$WORK/$key.base" | awk '{print $1 - $2}' | median || echo "-"; }
  ref_ns=$(added "$WORK/$key.ref")
  sonde_ns=$(added "$WORK/$key.sonde")
  bt_ns=$(added "$WORK/$key.bpftrace")
  ratio=$([ "$ref_ns" != "-" ] && awk -v s="$sonde_ns" -v r="$ref_ns" 'BEGIN {printf "%.3f", s / r}' || echo "-")
  printf '%-50s %10s %10s %10s %10s %8s\n' "$program" "$base" "+$ref_ns" "+$sonde_ns" \
    "+$bt_ns" "$ratio"
done
