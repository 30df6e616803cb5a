#!/usr/bin/env bash
# bad_input.sh — the exporters on bad input: each exits 2 with a message that
# names what was wrong, and leaves no output file (not even FILE.partial).
# Usage: bad_input.sh WSIM
set -uo pipefail
wsim=$1
dir=$(mktemp -d /tmp/wsim-export-bad-XXXXXX)
trap 'rm -rf "$dir"' EXIT
echo "not a trace" >"$dir/junk.db"
fail=0
expect() { # expect "MESSAGE PART" wsim ARGS...
  local want=$1; shift
  "$wsim" "$@" >"$dir/out" 2>"$dir/err"
  local status=$?
  if [ "$status" != 2 ] || ! grep -qF -- "$want" "$dir/err"; then
    echo "FAIL: wsim $*: exit $status, stderr: $(cat "$dir/err"); expected 2 and \"$want\""
    fail=1
  else
    echo "ok: wsim $*: $(cat "$dir/err")"
  fi
  if ls "$dir" | grep -q '^out\.'; then echo "FAIL: wsim $*: left $(ls "$dir" | grep '^out\.')"; fail=1; fi
}
expect "cannot open" export chrome "$dir/missing.db" -o "$dir/out.json"
expect "not a wsim trace" export chrome "$dir/junk.db" -o "$dir/out.json"
expect "not a wsim trace" report "$dir/junk.db" -o "$dir/out.html"
expect "not a wsim trace" export pcap "$dir/junk.db" -o "$dir/out.pcap"
expect "-o FILE is required" export chrome "$dir/junk.db"
expect "too few arguments" report
expect "exclude each other" export pcap "$dir/junk.db" -o "$dir/out.pcap" --host a --link b
expect "unknown option --host" export chrome "$dir/junk.db" -o "$dir/out.json" --host a
expect "unknown verb \"svg\"" export svg "$dir/junk.db" -o "$dir/out.svg"
exit $fail
