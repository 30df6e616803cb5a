#!/bin/sh
# mingw_fidelity.sh — headers.mingw_constants and headers.mingw_layouts:
# every macro, typedef and structure of wsim's Windows headers against
# mingw-w64's, with nothing written down by hand.
#
#   mingw_fidelity.sh constants|layouts HOST_CC MINGW_CC READELF INC WORK
#
# 1. Probes.  `constants`: every #define in INC/*.h (mingw_macros.awk).
#    `layouts`: every typedef and struct/union tag declared in INC, with
#    every member, as the host compiler's debug information lists them
#    (mingw_layouts.awk).  Each probe is one constant object in C.
# 2. The probes are compiled to assembly by HOST_CC against wsim's headers,
#    with the flags `wsim cc` gives programs (tools/cc.c), and by MINGW_CC
#    against mingw-w64's own headers.  A probe that does not compile (a
#    name one side lacks) is marked invalid on that side and the rest are
#    compiled again; their values are read back from the assembly
#    (mingw_asm.awk).  Nothing runs.
# 3. Each probe's two values are compared (mingw_compare.awk).  Every
#    difference fails the test, named by macro, type or field, unless
#    mingw_differences.txt lists it as deliberate, with the reason.
#
# Both steps run in two configurations, as programs are built: plain
# (narrow TCHAR) and with UNICODE/_UNICODE defined.  Without MINGW_CC the
# test is skipped (exit 77); CI installs it through tools/dev.
set -eu
export LC_ALL=C

if [ $# -ne 6 ]; then
    echo "usage: $0 constants|layouts HOST_CC MINGW_CC READELF INC WORK" >&2
    exit 2
fi
mode=$1 host_cc=$2 mingw_cc=$3 readelf=$4 inc=$5 work=$6
here=$(cd "$(dirname "$0")" && pwd)

case $mode in constants|layouts) ;; *) echo "$0: unknown mode $mode" >&2; exit 2 ;; esac
if ! command -v "$mingw_cc" >/dev/null 2>&1; then
    echo "skipped: $mingw_cc not found (Debian package gcc-mingw-w64-x86-64)"
    exit 77
fi

rm -rf "$work"
mkdir -p "$work"

# The program flags of tools/cc.c (with -I INC); _WIN32_WINNT as the
# headers were transcribed (Windows 10), which is also mingw-w64's default.
host_flags="-std=c11 -D_POSIX_C_SOURCE=200809L -D_WIN32 -D_WIN64"
mingw_flags="-std=c11 -D_WIN32_WINNT=0x0A00"

# Every header a program may include: the lower-case names (the mixed-case
# ones are spelling aliases that include them; wsim_* is private), winsock2.h
# and ws2tcpip.h first, as Winsock programs include them; strsafe.h last
# (mingw-w64's tchar.h refuses to follow it, as the SDK's documents).
{
    echo '#include <winsock2.h>'
    echo '#include <ws2tcpip.h>'
    for h in "$inc"/*.h; do
        name=${h##*/}
        case $name in winsock2.h | ws2tcpip.h | strsafe.h | wsim_* | *[A-Z]*) continue ;; esac
        echo "#include <$name>"
    done
    [ -f "$inc/strsafe.h" ] && echo '#include <strsafe.h>'
    echo '#include <stddef.h>'
} >"$work/headers.h"

# run_probes SIDE CC FLAGS...: compiles the probes of $dir/probes.tsv into
# $dir/SIDE.values ("ID TAB value", "invalid" for a probe that does not
# compile).  Each probe is a static object in a function of its own (GCC
# reports an undeclared name once per function), under a #line whose file
# name is the probe's number.  Probes that fail are dropped and the rest
# compiled again; an error that names no probe stops the test.
run_probes() {
    side=$1 cc=$2
    shift 2
    : >"$dir/$side.invalid"
    while :; do
        awk -F '\t' -v invalid="$dir/$side.invalid" '
            BEGIN { while ((getline id < invalid) > 0) skip[id] = 1
                    print "#include \"headers.h\"" }
            $4 != "-" && !(NR in skip) {
                d = $4
                sub(/@/, "wsim_p" NR " __attribute__((used))", d)
                printf "#line 1 \"p%d\"\nvoid wsim_f%d(void) { static %s }\n", NR, NR, d
            }' "$dir/probes.tsv" >"$dir/$side.c"
        if "$cc" "$@" -S -w -I "$work" -o "$dir/$side.s" "$dir/$side.c" 2>"$dir/$side.err"; then
            break
        fi
        before=$(wc -l <"$dir/$side.invalid")
        # An error is the probe's if it is on the probe's line or, inside a
        # header's macro, if the next "in expansion of macro" note is.
        awk '/^[^ ]+:[0-9]+:[0-9]+: error: / { pending = 1 }
             pending && /^p[0-9]+:[0-9]+:[0-9]+: / { sub(/^p/, ""); sub(/:.*/, ""); print; pending = 0 }' \
            "$dir/$side.err" | sort -un >>"$dir/$side.invalid"
        if [ "$(wc -l <"$dir/$side.invalid")" -eq "$before" ]; then
            echo "FAILED: $side probes do not compile, and no probe is to blame:" >&2
            cat "$dir/$side.err" >&2
            exit 1
        fi
    done
    awk -f "$here/mingw_asm.awk" "$dir/$side.s" >"$dir/$side.values"
    sed 's/$/\tinvalid/' "$dir/$side.invalid" >>"$dir/$side.values"
}

