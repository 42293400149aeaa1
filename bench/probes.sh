#!/usr/bin/env bash
# Probe targets of issue 4 (docs/performance.md "Probes"): `-l` of everything, and the
# `tracepoint:syscalls:sys_enter_*` one-liner — time from start until it is attached (and
# counting), and from SIGINT to exit. Needs root. SONDE (default BUILD_DIR/sonde, BUILD_DIR default build) is
# measured; with BPFTRACE_TOO=1 an installed bpftrace is measured the same way (its exit after
# sys_enter_* takes tens of seconds).
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
BUILD_DIR=${BUILD_DIR:-build}
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR=$(dirname "$BENCH_DIR")/$BUILD_DIR ;; esac
SONDE=${SONDE:-$BUILD_DIR/sonde}
WORK=$(mktemp -d /tmp/sonde-bench-probes.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
RUNS=${RUNS:-11}

now_ms() { date +%s%3N; }

# median of the numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# list_all TRACER: median wall and CPU milliseconds of `TRACER -l`, and the line count.
list_all() {
  local tracer=$1 wall=() cpu=()
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %U %S' -o "$WORK/time" "$tracer" -l >"$WORK/list" 2>/dev/null
    read -r e u s <"$WORK/time"
    wall+=("$(awk -v e="$e" 'BEGIN {print e * 1000}')")
    cpu+=("$(awk -v u="$u" -v s="$s" 'BEGIN {print (u + s) * 1000}')")
  done
  printf '%s -l: %s lines, median %s ms wall, %s ms CPU (%s runs)\n' "$(basename "$tracer")" \
    "$(wc -l <"$WORK/list")" "$(printf '%s\n' "${wall[@]}" | median)" \
    "$(printf '%s\n' "${cpu[@]}" | median)" "$RUNS"
}

# syscall_wildcard TRACER: ms from start to the attach notification (events flow from then on:
# the tracer's own syscalls hit the probes), and from SIGINT to exit, of the one-liner
# `tracepoint:syscalls:sys_enter_* { @[probe] = count(); }`.
syscall_wildcard() {
  local tracer=$1
  local prog='tracepoint:syscalls:sys_enter_* { @[probe] = count(); }'
  local start stop attached exited
  start=$(now_ms)
  __BPFTRACE_NOTIFY_PROBES_ATTACHED=1 "$tracer" -e "$prog" >"$WORK/out" 2>"$WORK/err" &
  local pid=$!
  until grep -q __BPFTRACE_NOTIFY_PROBES_ATTACHED "$WORK/err" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then cat "$WORK/err" >&2; return 1; fi
    sleep 0.01
  done
  attached=$(now_ms)
  # CPU time used until attached (utime + stime, in clock ticks).
  local ticks
  ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  local cpu_ms=$((ticks * 1000 / $(getconf CLK_TCK)))
  sleep 1
  stop=$(now_ms)
  kill -INT "$pid"
  wait "$pid" || true
  exited=$(now_ms)
  printf '%s sys_enter_*: %s probes, attached %s ms after start (%s ms CPU), exit %s ms after SIGINT, %s keys\n' \
    "$(basename "$tracer")" "$(grep -o 'Attached [0-9]*' "$WORK/err" | grep -o '[0-9]*')" \
    $((attached - start)) "$cpu_ms" $((exited - stop)) "$(grep -c '^@' "$WORK/out")"
}

echo "== $(uname -r), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
list_all "$SONDE"
syscall_wildcard "$SONDE"
if [ "${BPFTRACE_TOO:-0}" = 1 ] && command -v bpftrace >/dev/null; then
  list_all "$(command -v bpftrace)"
  syscall_wildcard "$(command -v bpftrace)"
fi
