#!/usr/bin/env bash
# include_rules_fires.sh ROOT — layers.include_rules_fires: the include-rule
# check (include_rules.sh) fails, naming the file and the include, when a
# copy of the tree gets an upward include: sim/ using wsapi/, and sim/ using
# a Windows header.  The copy lives in a temporary folder; ROOT is not
# touched.
set -euo pipefail
root=${1:?usage: include_rules_fires.sh ROOT}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

copy_tree() { # the floors' sources only
  rm -rf "$tmp/tree"
  mkdir -p "$tmp/tree"
  (cd "$root" && find errors sim modcheck runtime wsapi traces scenarios tools bench \
     -type f \( -name '*.c' -o -name '*.h' \) -print0 | tar --null -T - -cf -) |
    tar -xf - -C "$tmp/tree"
}

# The untouched copy passes: the check reads the copy, not the build.
copy_tree
"$here/include_rules.sh" "$tmp/tree" >/dev/null || fail "the unchanged copy does not pass"

# expect_violation PATTERN WHAT: the check exits 1 and prints PATTERN.
expect_violation() {
  local out rc
  set +e
  out=$("$here/include_rules.sh" "$tmp/tree" 2>&1)
  rc=$?
  set -e
  [ "$rc" -eq 1 ] || fail "expected exit 1 on $2, got $rc: $out"
  grep -q "$1" <<<"$out" || fail "the message about $2 does not match $1: $out"
}

# sim/ including a wsapi/ header.
copy_tree
sed -i '0,/#include "sim\/net.h"/s//#include "sim\/net.h"\n#include "wsapi\/calls.h"/' "$tmp/tree/sim/net.c"
grep -q '#include "wsapi/calls.h"' "$tmp/tree/sim/net.c" || fail "could not inject the include"
expect_violation '^sim/net.c:[0-9]*: includes wsapi/calls.h: sim/ may use only: sim$' \
  "sim/ including wsapi/"

# sim/ including a Windows header.
copy_tree
printf '#include <winsock2.h>\n' >>"$tmp/tree/sim/queue.h"
expect_violation '^sim/queue.h:[0-9]*: includes <winsock2.h>' "sim/ including <winsock2.h>"

# A bare quoted include (no floor).
copy_tree
printf '#include "queue.h"\n' >>"$tmp/tree/sim/rng.c"
expect_violation '^sim/rng.c:[0-9]*: #include "queue.h" is not spelled "floor/header.h"' \
  "a bare include"
echo "include rules fire on an upward include, a Windows header in sim/ and a bare include"