# macro_facts SIDE CC FLAGS...: adds to $dir/SIDE.values what the
# preprocessor knows: for every `defined` probe whether the name is an
# object-like or function-like macro, and every `expansion` probe's text.
macro_facts() {
    side=$1 cc=$2
    shift 2
    "$cc" "$@" -dM -E -I "$work" -x c "$work/headers.h" >"$dir/$side.macros"
    awk -F '\t' '$2 == "expansion" { printf "@%d@ %s\n", NR, $1 }' "$dir/probes.tsv" |
        cat "$work/headers.h" - >"$dir/$side.expand.c"
    "$cc" "$@" -E -P -I "$work" "$dir/$side.expand.c" >"$dir/$side.expanded"
    awk -F '\t' -v macros="$dir/$side.macros" -v expanded="$dir/$side.expanded" '
        BEGIN {
            while ((getline line < macros) > 0) {
                split(line, w, /[ (]/)
                kind[w[2]] = substr(line, length("#define " w[2]) + 1, 1) == "(" ? \
                    "function-like macro" : "object-like macro"
            }
            while ((getline line < expanded) > 0) {
                if (line !~ /^@[0-9]+@/)
                    continue
                id = line
                sub(/^@/, "", id)
                sub(/@.*/, "", id)
                sub(/^@[0-9]+@ */, "", line)
                gsub(/[ \t]+/, " ", line)
                sub(/ $/, "", line)
                text[id] = "[" line "]"
            }
        }
        $2 == "defined" { print NR "\t" (($1 in kind) ? kind[$1] : "not a macro") }
        $2 == "expansion" { print NR "\t" text[NR] }' "$dir/probes.tsv" >>"$dir/$side.values"
}

status=0
for config in default UNICODE; do
    dir="$work/$config"
    mkdir -p "$dir"
    config_flags=""
    [ "$config" = UNICODE ] && config_flags="-DUNICODE -D_UNICODE"

    if [ "$mode" = constants ]; then
        awk -f "$here/mingw_macros.awk" "$inc"/*.h >"$dir/probes.tsv"
    else
        # The host compiler's own account of every declaration in wsim's
        # headers, unused ones included.
        # shellcheck disable=SC2086
        "$host_cc" $host_flags -I "$inc" $config_flags -g -gdwarf-5 -fno-eliminate-unused-debug-types \
            -c -x c "$work/headers.h" -o "$dir/headers.o"
        "$readelf" --debug-dump=line "$dir/headers.o" >"$dir/headers.line"
        "$readelf" --debug-dump=info "$dir/headers.o" >"$dir/headers.info"
        awk -v inc="$inc" -f "$here/mingw_layouts.awk" "$dir/headers.line" "$dir/headers.info" \
            >"$dir/probes.tsv"
    fi

    # shellcheck disable=SC2086
    run_probes wsim "$host_cc" $host_flags -I "$inc" $config_flags
    # shellcheck disable=SC2086
    run_probes mingw "$mingw_cc" $mingw_flags $config_flags
    if [ "$mode" = constants ]; then
        # shellcheck disable=SC2086
        macro_facts wsim "$host_cc" $host_flags -I "$inc" $config_flags
        # shellcheck disable=SC2086
        macro_facts mingw "$mingw_cc" $mingw_flags $config_flags
    fi

    awk -F '\t' -v config="$config" -v wsim="$dir/wsim.values" -v mingw="$dir/mingw.values" \
        -v notes="$work/notes" \
        -f "$here/mingw_compare.awk" "$here/mingw_differences.txt" "$dir/probes.tsv" || status=1
done

# A listed difference that no longer shows (a newer mingw-w64 may have
# caught up with the SDK) is named, so that the list stays true; it does
# not fail the test.
touch "$work/notes"
awk -F '\t' '$1 == "applicable" { seen[$2] = 1 } $1 == "used" { used[$2] = 1 }
    END { for (e in seen) if (!(e in used)) print "note: mingw_differences.txt lists " e ", which no longer differs" }' \
    "$work/notes" | sort
exit $status
