#!/usr/bin/env bash
# no_trace.sh — `wsim run --no-trace` runs the same run as a traced one.
#
# Usage: no_trace.sh CASE WSIM EXAMPLES
#   same_run      for each example (one that succeeds, one whose server
#                 crashes) and two seeds: the program output lines (on
#                 stdout, "[time host] …") and the exit status are the same
#                 with and without --no-trace, and --no-trace writes no
#                 trace file
#   with_trace    --no-trace with --trace is a usage error (exit 2)
set -u
case_name=$1 wsim=$2 examples=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

check_same_run() {
  local scenario seed
  for scenario in two-hosts crashing-server; do
    for seed in 1 7; do
      mkdir -p "$tmp/traced" "$tmp/untraced"
      (cd "$tmp/traced" && "$wsim" run "$examples/$scenario.json" --seed $seed >out 2>err)
      local traced_status=$?
      (cd "$tmp/untraced" && "$wsim" run "$examples/$scenario.json" --seed $seed --no-trace >out 2>err)
      local untraced_status=$?
      [ "$traced_status" -eq "$untraced_status" ] ||
        fail "$scenario seed $seed: exit $traced_status traced, $untraced_status untraced"
      grep '^\[' "$tmp/traced/out" >"$tmp/traced/lines"
      grep '^\[' "$tmp/untraced/out" >"$tmp/untraced/lines"
      [ -s "$tmp/traced/lines" ] || fail "$scenario seed $seed: the traced run printed no program output"
      cmp -s "$tmp/traced/lines" "$tmp/untraced/lines" ||
        fail "$scenario seed $seed: program output differs: $(diff "$tmp/traced/lines" "$tmp/untraced/lines" | head -5)"
      grep '^wsim: crash' "$tmp/traced/err" >"$tmp/traced/crashes"
      grep '^wsim: crash' "$tmp/untraced/err" >"$tmp/untraced/crashes"
      cmp -s "$tmp/traced/crashes" "$tmp/untraced/crashes" ||
        fail "$scenario seed $seed: the crashes reported differ"
      ls "$tmp/traced"/*.wsimtrace >/dev/null 2>&1 || fail "$scenario: the traced run wrote no trace"
      ! ls "$tmp/untraced"/*.wsimtrace* >/dev/null 2>&1 || fail "$scenario: --no-trace wrote a trace"
      rm -rf "$tmp/traced" "$tmp/untraced"
    done
  done
}

check_with_trace() {
  "$wsim" run "$examples/two-hosts.json" --no-trace --trace x.wsimtrace >out 2>err
  local status=$?
  [ "$status" -eq 2 ] || fail "--no-trace --trace: exit $status, expected 2"
  grep -q -- '--no-trace' err || fail "--no-trace --trace: the message does not name the options: $(cat err)"
  [ ! -s out ] || fail "--no-trace --trace printed on stdout"
  [ ! -e x.wsimtrace ] || fail "--no-trace --trace wrote a trace"
}

case "$case_name" in
  same_run) check_same_run ;;
  with_trace) check_with_trace ;;
  *) echo "no_trace.sh: unknown case $case_name" >&2; exit 2 ;;
esac
[ "$failures" -eq 0 ]
