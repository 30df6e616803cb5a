#!/usr/bin/env bash
# report_browser.sh — `wsim report` of an example run, opened in headless
# Chromium.  Checks that the page ran without a script error or console
# message (the page writes any error it meets into #wsim-errors, and Chromium
# logs console messages to stderr), and that its DOM shows one lifeline per
# host and one arrow per packet hop, counted from the trace's own rows (every
# forward, recv and drop ends one hop).
#
# Usage: report_browser.sh WSIM EXAMPLES_DIR SCENARIO
# Exits 77 (skipped) when chromium is not installed; tools/dev installs it.
set -euo pipefail
wsim=$1 examples=$2 scenario=$3
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "chromium is not installed: skipped"; exit 77; }
dir=$(mktemp -d /tmp/wsim-report-test-XXXXXX)
trap 'rm -rf "$dir"' EXIT

"$wsim" run "$examples/$scenario.json" --quiet --trace "$dir/run.wsimtrace" >/dev/null
"$wsim" report "$dir/run.wsimtrace" -o "$dir/report.html"
grep -q 'src="http\|href="http' "$dir/report.html" && { echo "the report loads something from the network"; exit 1; }

"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$dir/profile" --enable-logging=stderr --v=0 --virtual-time-budget=5000 \
  --dump-dom "file://$dir/report.html" >"$dir/dom.html" 2>"$dir/browser.log"

fail=0
check() { # check WHAT ACTUAL EXPECTED
  if [ "$2" != "$3" ]; then echo "FAIL: $1: $2, expected $3"; fail=1; else echo "ok: $1: $2"; fi
}
hosts=$(sqlite3 "$dir/run.wsimtrace" "SELECT count(*) FROM hosts")
hops=$(sqlite3 "$dir/run.wsimtrace" "SELECT count(*) FROM segments WHERE event IN ('recv','forward','drop')")
check "page finished drawing" "$(grep -c 'data-ready="1"' "$dir/dom.html")" 1
check "empty error box (no script error)" "$(grep -c '<div id="wsim-errors"></div>' "$dir/dom.html")" 1
check "console messages" "$(grep -c 'CONSOLE' "$dir/browser.log" || true)" 0
check "host lifelines" "$(grep -o 'class="lifeline"' "$dir/dom.html" | wc -l)" "$hosts"
check "host labels" "$(grep -o 'class="hostlabel host"' "$dir/dom.html" | wc -l)" "$hosts"
check "arrows" "$(grep -o 'class="arrow ' "$dir/dom.html" | wc -l)" "$hops"
[ "$fail" = 0 ] || { grep CONSOLE "$dir/browser.log" | head; exit 1; }
