#!/bin/sh
# valgrind_examples.sh WSIM EXAMPLES_DIR SANITIZED — every example scenario
# under valgrind's memcheck: no error, no definite or indirect leak, in the
# parent or in the simulating child (valgrind follows the fork).  wsapi's
# program-memory copies tell memcheck what they write (wsapi/progmem.c).
# Skipped (77) without valgrind, and in a sanitizer build (the two do not mix).
set -u
wsim=$1 examples=$2 sanitized=$3
if [ "$sanitized" = 1 ] || ! command -v valgrind >/dev/null 2>&1; then
  echo "skipped: needs valgrind and a build without sanitizers"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for scenario in "$examples"/*.json; do
  name=$(basename "$scenario" .json)
  valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    -q "$wsim" run "$scenario" --quiet --trace "$work/$name.wsimtrace" >"$work/$name.out" 2>"$work/$name.err"
  rc=$?
  if [ "$rc" = 99 ] || grep -q '^==[0-9]*==' "$work/$name.err"; then
    echo "valgrind found errors in $name:"
    cat "$work/$name.err"
    status=1
  else
    echo "$name: clean (wsim exit $rc)"
  fi
done
exit $status
