#!/usr/bin/env bash
# Runs every benchmark (`make bench`): startup, per-event cost against the hand-written libbpf
# references, printf throughput, large map printing. Needs root. Results go to stdout; copy
# them with their commands into docs/performance.md. Benchmarks are never part of the tests.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
BUILD_DIR=${BUILD_DIR:-build}
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR=$(dirname "$BENCH_DIR")/$BUILD_DIR ;; esac
export BUILD_DIR
cmake --build "$BUILD_DIR" --target sonde bench_tools >/dev/null
[ -f "$BUILD_DIR/bench/count.bpf.o" ] ||
  echo "note: no clang with the BPF target: reference programs skipped"
command -v bpftrace >/dev/null || echo "note: bpftrace not installed: its columns stay empty"
echo "== $(uname -r), $(nproc) CPUs, $(date -u +%Y-%m-%d)"
for bench in startup event_cost printf_rate map_print; do
  echo
  echo "== $bench"
  "$BENCH_DIR/$bench.sh"
done
