#!/bin/sh
# M05 against programs nobody here wrote: the example programs of the seed
# documents (the `send` client of page 000, the overlapped `WSASend` server
# of page 004) are extracted at test time, built with `wsim cc` without
# edits, and run together on one host over loopback.
#
# What the client sees, and why.  The server accepts, completes its ten
# 4096-byte overlapped writes and closes, all at the instant the handshake
# completes (computation takes no virtual time).  The client's 25 bytes are
# still crossing the loopback (10 us), so the server's receive buffer is
# empty at closesocket: the close is graceful, a FIN after the 40960 bytes.
# When the 25 bytes then reach the closed socket, the server's TCP answers
# with RST (RFC 1122 4.2.2.13 and RFC 2525 2.17: data arriving for a socket
# the application has closed is answered with a reset; Windows does so).
# That RST leaves behind the data and the FIN on the loopback's one
# transmitter, so the client has read all 40960 bytes (80 recv calls of its
# 512-byte buffer) and the close ("Connection closed") before it arrives.
#
# usage: seed_examples.sh WSIM SEEDS_DIR EXTRACT_SCRIPT; exits 77 (skipped)
# when the seed documents are not there.
set -eu
wsim=$1 seeds=$2 extract=$3
[ -d "$seeds" ] || { echo "no seed documents at $seeds: skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sh "$extract" "$seeds" "$work"

cd "$work"
"$wsim" cc -o client.so send_client.c
"$wsim" cc -o server.so wsasend_server.c
cat > seeds.json <<'JSON'
{ "seed": 1,
  "hosts": [ { "name": "alpha", "address": "10.0.0.1", "programs": [
    { "module": "server.so", "start": "0s" },
    { "module": "client.so", "start": "1ms" } ] } ] }
JSON
"$wsim" run seeds.json --trace trace.db > out.txt
cat out.txt

fail=0
expect() { # expect COUNT PATTERN
  n=$(grep -c -x -E "\[ *[0-9]+\.[0-9]{6} alpha\] $2" out.txt || true)
  if [ "$n" -ne "$1" ]; then echo "FAIL: $n lines match '$2', expected $1"; fail=1; fi
}
expect 1 'Client Accepted\.\.\.'
expect 10 'Wrote 4096 bytes'
expect 1 'Bytes Sent: 25'
expect 80 'Bytes received: 512'
expect 1 'Connection closed'
expect 0 'recv failed with error: .*'
# The client's lines come in order: sent, the 80 receives, then the close.
order=$(sed -n 's/^\[[^]]*\] //p' out.txt | grep -E '^(Bytes Sent|Bytes received|Connection closed)' | uniq -c |
        awk '{$1=$1; print}' | tr '\n' ';')
[ "$order" = "1 Bytes Sent: 25;80 Bytes received: 512;1 Connection closed;" ] ||
  { echo "FAIL: client transcript order: $order"; fail=1; }

# In the trace: the server's FIN precedes its RST, which answers the
# client's 25 bytes arriving after the close.
if command -v sqlite3 >/dev/null 2>&1; then
  fin=$(sqlite3 trace.db "select min(seq) from segments where event='send' and src_port=27015 and flags like '%FIN%'")
  data=$(sqlite3 trace.db "select min(seq) from segments where event='recv' and dst_port=27015 and len=25")
  rst=$(sqlite3 trace.db "select min(seq) from segments where event='send' and src_port=27015 and flags like 'RST%'")
  if [ -z "$fin" ] || [ -z "$data" ] || [ -z "$rst" ] || [ "$fin" -ge "$data" ] || [ "$data" -ge "$rst" ]; then
    echo "FAIL: expected FIN ($fin) < arrival of the 25 bytes ($data) < RST ($rst)"; fail=1
  fi
  calls=$(sqlite3 trace.db "select count(*) from calls where function='WSASend' and error in (0, 997)")
  [ "$calls" -eq 10 ] || { echo "FAIL: $calls WSASend calls recorded, expected 10"; fail=1; }
  done_=$(sqlite3 trace.db "select count(*) from completions where function='WSASend' and bytes=4096 and error=0")
  [ "$done_" -eq 10 ] || { echo "FAIL: $done_ WSASend completions of 4096 bytes, expected 10"; fail=1; }
else
  echo "FAIL: sqlite3 is needed to read the trace"; fail=1
fi
exit $fail
