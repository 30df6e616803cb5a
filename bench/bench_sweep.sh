#!/usr/bin/env bash
# bench_sweep.sh — seeds per second of `wsim sweep` on a tiny scenario (a
# client sending 2000 bytes to a server on one host, under the documented
# latitude), with 1 and with 2 jobs.  A benchmark, not a test: it measures
# wall-clock time.
#
#   bench/bench_sweep.sh [WSIM] [SEEDS]     (defaults: build/tools/wsim, 400)
#
# The module is built into a fresh cache first, so the figures are the
# sweep's own cost per seed (fork, run, trace, verdict).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
wsim=${1:-$top/build/tools/wsim}
seeds=${2:-400}
work=$(mktemp -d /tmp/wsim-bench-sweep.XXXXXX)
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME=$work/cache
cat >"$work/tiny.json" <<JSON
{ "stop_time": "10s", "latitude": "documented",
  "hosts": [ { "name": "a", "address": "10.0.0.1", "programs": [
      { "module": "$top/tests/sweep/programs/fragile_recv.c", "args": ["server", "7000"] },
      { "module": "$top/tests/sweep/programs/fragile_recv.c", "args": ["client", "127.0.0.1", "7000"],
        "start": "1ms" } ] } ] }
JSON
"$wsim" sweep "$work/tiny.json" --seeds 1..1 --out "$work/warm" >/dev/null || true
for jobs in 1 2; do
  start=$(date +%s.%N)
  "$wsim" sweep "$work/tiny.json" --seeds "1..$seeds" --jobs "$jobs" --out "$work/j$jobs" >/dev/null || true
  end=$(date +%s.%N)
  awk -v n="$seeds" -v j="$jobs" -v a="$start" -v b="$end" \
    'BEGIN { printf "sweep of %d seeds, %d job%s: %.2f s, %.0f seeds/s\n", n, j, j == 1 ? "" : "s", b - a, n / (b - a) }'
done
