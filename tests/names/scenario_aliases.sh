#!/bin/sh
# scenario_aliases.sh WSIM SRC — names.scenario_aliases: a scenario's
# `aliases` reach the programs through `wsim run` (scenarios/FORMAT.md,
# hosts): gethostbyname resolves them, case aside, to their host, whose
# own name is h_name; an unknown name is WSAHOST_NOT_FOUND (11001).
set -eu
wsim=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$src/tests/names/programs/resolver.c" "$tmp/"
cat >"$tmp/scen.json" <<'JSON'
{
  "hosts": [
    {"name": "app", "address": "10.0.0.1",
     "programs": [{"module": "resolver.c"}]},
    {"name": "store", "address": "10.0.0.2", "aliases": ["db", "cache"]}
  ],
  "links": [{"between": ["app", "store"]}]
}
JSON
(cd "$tmp" && "$wsim" run scen.json >out.txt 2>err.txt) || {
    cat "$tmp/out.txt" "$tmp/err.txt"; exit 1; }
status=0
expect() {
    if ! grep -qF "] $1" "$tmp/out.txt"; then
        echo "missing line: $1" >&2
        status=1
    fi
}
expect "gethostname: app"
expect ": app 10.0.0.1"
expect "db: store 10.0.0.2"
expect "Cache: store 10.0.0.2"
expect "nosuch: error 11001"
[ "$status" -eq 0 ] || cat "$tmp/out.txt" >&2
exit "$status"
