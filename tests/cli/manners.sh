#!/usr/bin/env bash
# manners.sh — the wsim command's manners, checked on the real binary.
#
# Usage: manners.sh CASE WSIM EXAMPLES
#   help_matches_options  every subcommand `wsim --help` lists has a --help
#                         whose options are exactly the ones it accepts:
#                         each listed option is accepted (`wsim CMD OPT [V]
#                         --help` exits 0), and every option any other
#                         subcommand lists, plus a made-up one, is refused
#                         as unknown with exit 2 unless listed here too
#   usage_errors          a missing value, a missing or extra argument, an
#                         unknown option or verb: exit 2, a message naming
#                         it, the usage line, nothing on stdout
#   quiet                 `wsim run --quiet`: a successful run prints
#                         nothing at all; a failed one only its error, on
#                         stderr
#   plain_output          no escape sequences (wsim never colours), whether
#                         or not NO_COLOR is set
set -u
case_name=$1 wsim=$2 examples=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# run ARGS...: sets $status, $out, $err.
run() {
  "$wsim" "$@" >"$tmp/out" 2>"$tmp/err"
  status=$?
  out=$(cat "$tmp/out") err=$(cat "$tmp/err")
}

# The subcommands `wsim --help` lists: each entry is a line indented by two
# spaces whose leading lower-case words are the command's name.
subcommands() {
  "$wsim" --help | sed -n '/^commands:/,/^$/p' |
    sed -n 's/^  \([a-z][a-z ]*[a-z]\)\( [^a-z].*\)\{0,1\}$/\1/p' |
    grep -v '^help'
}

# The options a --help text lists, one "NAME VALUE" (VALUE may be empty) a
# line; "-h, --help" counts as two names.
listed_options() {
  sed -n '/^options:/,$p' | sed -n 's/^  \(-[^ ].*\)$/\1/p' |
    sed 's/, /\n/g' | awk '{ print $1, $2 }'
}

