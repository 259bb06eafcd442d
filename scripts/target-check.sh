#!/usr/bin/env bash
# target-check.sh: mcptop's target workload against the MCP reference server,
# @modelcontextprotocol/server-everything (installed with npm into a temporary
# folder), end to end:
#
#   1. one server (both variants are instances of it: an A/A run), headless,
#      snapshot checked: exit 0, round trips/s > 0, p50/p95/p99 > 0, the
#      server's name in the labels;
#   2. two instances as A and B, and `mcptop report` of that snapshot;
#   3. the load generator's efficiency: scripts/minclient (a minimal
#      hand-written client) and mcptop's client, both at 32 requests in
#      flight, back to back, alternating, RUNS times; mcptop's figure is the
#      mean of its two variants' median round trips/s.
#
# Skips (exit 0) when node, npm or npx is absent. Environment: MCPTOP (a built
# mcptop binary; default: build one), DURATION (per run, default 10s), RUNS
# (default 3).
set -euo pipefail

for tool in node npm npx; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "target-check: $tool not found; skipped"
		exit 0
	fi
done

root=$(cd "$(dirname "$0")/.." && pwd)
duration=${DURATION:-10s}
runs=${RUNS:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/mcptop-target-check.XXXXXX")
export GOTMPDIR=${GOTMPDIR:-${TMPDIR:-/tmp}}
trap 'rm -rf "$work"' EXIT

echo "== installing @modelcontextprotocol/server-everything into $work"
(cd "$work" && npm install --no-audit --no-fund --loglevel=error @modelcontextprotocol/server-everything >/dev/null)
entry="$work/node_modules/@modelcontextprotocol/server-everything/dist/index.js"
[ -f "$entry" ] || { echo "target-check: no $entry after npm install" >&2; exit 1; }
server="node $entry stdio"

# The children's stderr logs go to the temporary folder too.
export TMPDIR="$work"

mcptop=${MCPTOP:-}
if [ -z "$mcptop" ]; then
	mcptop="$work/mcptop"
	(cd "$root" && go build -o "$mcptop" .)
fi
(cd "$root" && go build -o "$work/minclient" ./scripts/minclient)

# json_numbers KEY FILE prints every number stored under KEY in FILE.
json_numbers() {
	grep -o "\"$1\": *[0-9.eE+-]*" "$2" | sed 's/.*: *//'
}

# check_snapshot FILE fails unless FILE has round trips, percentiles and the
# reference server's name.
check_snapshot() {
	local f=$1 key v
	for key in throughput_median_ops_per_s latency_p50_us latency_p95_us latency_p99_us; do
		for v in $(json_numbers "$key" "$f" | tail -n 2); do
			awk -v v="$v" 'BEGIN { exit !(v > 0) }' || { echo "target-check: $key is $v in $f" >&2; exit 1; }
		done
	done
	grep -q '"label": *"[^"]*everything' "$f" || { echo "target-check: no server name in the labels of $f" >&2; exit 1; }
	echo "ok: $f has round trips/s, p50/p95/p99 and the server's name"
}

echo "== one server (A/A)"
"$mcptop" --headless --target "$server" --duration "$duration" --out "$work/a.json"
check_snapshot "$work/a.json"

echo "== two servers (A/B)"
"$mcptop" --headless --target "$server" --target-b "$server" --label-a "everything #1" --label-b "everything #2" \
	--duration "$duration" --out "$work/ab.json"
check_snapshot "$work/ab.json"
"$mcptop" report "$work/ab.json"

echo "== load generator efficiency: minimal client vs mcptop, 32 in flight, $runs alternating runs"
for i in $(seq "$runs"); do
	min=$("$work/minclient" -depth 32 -duration "$duration" $server | awk '{ print $1 }')
	"$mcptop" --headless --target "$server" --depth 32 --workers 1 --duration "$duration" --out "$work/eff.json" >/dev/null
	ours=$(json_numbers throughput_median_ops_per_s "$work/eff.json" | tail -n 2 | awk '{ s += $1 } END { printf "%.0f", s / NR }')
	awk -v i="$i" -v m="$min" -v o="$ours" 'BEGIN { printf "run %d: minimal client %d round trips/s, mcptop %d round trips/s (%.1f%%)\n", i, m, o, 100 * o / m }'
done
