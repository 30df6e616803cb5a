#!/usr/bin/env bash
# bench/scenarios.sh — writes the benchmark scenarios of bench/run into a
# folder: bulk-256k.json, bulk-8k.json (BULK), echo-pairs-N.json and
# echo-star-N.json (ECHO), next to the programs they run, built once with
# `wsim cc -O2` (so a run's wall time is not a compiler's).
#   bench/scenarios.sh WSIM DIR [BULK_BYTES] [PAIRS_N ...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
wsim=$1
dir=$2
bytes=${3:-100000000}
mkdir -p "$dir"
for p in "$here"/programs/*.c; do
  name=$(basename "$p" .c)
  "$wsim" cc -o "$dir/$name.so" "$p" -O2
done

bulk() { # bulk NAME READ_SIZE
  cat > "$dir/$1.json" <<JSON
{
  "seed": 1,
  "stop_time": "600s",
  "tcp": { "mss": "1448B", "header_bytes": "52B", "sndbuf": "4MiB", "rcvbuf": "4MiB" },
  "hosts": [
    { "name": "receiver", "address": "10.0.0.1",
      "programs": [ { "module": "bulk_recv.so", "args": ["5001", "$2"] } ] },
    { "name": "sender", "address": "10.0.0.2",
      "programs": [ { "module": "bulk_send.so", "start": "1ms", "args": ["10.0.0.1", "5001", "$bytes"] } ] }
  ],
  "links": [
    { "between": ["sender", "receiver"], "latency": "1ms", "bandwidth": "1Gbit/s", "queue": 100 }
  ]
}
JSON
}
bulk bulk-256k 262144
bulk bulk-8k 8192

# echo NAME N star(0/1): client i at 1 s + i·(1 ms/N).
echo_scenario() {
  local name=$1 n=$2 star=$3 i
  {
    echo '{ "seed": 1, "stop_time": "10s", "hosts": ['
    for ((i = 0; i < n; i++)); do
      local a=$((i / 250)) b=$((i % 250 + 1))
      local start=$((1000000000 + i * 1000000 / n))
      [ $i -gt 0 ] && echo ','
      echo "{ \"name\": \"s$i\", \"address\": \"10.1.$a.$b\", \"programs\": [ { \"module\": \"echo_server.so\", \"args\": [\"7\", \"1000\"] } ] },"
      echo "{ \"name\": \"c$i\", \"address\": \"10.2.$a.$b\", \"programs\": [ { \"module\": \"echo_client.so\", \"start\": \"${start}ns\", \"args\": [\"10.1.$a.$b\", \"7\", \"1000\"] } ] }"
    done
    echo ']'
    if [ "$star" = 1 ]; then
      echo ', "switches": [ { "name": "router", "latency": "1ms", "bandwidth": "1Gbit/s", "hosts": ['
      for ((i = 0; i < n; i++)); do
        [ $i -gt 0 ] && echo ','
        echo "\"s$i\", \"c$i\""
      done
      echo '] } ]'
    else
      echo ', "links": ['
      for ((i = 0; i < n; i++)); do
        [ $i -gt 0 ] && echo ','
        echo "{ \"between\": [\"c$i\", \"s$i\"], \"latency\": \"1ms\", \"bandwidth\": \"1Gbit/s\" }"
      done
      echo ']'
    fi
    echo '}'
  } > "$dir/$name.json"
}
shift 3 || shift $#
for n in "${@:-100}"; do
  echo_scenario "echo-pairs-$n" "$n" 0
done
echo_scenario echo-star-100 100 1
