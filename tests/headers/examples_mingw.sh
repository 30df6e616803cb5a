#!/bin/sh
# examples_mingw.sh — headers.examples_mingw: every example program of the
# project stays a valid Windows program.
#
#   examples_mingw.sh MINGW_CC SOURCE_DIR WORK
#
# The programs are scenarios/examples/*.c and every tests/**/programs/*.c,
# found when the test runs, so a new one is checked without being listed.
# Each is compiled with mingw-w64 against mingw-w64's own headers
#   MINGW_CC -std=c11 -Wall <the errors of newer GCCs> -c
# and, when it defines main or wmain, linked into an .exe against ws2_32
# (and winpthreads, for the program that calls pthread_create on purpose);
# nothing runs.  The -Werror= flags are the diagnostics GCC 14 makes errors
# by default: a call to a function the Windows headers do not declare
# (implicit declaration) is caught even by an older GCC.  Warnings are shown
# but are not failures: the programs are user code, as under `wsim cc`.
#
# A program that is deliberately not a Windows program says so on its first
# line, `/* wsim: not a Windows program */`, followed by the reason; it is
# listed and skipped.  Without MINGW_CC the test is skipped (exit 77).
set -eu
export LC_ALL=C

if [ $# -ne 3 ]; then
    echo "usage: $0 MINGW_CC SOURCE_DIR WORK" >&2
    exit 2
fi
mingw_cc=$1 src=$2 work=$3

if ! command -v "$mingw_cc" >/dev/null 2>&1; then
    echo "skipped: $mingw_cc not found (Debian package gcc-mingw-w64-x86-64)"
    exit 77
fi
# The cross binutils sit next to the compiler (x86_64-w64-mingw32-nm).
nm=${mingw_cc%gcc}nm
if ! command -v "$nm" >/dev/null 2>&1; then
    echo "FAILED: $nm not found next to $mingw_cc" >&2
    exit 1
fi

rm -rf "$work"
mkdir -p "$work"

flags="-std=c11 -Wall -Werror=implicit-function-declaration -Werror=implicit-int
       -Werror=incompatible-pointer-types -Werror=int-conversion"

cd "$src"
{
    ls scenarios/examples/*.c 2>/dev/null || :
    find tests -type f -path '*/programs/*.c'
} | sort >"$work/programs"

total=0 failed=0 optout=0
while IFS= read -r program; do
    total=$((total + 1))
    if head -n 1 "$program" | grep -q '/\* wsim: not a Windows program \*/'; then
        echo "not a Windows program (by its first line): $program"
        optout=$((optout + 1))
        continue
    fi
    stem=$(echo "$program" | tr '/.' '__')
    obj="$work/$stem.o"
    # shellcheck disable=SC2086
    if ! "$mingw_cc" $flags -c "$program" -o "$obj" 2>"$work/$stem.log"; then
        echo "FAILED to compile: $program"
        cat "$work/$stem.log"
        failed=$((failed + 1))
        continue
    fi
    [ -s "$work/$stem.log" ] && cat "$work/$stem.log"
    symbols=$("$nm" --defined-only "$obj")
    entry=""
    if echo "$symbols" | grep -q ' T wmain$'; then
        entry="-municode" # wmain instead of main, as MSVC's /ENTRY:wmainCRTStartup
    elif ! echo "$symbols" | grep -q ' T main$'; then
        echo "compiled (no main, not linked): $program"
        continue
    fi
    # shellcheck disable=SC2086
    if ! "$mingw_cc" $entry "$obj" -o "$work/$stem.exe" -lws2_32 -lpthread 2>"$work/$stem.link"; then
        echo "FAILED to link: $program"
        cat "$work/$stem.link"
        failed=$((failed + 1))
        continue
    fi
    echo "compiled and linked: $program"
done <"$work/programs"

echo "$total programs: $((total - failed - optout)) valid Windows programs, $optout not Windows programs, $failed failed"
if [ "$total" -eq 0 ]; then
    echo "FAILED: no example program found under $src" >&2
    exit 1
fi
[ "$failed" -eq 0 ]
