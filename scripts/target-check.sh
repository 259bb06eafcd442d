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
#      hand-written client) and mcptop's client (its target pipeline), both at
#      32 requests in flight against their own instance of the server, taking
#      turns in 100 ms slices so that a noisy machine hits both alike; RUNS
#      runs. (Back-to-back whole runs were tried first: on a shared machine
#      their spread, 45-165 %, said nothing.)
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

echo "== load generator efficiency: minimal client vs mcptop's client, 32 in flight, 100 ms turns, $runs runs"
for i in $(seq "$runs"); do
	printf 'run %d: ' "$i"
	"$work/minclient" -compare -depth 32 -duration "$duration" $server
done
