#!/usr/bin/env bash
# include_rules.sh ROOT — layers.include_rules: every #include of every source
# file of wsim's floors, checked against the floors that floor may use
# (ARCHITECTURE.md).  Prints one line per forbidden include, naming the file,
# the line, the include and what the floor may use; exits 1 if there is one,
# 0 when every include is allowed.
#
# A quoted include must be spelled "floor/header.h".  Angle-bracket includes
# are the C library's, SQLite's and cJSON's, except the Windows headers
# programs see (wsapi/include/), which count as the floor "api".  Tests,
# example programs (scenarios/examples, bench/programs) and the
# program-facing headers themselves are not floors.
set -euo pipefail
root=${1:?usage: include_rules.sh ROOT}

# floor: what it may include (floors, or single headers as floor/header.h).
declare -A may_use=(
  [errors]="errors"
  [sim]="sim"
  [modcheck]="modcheck"
  [runtime]="runtime sim modcheck api"
  [wsapi]="wsapi runtime sim errors api"
  [traces]="traces sim/observer.h errors"
  [scenarios]="scenarios sim"
  [tools]="tools traces scenarios wsapi runtime modcheck sim errors"
  [bench]="bench sim"
)
floors=(errors sim modcheck runtime wsapi traces scenarios tools bench)

# The program-facing Windows headers, by name (<winsock2.h> …).
declare -A api_header=()
for h in "$root"/wsapi/include/*.h; do
  [ -e "$h" ] && api_header[$(basename "$h")]=1
done

allowed() { # allowed FLOOR TARGET(floor/header.h or api)
  local floor=$1 target=$2 entry
  for entry in ${may_use[$floor]}; do
    [ "$entry" = "$target" ] && return 0
    [ "$entry" = "${target%%/*}" ] && return 0
  done
  return 1
}

bad=0
checked=0
for floor in "${floors[@]}"; do
  [ -d "$root/$floor" ] || continue
  while IFS= read -r file; do
    rel=${file#"$root"/}
    checked=$((checked + 1))
    while IFS=: read -r line text; do
      if [[ $text =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*\"([^\"]+)\" ]]; then
        target=${BASH_REMATCH[1]}
        if [[ $target != */* ]] || [ -z "${may_use[${target%%/*}]+x}" ]; then
          echo "$rel:$line: #include \"$target\" is not spelled \"floor/header.h\" with a floor of: ${floors[*]}"
          bad=1
          continue
        fi
      elif [[ $text =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*\<([^\>]+)\> ]]; then
        [ -n "${api_header[${BASH_REMATCH[1]}]+x}" ] || continue
        target=api
      else
        continue
      fi
      if ! allowed "$floor" "$target"; then
        shown=$target
        [ "$target" = api ] && shown="<${BASH_REMATCH[1]}> (the Windows headers, wsapi/include)"
        echo "$rel:$line: includes $shown: $floor/ may use only: ${may_use[$floor]}"
        bad=1
      fi
    done < <(grep -n '^[[:space:]]*#[[:space:]]*include' "$file" || true)
  done < <(find "$root/$floor" \( -path "$root/wsapi/include" -o -path "$root/scenarios/examples" -o -path "$root/bench/programs" \) -prune \
             -o -type f \( -name '*.c' -o -name '*.h' \) -print | LC_ALL=C sort)
done

if [ "$checked" -eq 0 ]; then
  echo "include_rules.sh: no source files under $root" >&2
  exit 2
fi
[ "$bad" -eq 0 ] && echo "include rules: $checked files, every include allowed"
exit "$bad"
