# Shared by the benchmark scripts: where things are, starting and stopping tracers.
# Source it; BUILD_DIR (default: build) names the CMake build directory.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(dirname "$BENCH_DIR")
BUILD_DIR=${BUILD_DIR:-$ROOT_DIR/build}
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR=$ROOT_DIR/$BUILD_DIR ;; esac
SONDE=${SONDE:-$BUILD_DIR/sonde}
TOOLS=$BUILD_DIR/bench
BPFTRACE=${BPFTRACE:-$(command -v bpftrace || true)}
WORK=$(mktemp -d /tmp/sonde-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

have_ref() { [ -f "$TOOLS/count.bpf.o" ] && [ -x "$TOOLS/ref_loader" ]; }

# start_tracer NAME CMD...: runs CMD in the background (stdout and stderr into $WORK/NAME.out
# and .err), waits until it prints the attach notification, sets TRACER_PID.
start_tracer() {
  local name=$1
  shift
  __BPFTRACE_NOTIFY_PROBES_ATTACHED=1 "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  TRACER_PID=$!
  local waited=0
  until grep -q __BPFTRACE_NOTIFY_PROBES_ATTACHED "$WORK/$name.err" 2>/dev/null; do
    sleep 0.05
    waited=$((waited + 1))
    if [ $waited -gt 400 ] || ! kill -0 "$TRACER_PID" 2>/dev/null; then
      echo "bench: $name did not attach:" >&2
      cat "$WORK/$name.err" >&2
      return 1
    fi
  done
  sleep 0.2
}

stop_tracer() {
  kill -INT "$TRACER_PID" 2>/dev/null
  wait "$TRACER_PID" 2>/dev/null
  TRACER_PID=
}

# median of the numbers on stdin
median() { sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
