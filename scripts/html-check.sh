#!/usr/bin/env bash
# html-check.sh renders an mcptop HTML page to PNG with headless Chromium,
# so a person (or CI) can look at the charts.
#
#   scripts/html-check.sh [REPORT.html|SNAPSHOT.json] [OUT.png]
#   scripts/html-check.sh OLD.json NEW.json [OUT.png]
#
# With one .json argument the report is made first (go run . report ...
# --format html); with two, the comparison (go run . compare OLD NEW
# --format html; its exit status 1, a regression, or 2, something not
# compared, is not a failure here: the page says so). With
# no argument it renders report/testdata/report.html, the golden HTML of the
# fixture snapshot. The viewport is WINDOW (default 1200,1600) pixels; the
# screenshot is that viewport. Exits 0 and prints "skip: ..." when Chromium
# is not installed, so CI without a browser passes; exits 1 when Chromium
# fails or the PNG is missing or empty.
set -euo pipefail
cd "$(dirname "$0")/.."

in=${1:-report/testdata/report.html}
newer=""
if [[ $in == *.json && ${2:-} == *.json ]]; then
	newer=$2
	shift
fi
out=${2:-${TMPDIR:-/tmp}/mcptop-report.png}

browser=""
for b in chromium chromium-browser google-chrome google-chrome-stable; do
	if command -v "$b" >/dev/null 2>&1; then
		browser=$b
		break
	fi
done
if [ -z "$browser" ]; then
	echo "skip: no chromium on PATH (apt-get install chromium)"
	exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [[ -n $newer ]]; then
	status=0
	go run . compare "$in" "$newer" --format html >"$work/compare.html" || status=$?
	if ((status > 2)); then
		echo "html-check: mcptop compare exited $status" >&2
		exit 1
	fi
	in="$work/compare.html"
else
	case "$in" in
	*.json)
		go run . report "$in" --format html >"$work/report.html"
		in="$work/report.html"
		;;
	esac
fi
[ -s "$in" ] || { echo "html-check: $in: missing or empty" >&2; exit 1; }
abs=$(cd "$(dirname "$in")" && pwd)/$(basename "$in")

rm -f "$out"
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
	--no-first-run --user-data-dir="$work/profile" --hide-scrollbars \
	--screenshot="$out" --window-size=${WINDOW:-1200,1600} "file://$abs" >"$work/log" 2>&1 || {
	echo "html-check: $browser failed:" >&2
	cat "$work/log" >&2
	exit 1
}
if [ ! -s "$out" ]; then
	echo "html-check: no screenshot written" >&2
	cat "$work/log" >&2
	exit 1
fi
echo "ok: $in rendered to $out ($(wc -c <"$out") bytes)"