check_help_matches_options() {
  local commands=() all_options=()
  mapfile -t commands < <(subcommands)
  [ ${#commands[@]} -ge 4 ] || fail "wsim --help lists ${#commands[@]} commands: ${commands[*]}"
  declare -A listed
  for cmd in "${commands[@]}"; do
    run $cmd --help
    [ "$status" -eq 0 ] || fail "wsim $cmd --help: exit $status"
    [[ "$out" == "usage: wsim $cmd "* ]] || fail "wsim $cmd --help does not start with its usage line"
    listed[$cmd]=$(listed_options <<<"$out")
    grep -q '^--help $' <<<"${listed[$cmd]}" || fail "wsim $cmd --help does not list --help"
    while read -r name value; do
      all_options+=("$name")
      [ "$name" = "--help" ] || [ "$name" = "-h" ] && continue
      if [ -n "$value" ]; then run $cmd "$name" 1 --help; else run $cmd "$name" --help; fi
      [ "$status" -eq 0 ] || fail "wsim $cmd lists $name but refuses it (exit $status: $err)"
    done <<<"${listed[$cmd]}"
  done
  # The options README.md documents are among those found.
  for documented in "run --seed N" "run --trace FILE" "run --quiet" "cc -o MODULE.so" "replay --dir DIR"; do
    read -r cmd rest <<<"$documented"
    sed 's/ $//' <<<"${listed[$cmd]}" | grep -qxF -- "$rest" || fail "wsim $cmd --help does not list \"$rest\""
  done
  all_options+=(--no-such-option)
  for cmd in "${commands[@]}"; do
    for name in "${all_options[@]}"; do
      grep -q "^$name " <<<"${listed[$cmd]}" && continue
      run $cmd "$name" 1 --help
      [ "$status" -eq 2 ] || fail "wsim $cmd accepts $name, which its --help does not list (exit $status)"
      [[ "$err" == *"unknown option $name"* ]] || fail "wsim $cmd $name: the error does not name it: $err"
    done
  done
  # A command with verbs lists them when asked for its help.
  run help trace
  [ "$status" -eq 0 ] && [[ "$out" == *"usage: wsim trace summary "* ]] &&
    [[ "$out" == *"usage: wsim trace compare "* ]] || fail "wsim help trace: exit $status: $out$err"
  # `wsim help CMD` is the same text as `wsim CMD --help`.
  for cmd in "${commands[@]}"; do
    diff <("$wsim" help $cmd) <("$wsim" $cmd --help) >/dev/null ||
      fail "wsim help $cmd differs from wsim $cmd --help"
  done
}

# expect_usage_error WHAT-THE-MESSAGE-NAMES ARGS...
expect_usage_error() {
  local names=$1; shift
  run "$@"
  [ "$status" -eq 2 ] || fail "wsim $*: exit $status, expected 2"
  [ -z "$out" ] || fail "wsim $*: printed on stdout: $out"
  [[ "$err" == *"$names"* ]] || fail "wsim $*: the error does not name \"$names\": $err"
  [[ "$err" == *"usage: wsim "* ]] || fail "wsim $*: no usage line: $err"
}

check_usage_errors() {
  expect_usage_error "--seed needs a value" run x.json --seed
  expect_usage_error "--trace needs a value" run x.json --trace
  expect_usage_error "--dir needs a value" replay t.db --dir
  expect_usage_error "-o needs a value" cc x.c -o
  expect_usage_error "too few arguments" run
  expect_usage_error "too many arguments" run a.json b.json
  expect_usage_error "too few arguments" trace compare a.db
  expect_usage_error "too few arguments" cc -o x.so
  expect_usage_error "no -o MODULE.so given" cc x.c
  expect_usage_error "unknown option --frobnicate" run x.json --frobnicate
  expect_usage_error "unknown option --frobnicate" cc -o x.so x.c --frobnicate
  expect_usage_error "--quiet takes no value" run x.json --quiet=yes
  expect_usage_error "--seed: expected an unsigned integer" run x.json --seed=-3
  expect_usage_error "unknown verb \"frob\"" trace frob
  # Nothing above got as far as writing a trace.
  [ -z "$(ls -A "$tmp" | grep -v -x -e out -e err)" ] || fail "a usage error left files: $(ls "$tmp")"
}

check_quiet() {
  run run "$examples/loopback.json" --trace ok.wsimtrace --quiet
  [ "$status" -eq 0 ] || fail "quiet loopback run: exit $status ($err)"
  [ -z "$out$err" ] || fail "quiet successful run printed: $out$err"
  [ -s ok.wsimtrace ] || fail "quiet run wrote no trace"
  # The same run without --quiet prints the programs' lines and the summary.
  run run "$examples/loopback.json" --trace loud.wsimtrace
  [[ "$out" == *"trace: loud.wsimtrace"* ]] || fail "a run without --quiet prints no summary"

  cat >fails.c <<'EOF'
#include <stdio.h>
int main(void) { printf("about to fail\n"); return 3; }
EOF
  cat >fails.json <<'EOF'
{ "seed": 1, "hosts": [ { "name": "a", "address": "10.0.0.1",
  "programs": [ { "module": "fails.c" } ] } ] }
EOF
  run run fails.json --trace fails.wsimtrace --quiet
  [ "$status" -eq 1 ] || fail "quiet failing run: exit $status, expected 1"
  [ -z "$out" ] || fail "quiet failing run printed on stdout: $out"
  [[ "$err" == *"the run failed (exit status 1); its trace: fails.wsimtrace"* ]] ||
    fail "quiet failing run: the error does not say so: $err"
  [[ "$err" != *"about to fail"* ]] || fail "quiet failing run printed the program's output"
}

check_plain_output() {
  local esc=$'\033'
  for colour in unset 1; do
    if [ "$colour" = unset ]; then unset NO_COLOR; else export NO_COLOR=1; fi
    for args in "--help" "run --help" "run $examples/loopback.json --trace p.wsimtrace" "run --bogus"; do
      run $args
      [[ "$out$err" != *"$esc"* ]] || fail "wsim $args (NO_COLOR $colour) printed an escape sequence"
    done
  done
}

case "$case_name" in
  help_matches_options) check_help_matches_options ;;
  usage_errors) check_usage_errors ;;
  quiet) check_quiet ;;
  plain_output) check_plain_output ;;
  *) echo "unknown case $case_name" >&2; exit 2 ;;
esac
[ "$failures" -eq 0 ] || { echo "$failures check(s) failed" >&2; exit 1; }
echo "ok: $case_name"
