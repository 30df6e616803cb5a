#!/usr/bin/env bash
# pcap_tshark.sh — `wsim export pcap` of an example run, read by tshark.
#
# For the capture of every packet as it left its source, each host's capture
# and each link's: tshark (checksum validation on for IP, TCP and UDP) reads
# it with no malformed packet and no bad checksum, it checks every TCP
# checksum (so validation really ran), and its follow-TCP-stream output
# carries, per direction, exactly the bytes the example programs send
# (scenarios/examples/client.c: its greeting; server.c: ten 4096-byte
# buffers of 'A' + i % 26).  In a lossy run (lossy-wan), tshark's own
# analysis marks as retransmissions exactly the segments the trace's sender
# says it retransmitted.
#
# Usage: pcap_tshark.sh WSIM EXAMPLES_DIR SCENARIO
#        pcap_tshark.sh WSIM EXAMPLES_DIR no-payloads
#   (the second: a run with "trace_payloads": false is refused by name)
# Exits 77 (skipped) when tshark is not installed; tools/dev installs it.
set -euo pipefail
wsim=$1 examples=$2 scenario=$3
dir=$(mktemp -d /tmp/wsim-pcap-test-XXXXXX)
trap 'rm -rf "$dir"' EXIT
fail=0
check() { # check WHAT ACTUAL EXPECTED
  if [ "$2" != "$3" ]; then echo "FAIL: $1: $2, expected $3"; fail=1; else echo "ok: $1: $2"; fi
}

if [ "$scenario" = no-payloads ]; then
  sed -e '0,/{/s//{ "trace_payloads": false,/' -e "s|\"module\": \"|\"module\": \"$examples/|" \
    "$examples/loopback.json" >"$dir/lean.json"
  "$wsim" run "$dir/lean.json" --quiet --trace "$dir/run.wsimtrace" >/dev/null
  check "payload rows" "$(sqlite3 "$dir/run.wsimtrace" 'SELECT count(*) FROM payloads')" 0
  status=0
  "$wsim" export pcap "$dir/run.wsimtrace" -o "$dir/run.pcap" 2>"$dir/err" || status=$?
  check "exit status without payloads" "$status" 2
  check "message names the switch" "$(grep -c '"trace_payloads": false' "$dir/err")" 1
  check "no capture left behind" "$(ls "$dir" | grep -c pcap || true)" 0
  exit $fail
fi

command -v tshark >/dev/null || { echo "tshark is not installed: skipped"; exit 77; }
tshark() { command tshark -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE \
  -o ip.check_checksum:TRUE "$@" 2>/dev/null; }

trace=$dir/run.wsimtrace
"$wsim" run "$examples/$scenario.json" --quiet --trace "$trace" >/dev/null

# The bytes the programs send, from their source's rules.
printf 'wsim client: hello from the example' | od -An -v -tx1 | tr -d ' \n' >"$dir/to-server.hex"
python3 -c "
import sys
sys.stdout.write((bytes(65 + i % 26 for i in range(4096)) * 10).hex())" >"$dir/to-client.hex"

# Every capture: everything, each host, each link of the scenario.
captures=("all:")
while read -r h; do captures+=("host $h:--host $h"); done \
  < <(sqlite3 "$trace" "SELECT name FROM hosts ORDER BY host")
while read -r l; do [ -n "$l" ] && captures+=("link $l:--link $l"); done \
  < <(python3 -c "
import json, sys
s = json.load(open(sys.argv[1]))
for l in s.get('links', []):
    print(l.get('name') or '-'.join(l['between']))" "$examples/$scenario.json")

for c in "${captures[@]}"; do
  label=${c%%:*} opts=${c#*:}
  pcap="$dir/cap.pcap"
  # shellcheck disable=SC2086
  "$wsim" export pcap "$trace" -o "$pcap" $opts
  # One pass for per-packet fields, one for the expert summary and the stream.
  tshark -r "$pcap" -T fields -E separator=, -e frame.number -e _ws.malformed \
    -e ip.checksum.status -e tcp.checksum.status -e udp.checksum.status -e icmp.checksum.status \
    -e tcp.srcport >"$dir/fields.txt"
  tshark -r "$pcap" -q -z expert -z follow,tcp,raw,0 >"$dir/summary.txt"
  packets=$(wc -l <"$dir/fields.txt")
  [ "$packets" -gt 0 ] || { echo "FAIL: $label: empty capture"; fail=1; continue; }
  check "$label: malformed packets" "$(awk -F, '$2 != ""' "$dir/fields.txt" | wc -l)" 0
  check "$label: bad checksums (status 0)" \
    "$(awk -F, '$3 == "0" || $4 == "0" || $5 == "0" || $6 == "0"' "$dir/fields.txt" | wc -l)" 0
  check "$label: TCP checksums verified good" "$(awk -F, '$4 == "1"' "$dir/fields.txt" | wc -l)" \
    "$(awk -F, '$7 != ""' "$dir/fields.txt" | wc -l)"
  check "$label: expert notes about checksums or malformed packets" \
    "$(awk '/^Follow:/ { on = 1 } !on' "$dir/summary.txt" | grep -ciE 'checksum|malformed' || true)" 0
  # Follow the stream: unindented lines are the client's (it sent the first
  # packet), indented ones the server's.
  awk '/^Follow: tcp,raw/ { on = 1; next } on && /^=+$/ { on = 0 } on && !/^(Filter|Node)/' \
    "$dir/summary.txt" >"$dir/follow.txt"
  check "$label: client → server bytes" "$(grep -v $'^\t' "$dir/follow.txt" | tr -d ' \n' | md5sum)" \
    "$(md5sum <"$dir/to-server.hex")"
  check "$label: server → client bytes" "$(grep $'^\t' "$dir/follow.txt" | tr -d ' \t\n' | md5sum)" \
    "$(md5sum <"$dir/to-client.hex")"
done

if [ "$scenario" = lossy-wan ]; then
  "$wsim" export pcap "$trace" -o "$dir/all.pcap"
  marked=$(tshark -r "$dir/all.pcap" -Y tcp.analysis.retransmission -T fields -e tcp.seq_raw -e tcp.len | sort)
  said=$(sqlite3 -separator $'\t' "$trace" "SELECT seqno, len FROM segments WHERE event = 'send' AND detail LIKE '%retransmit%'" | sort)
  check "retransmissions in the trace" "$([ -n "$said" ] && echo some || echo none)" some
  check "retransmissions tshark marks (seq, len)" "$marked" "$said"
  status=0
  "$wsim" export pcap "$trace" -o "$dir/x.pcap" --link nowhere 2>"$dir/err" || status=$?
  check "unknown link: exit status" "$status" 2
  check "unknown link: message lists the links" \
    "$(grep -c 'no link named "nowhere" in the trace.s scenario (it has: lan, wan)' "$dir/err")" 1
  status=0
  "$wsim" export pcap "$trace" -o "$dir/x.pcap" --host nobody 2>"$dir/err" || status=$?
  check "unknown host: exit status" "$status" 2
  check "unknown host: message lists the hosts" \
    "$(grep -c 'no host or switch named "nobody" in the trace (it has: server, router, client)' "$dir/err")" 1
fi
exit $fail
