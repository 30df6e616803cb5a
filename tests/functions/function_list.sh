#!/usr/bin/env bash
# function_list.sh SRC OBJECTS — functions.list: the lists of what wsim
# provides agree with what its objects define.
#   - every name of runtime/functions.h is a function the runtime or wsapi
#     objects define, and every function they define for programs (any
#     global name but their own wsapi_*, wsim_* and __wrap_* ones) is in
#     that list: the module checker's allow-list (wsapi_is_provided) is
#     generated from it;
#   - every __wrap_NAME they define is a name of runtime/wrapped.h, and
#     every name there has its __wrap_NAME.
# OBJECTS is the object files, separated by ':'.  Needs nm (binutils).
set -euo pipefail
src=${1:?usage: function_list.sh SRC OBJECTS}
IFS=: read -r -a objects <<<"${2:?usage: function_list.sh SRC OBJECTS}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Symbols a sanitizer build adds (__odr_asan.NAME …) are not wsim's.
nm --defined-only -g "${objects[@]}" | awk 'NF == 3 { print $3 }' |
  grep -vE '^__(odr_asan|asan_|ubsan_|sanitizer)' | LC_ALL=C sort -u >"$tmp/defined"
[ -s "$tmp/defined" ] || { echo "no symbols in ${objects[*]}" >&2; exit 2; }

# X(name, family, steps, error_on_success) rows of the list.
sed -n '/#define WSIM_FUNCTIONS(X)/,/^$/p' "$src/runtime/functions.h" |
  grep -oE 'X\([A-Za-z_0-9]+,' | sed 's/^X(//; s/,$//' | LC_ALL=C sort >"$tmp/listed"
[ -s "$tmp/listed" ] || { echo "no rows in runtime/functions.h" >&2; exit 2; }
sed -n '/#define WSIM_WRAPPED_NAMES(X)/,/^$/p' "$src/runtime/wrapped.h" |
  grep -oE 'X\([A-Za-z_0-9]+\)' | sed 's/^X(//; s/)$//; s/^/__wrap_/' | LC_ALL=C sort >"$tmp/wrapped"

grep -vE '^(wsapi_|wsim_|__wrap_)' "$tmp/defined" >"$tmp/api" || true
grep -E '^__wrap_' "$tmp/defined" >"$tmp/wraps" || true

status=0
report() { # report FILE WHAT
  if [ -s "$1" ]; then
    sed "s/^/  /" "$1" | { echo "$2:"; cat; }
    status=1
  fi
}
LC_ALL=C comm -23 "$tmp/listed" "$tmp/api" >"$tmp/a"
report "$tmp/a" "listed in runtime/functions.h but not defined"
LC_ALL=C comm -13 "$tmp/listed" "$tmp/api" >"$tmp/b"
report "$tmp/b" "defined for programs but not listed in runtime/functions.h"
LC_ALL=C comm -23 "$tmp/wrapped" "$tmp/wraps" >"$tmp/c"
report "$tmp/c" "named in runtime/wrapped.h but not defined"
LC_ALL=C comm -13 "$tmp/wrapped" "$tmp/wraps" >"$tmp/d"
report "$tmp/d" "defined but not named in runtime/wrapped.h"
[ "$status" -eq 0 ] &&
  echo "functions: $(wc -l <"$tmp/listed") listed and defined; wrapped: $(wc -l <"$tmp/wrapped") named and defined"
exit "$status"
