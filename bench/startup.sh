#!/usr/bin/env bash
# Startup cost: whole-process wall time and peak RSS (wait4's ru_maxrss) of two short runs,
# median of RUNS runs each, sonde next to bpftrace when installed.
#  - `BEGIN { exit(); }`: parse, compile, load, run BEGIN, exit;
#  - a tracepoint one-liner: time from start until it reports its probes attached;
#  - the same run with `-c /bin/true`: also attach, run the child, detach, print.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-21}
begin='BEGIN { exit(); }'
tracepoint='tracepoint:syscalls:sys_enter_getppid { @ = count(); }'

row() {
  printf '%-10s %-62s ' "$1" "$2"
  "$TOOLS/runstat" "$RUNS" -- "${@:3}"
}
row sonde "$begin" "$SONDE" -e "$begin"
[ -n "$BPFTRACE" ] && row bpftrace "$begin" "$BPFTRACE" -e "$begin"
# Start until every probe is attached (the attach notification), then SIGINT.
attach_row() {
  printf '%-10s %-62s ' "$1" "$2"
  "$TOOLS/attach_time" "$RUNS" -- "${@:3}"
}
attach_row sonde "$tracepoint (until attached)" "$SONDE" -e "$tracepoint"
# (bpftrace 0.17 does not print the attach notification, so it has no row here.)
row sonde "$tracepoint -c /bin/true" "$SONDE" -e "$tracepoint" -c /bin/true
[ -n "$BPFTRACE" ] && row bpftrace "$tracepoint -c /bin/true" "$BPFTRACE" -e "$tracepoint" -c /bin/true
true
