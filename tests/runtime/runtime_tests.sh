#!/bin/sh
# runtime_tests.sh WSIM PROGRAMS_DIR CASE — what wsim does to a program:
#   stack_overflow   a runaway recursion faults in the thread's guard page:
#                    the trace keeps the output and a crash record saying so
#   wmain_wide_args  wmain gets UTF-8 arguments as wide strings; printf and
#                    wprintf lines mix on one stream
#   killed_at_stop   a program still running at the stop time is killed; the
#                    memory it held is freed by wsim (a sanitizer build's
#                    leak checker, run in the simulating process at its exit,
#                    would otherwise fail the run)
set -eu
wsim=$1 programs=$2 case=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail=0
check() { # check DESCRIPTION ACTUAL EXPECTED
  if [ "$2" != "$3" ]; then echo "FAIL: $1: got '$2', expected '$3'"; fail=1; fi
}
q() { sqlite3 trace.db "$1"; }

case "$case" in
stack_overflow)
  cat > s.json <<JSON
{ "hosts": [ { "name": "h", "address": "10.0.0.1",
  "programs": [ { "module": "$programs/overflow.c" } ] } ] }
JSON
  rc=0; "$wsim" run s.json --trace trace.db > out.txt 2> err.txt || rc=$?
  check "exit code" "$rc" 1
  check "meta end_reason" "$(q "select value from meta where key='end_reason'")" crash
  check "output before the crash" "$(q "select line from output")" recursing
  check "crash row" "$(q "select time_ns, signal, fault_in_guard from crashes")" "2000000|11|1"
  ;;
wmain_wide_args)
  cat > s.json <<JSON
{ "hosts": [ { "name": "h", "address": "10.0.0.1",
  "programs": [ { "module": "$programs/wide_args.c", "args": ["plain", "grüße", "日本"] } ] } ] }
JSON
  "$wsim" run s.json --trace trace.db > out.txt
  check "lines" "$(q "select group_concat(line, '/') from (select line from output order by seq)")" \
    "argc 4/arg 1: plain (5 wide chars)/arg 2: grüße (5 wide chars)/arg 3: 日本 (2 wide chars)/done"
  ;;
killed_at_stop)
  cat > s.json <<JSON
{ "stop_time": "1s", "hosts": [ { "name": "h", "address": "10.0.0.1",
  "programs": [ { "module": "$programs/hold_memory.c" } ] } ] }
JSON
  rc=0; "$wsim" run s.json --trace trace.db > out.txt 2> err.txt || rc=$?
  check "exit code" "$rc" 1
  check "meta end_reason" "$(q "select value from meta where key='end_reason'")" stop-time
  check "program exit" "$(q "select exit_how from programs")" killed
  if grep -q "ended abnormally\|LeakSanitizer" err.txt; then
    echo "FAIL: the simulating process did not end cleanly:"; cat err.txt; fail=1
  fi
  ;;
*) echo "unknown case $case"; exit 2 ;;
esac
[ $fail -eq 0 ] || { echo "--- stdout"; cat out.txt; echo "--- stderr"; cat err.txt 2>/dev/null || true; }
exit $fail
