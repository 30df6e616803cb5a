#!/bin/sh
# contract_coverage.sh — does every id of the send contract have a test?
#
#   sh contract_coverage.sh LIST CTEST BUILD_DIR [SPEC]
#
# LIST is tests/contract-ids.txt (its format is described at its top).  The
# test names it gives are checked against `CTEST -N` run in BUILD_DIR, so a
# name counts only when this build registers it.  When SPEC (the contract,
# ../shared/spec/send-contract.md) exists, the list's ids must be exactly the
# contract's ids (its table rows, `| S01 |` …) and W04 must have a line for
# every code its row names; without it, the ids S01–S31, W01–W28 and
# M01–M05 and the codes below are expected.
#
# Fails (exit 1) when an id is missing from the list, is not an id of the
# contract, has no test that exists in the build (and is not one the
# contract lets go unmodelled: S21, and the receive-only clauses of S12 and
# W04), when a test the list names is not in the build, or when a line is
# malformed.  Prints each problem: the ids without a test, the names not
# (yet) in the build.
set -u

if [ $# -lt 3 ]; then
    echo "usage: contract_coverage.sh LIST CTEST BUILD_DIR [SPEC]" >&2
    exit 2
fi
list=$1
ctest=$2
build=$3
spec=${4:-}

work=$(mktemp -d "${TMPDIR:-/tmp}/wsim-coverage-XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT INT TERM

# The tests this build registers.
if ! (cd "$build" && "$ctest" -N) > "$work/ctest.txt" 2>&1; then
    echo "contract_coverage: \"$ctest -N\" failed in $build:" >&2
    cat "$work/ctest.txt" >&2
    exit 2
fi
sed -n 's/^ *Test *#[0-9]*: *//p' "$work/ctest.txt" | sed 's/ *$//' > "$work/tests.txt"

# The ids and W04's codes, from the contract when it is there.
if [ -n "$spec" ] && [ -f "$spec" ]; then
    grep -oE '^\| [SWM][0-9]{2} ' "$spec" | sed 's/^| //; s/ $//' > "$work/ids.txt"
    grep -E '^\| W04 ' "$spec" | grep -oE '`WSA[A-Z_]+`' | tr -d '`' | sort -u > "$work/codes.txt"
    source="the contract ($spec)"
else
    for p in S:31 W:28 M:5; do
        letter=${p%%:*} n=${p##*:} i=1
        while [ "$i" -le "$n" ]; do
            printf '%s%02d\n' "$letter" "$i"
            i=$((i + 1))
        done
    done > "$work/ids.txt"
    printf '%s\n' WSAECONNABORTED WSAECONNRESET WSAEFAULT WSAEINPROGRESS WSAEINTR WSAEINVAL \
        WSAEMSGSIZE WSAENETDOWN WSAENETRESET WSAENOBUFS WSAENOTCONN WSAENOTSOCK WSAEOPNOTSUPP \
        WSAESHUTDOWN WSAEWOULDBLOCK WSANOTINITIALISED WSA_IO_PENDING WSA_OPERATION_ABORTED \
        > "$work/codes.txt"
    source="the built-in id ranges (no contract at ${spec:-(not given)})"
fi
if [ ! -s "$work/ids.txt" ]; then
    echo "contract_coverage: no ids found in $source" >&2
    exit 2
fi

awk -v tests="$work/tests.txt" -v ids="$work/ids.txt" -v codes="$work/codes.txt" \
    -v listname="$list" -v source="$source" '
BEGIN {
    while ((getline t < tests) > 0) registered[t] = 1
    n_ids = 0
    while ((getline t < ids) > 0) { expected[t] = 1; order[++n_ids] = t }
    while ((getline t < codes) > 0) code[t] = 1
    allowed["S21"] = 1; allowed["S12:receive-only"] = 1; allowed["W04:receive-only"] = 1
    bad = 0
}
function problem(msg) { print listname ":" FNR ": " msg; bad = 1 }
{
    line = $0
    sub(/#.*/, "", line)
    if (line ~ /^[ \t]*$/) next
    n = split(line, f, /[ \t]+/)
    first = (f[1] == "") ? 2 : 1
    key = f[first]
    if (key !~ /^[SWM][0-9][0-9](:[A-Za-z0-9_-]+)?$/) { problem("malformed entry \"" key "\""); next }
    id = key; clause = ""
    if (index(key, ":")) { id = substr(key, 1, index(key, ":") - 1); clause = substr(key, index(key, ":") + 1) }
    listed[id] = 1
    if (!(id in expected)) problem(id " is not an id of " source)
    rest = line
    sub(/^[ \t]*[^ \t]+[ \t]*/, "", rest)
    if (rest ~ /^not modelled:/) {
        reason = rest; sub(/^not modelled:[ \t]*/, "", reason)
        if (reason == "") problem(key ": \"not modelled\" needs a reason")
        else if (!(key in allowed)) problem(key ": the contract does not let " key " go unmodelled")
        else if (clause == "") notmodelled[id] = 1
        next
    }
    if (first + 1 > n) { problem(key ": no test named"); next }
    found = 0
    for (i = first + 1; i <= n; i++) {
        if (f[i] == "") continue
        if (f[i] in registered) found++
        else { missing_test[key] = missing_test[key] " " f[i] }
    }
    if (found) { if (clause == "") covered[id] = 1; else clause_covered[id ":" clause] = 1 }
    if (clause != "") clause_listed[id ":" clause] = 1
}
END {
    for (k = 1; k <= n_ids; k++) {
        id = order[k]
        if (!(id in listed)) { print id " is missing from " listname; bad = 1; continue }
        if (!(id in covered) && !(id in notmodelled)) { uncovered[id] = 1; bad = 1 }
    }
    for (c in code) {
        if (!(("W04:" c) in clause_covered)) { uncovered["W04:" c] = 1; bad = 1 }
    }
    nmiss = 0
    for (key in missing_test) {
        print "NOT IN THIS BUILD: " key ":" missing_test[key]
        nmiss++
        bad = 1
    }
    for (key in uncovered) {
        print "NO TEST: " key (key in missing_test ? " (its tests are not in this build yet)" : "")
    }
    if (bad) { print "contract coverage: incomplete (checked against " source ")"; exit 1 }
    print "contract coverage: every id of " source " has a test, and every test named exists"
}
' "$list"
