#!/usr/bin/env bash
# report_screenshot.sh — runs a scenario, writes its report and a screenshot
# of it as headless Chromium draws it, for review by eye.
# Usage: report_screenshot.sh WSIM SCENARIO.json OUTPUT.png
set -euo pipefail
wsim=$1 scenario=$2 png=$3
dir=$(mktemp -d /tmp/wsim-report-shot-XXXXXX)
trap 'rm -rf "$dir"' EXIT
"$wsim" run "$scenario" --quiet --trace "$dir/run.wsimtrace" >/dev/null
"$wsim" report "$dir/run.wsimtrace" -o "$dir/report.html"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$dir/profile" --virtual-time-budget=5000 --window-size=1400,2200 \
  --screenshot="$png" "file://$dir/report.html" 2>/dev/null
echo "screenshot: $png"
