#!/usr/bin/env bash
# bench_exports.sh — how long each exporter takes on a trace of at least a
# million events (wall-clock, so a benchmark, never a test).
#
# Runs bench/programs/tcp_echo.c (a TCP echo pair over one 1 ms link) for ROUNDS round trips
# (default 130000: about 1.04 million rows in the trace's `events` view), then
# times `wsim export chrome`, `wsim report` and `wsim export pcap` on it and
# prints the sizes of what they wrote, and the report's DOM size once drawn
# in headless Chromium when it is installed.
#
# Usage: bench_exports.sh WSIM [ROUNDS] [WORKDIR]
#   (cmake --build build --target bench_exports)
set -euo pipefail
wsim=$1 rounds=${2:-130000}
here=$(cd "$(dirname "$0")" && pwd)
dir=${3:-$(mktemp -d /tmp/wsim-bench-exports-XXXXXX)}
mkdir -p "$dir"
cat >"$dir/echo.json" <<JSON
{
  "seed": 1,
  "stop_time": "100000s",
  "hosts": [
    { "name": "server", "address": "10.0.0.1",
      "programs": [ { "module": "$here/../programs/tcp_echo.c", "args": ["server", "7000"] } ] },
    { "name": "client", "address": "10.0.0.2",
      "programs": [ { "module": "$here/../programs/tcp_echo.c", "start": "1ms",
                      "args": ["client", "10.0.0.1", "7000", "$rounds"] } ] }
  ],
  "links": [ { "between": ["client", "server"], "latency": "1ms", "bandwidth": "100Mbit/s" } ]
}
JSON
now() { date +%s.%N; }
took() { python3 -c "import sys; print('%.2f s' % (float(sys.argv[2]) - float(sys.argv[1])))" "$1" "$2"; }
size() { du -h "$1" | cut -f1; }

t0=$(now)
"$wsim" run "$dir/echo.json" --quiet --trace "$dir/echo.wsimtrace" >/dev/null
t1=$(now)
events=$(sqlite3 "$dir/echo.wsimtrace" "SELECT count(*) FROM events")
echo "trace: $events events, $(size "$dir/echo.wsimtrace") (wsim run: $(took "$t0" "$t1"))"

t0=$(now); "$wsim" export chrome "$dir/echo.wsimtrace" -o "$dir/echo.json.trace"; t1=$(now)
echo "export chrome: $(took "$t0" "$t1"), $(size "$dir/echo.json.trace")"
t0=$(now); "$wsim" report "$dir/echo.wsimtrace" -o "$dir/echo.html"; t1=$(now)
echo "report: $(took "$t0" "$t1"), $(size "$dir/echo.html")"
t0=$(now); "$wsim" export pcap "$dir/echo.wsimtrace" -o "$dir/echo.pcap"; t1=$(now)
echo "export pcap: $(took "$t0" "$t1"), $(size "$dir/echo.pcap")"
t0=$(now); "$wsim" export pcap "$dir/echo.wsimtrace" -o "$dir/client.pcap" --host client; t1=$(now)
echo "export pcap --host client: $(took "$t0" "$t1"), $(size "$dir/client.pcap")"

if command -v chromium >/dev/null; then
  t0=$(now)
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$dir/profile" --virtual-time-budget=30000 \
    --dump-dom "file://$dir/echo.html" >"$dir/dom.html" 2>/dev/null
  t1=$(now)
  echo "report in chromium: drawn in $(took "$t0" "$t1"); DOM elements: $(grep -o '<[a-z]' "$dir/dom.html" | wc -l), arrows $(grep -o 'class="arrow ' "$dir/dom.html" | wc -l), call bars $(grep -o 'class="call' "$dir/dom.html" | wc -l)"
fi
echo "files in $dir"
