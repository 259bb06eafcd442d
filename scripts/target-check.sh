#!/usr/bin/env bash
# target-check.sh: mcptop's target workload against the MCP reference server,
# @modelcontextprotocol/server-everything (installed with npm into a temporary
# folder), over each of its transports, and against `mcptop serve`, end to
# end. Every server listens on, and every request goes to, 127.0.0.1.
#
#   1. stdio, one server (both variants are instances of it: an A/A run),
#      headless, snapshot checked: exit 0, round trips/s > 0, p50/p95/p99 > 0,
#      the server's name in the labels, its CPU and memory read;
#   2. stdio, two instances as A and B, and `mcptop report` of that snapshot;
#      a mix of calls (tools/list, tools/call echo, resources/read) open loop,
#      its methods checked to add up to the totals;
#   3. Streamable HTTP (its streamableHttp mode), A/A (its process read by
#      --server-pid) and A/B against a second instance;
#   4. HTTP+SSE (its sse mode), A/A, and A/B against the Streamable HTTP one;
#   5. `mcptop serve`: A/A over Streamable HTTP, A/B HTTP against TCP, and a
#      cold start run against `mcptop serve --stdio`;
#   6. the load generator's efficiency: scripts/minclient (a minimal
#      hand-written client) and mcptop's client (its target pipeline), both at
#      32 requests in flight, taking turns in 100 ms slices so that a noisy
#      machine hits both alike, RUNS runs each: over stdio against their own
#      instance of the reference server, and over Streamable HTTP against
#      `mcptop serve` and against the Go SDK's handler (minclient
#      -sdk-listen); the median of each is printed. (Back-to-back whole runs
#      were tried first: on a shared machine their spread, 45-165 %, said
#      nothing.)
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
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

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

# check_snapshot FILE [LABEL] fails unless FILE has round trips, percentiles
# and the server's name (LABEL, a grep pattern; default: the reference
# server's) in its labels.
check_snapshot() {
	local f=$1 label=${2:-everything} key v
	for key in throughput_median_ops_per_s latency_p50_us latency_p95_us latency_p99_us; do
		for v in $(json_numbers "$key" "$f" | tail -n 2); do
			awk -v v="$v" 'BEGIN { exit !(v > 0) }' || { echo "target-check: $key is $v in $f" >&2; exit 1; }
		done
	done
	grep -q "\"label\": *\"[^\"]*$label" "$f" || { echo "target-check: no server name ($label) in the labels of $f" >&2; exit 1; }
	echo "ok: $f has round trips/s, p50/p95/p99 and the server's name"
}

# check_server FILE fails unless the run read its servers' CPU and memory.
check_server() {
	grep -q '"server_known": *true' "$1" || { echo "target-check: no server CPU/memory in $1" >&2; exit 1; }
	local rss
	rss=$(json_numbers server_rss_bytes "$1" | sort -n | tail -n 1)
	echo "ok: $1 has server figures (largest RSS $rss bytes)"
}

# headless NAME ARGS...: a headless run of mcptop ARGS for DURATION, its
# snapshot written to $work/NAME.json and checked by check_snapshot (for
# the label in LABEL when it is set).
headless() {
	local f="$work/$1.json"
	shift
	"$mcptop" --headless "$@" --duration "$duration" --out "$f"
	check_snapshot "$f" "${LABEL:-everything}"
}

# check_methods FILE fails unless every variant of every run of FILE has
# methods, none failed, and their ops, errors, timeouts and fill/drain ops
# add up to the variant's summary.
check_methods() {
	node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
for (const r of s.runs) for (const v of r.variants) {
	const ms = v.methods || [];
	if (ms.length < 2) throw new Error(v.impl + ": " + ms.length + " methods");
	for (const k of ["ops", "errors", "timeouts", "fill_drain_ops"]) {
		const sum = ms.reduce((a, m) => a + m[k], 0);
		if (sum !== v.summary[k]) throw new Error(v.impl + ": the methods " + k + " add up to " + sum + ", the summary has " + v.summary[k]);
	}
	if (v.summary.errors !== 0) throw new Error(v.impl + ": " + v.summary.errors + " errors");
	console.log("ok: " + v.impl + ": " + ms.map(m => m.name + " " + m.ops).join(", ") + " = " + v.summary.ops + " ops");
}' "$1"
}

# free_port prints a port nothing listens on at 127.0.0.1.
free_port() {
	node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# wait_port PORT waits (up to 20 s) for something to listen on 127.0.0.1:PORT.
wait_port() {
	for _ in $(seq 200); do
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
		sleep 0.1
	done
	echo "target-check: nothing listens on port $1" >&2
	exit 1
}

# start_everything MODE: starts the reference server in MODE (streamableHttp
# or sse) on a free port; sets port and pid.
start_everything() {
	port=$(free_port)
	PORT=$port node "$entry" "$1" >"$work/everything-$1-$port.log" 2>&1 &
	pid=$!
	pids+=("$pid")
	wait_port "$port"
}

# median prints the median of its arguments.
median() {
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# efficiency NAME ARGS...: RUNS runs of minclient ARGS, and the median share.
efficiency() {
	local name=$1 shares=() line
	shift
	for i in $(seq "$runs"); do
		line=$("$work/minclient" "$@")
		echo "run $i: $line"
		shares+=("$(echo "$line" | grep -o '[0-9.]*%' | tr -d %)")
	done
	echo "$name: mcptop's client at $(median "${shares[@]}") % of the minimal client's round trips/s (median of $runs)"
}

echo "== stdio: one server (A/A)"
headless a --target "$server"
check_server "$work/a.json"

echo "== stdio: two servers (A/B)"
headless ab --target "$server" --target-b "$server" --label-a "everything #1" --label-b "everything #2"
"$mcptop" report "$work/ab.json"

echo "== stdio: a mix of calls, open loop at 500/s: the methods add up to the totals"
"$mcptop" --headless --target "$server" --call 'tools/list:1,tools/call:echo:3,resources/read:1' \
	--args-for 'tools/call:echo={"message":"hi"}' --args-for 'resources/read={"uri":"demo://resource/dynamic/text/1"}' \
	--rate 500 --duration "$duration" --out "$work/mix.json"
check_snapshot "$work/mix.json"
check_methods "$work/mix.json"
"$mcptop" report "$work/mix.json" | grep -A 8 "by method"

echo "== Streamable HTTP: one server (A/A), read by its pid"
start_everything streamableHttp
http1="http://127.0.0.1:$port/mcp" http1pid=$pid
headless http-aa --target "$http1" --server-pid "$http1pid"
check_server "$work/http-aa.json"

echo "== Streamable HTTP: two servers (A/B)"
start_everything streamableHttp
http2="http://127.0.0.1:$port/mcp"
headless http-ab --target "$http1" --target-b "$http2" --label-a "everything #1" --label-b "everything #2"

echo "== HTTP+SSE: one server (A/A)"
start_everything sse
sse="sse+http://127.0.0.1:$port/sse"
headless sse-aa --target "$sse" --call tools/call:echo --args '{"message":"hi"}'

echo "== HTTP+SSE against Streamable HTTP (A/B)"
headless sse-ab --target "$sse" --target-b "$http1" --label-a "everything over SSE" --label-b "everything over Streamable HTTP"
"$mcptop" report "$work/sse-ab.json"

echo "== mcptop serve: Streamable HTTP (A/A), HTTP against TCP (A/B), cold start over stdio"
port=$(free_port)
"$mcptop" serve --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
serve_pid=$!
pids+=("$serve_pid")
wait_port "$port"
LABEL=mcptop-serve headless serve-aa --target "http://127.0.0.1:$port/mcp" --server-pid "$serve_pid"
check_server "$work/serve-aa.json"
LABEL="serve over" headless serve-ab --target "http://127.0.0.1:$port/mcp" --target-b "tcp://127.0.0.1:$port" --label-a "serve over HTTP" --label-b "serve over TCP" \
	--call tools/call:echo --args '{"text":"hi"}'
LABEL=mcptop-serve headless serve-cold --target "$mcptop serve --stdio" --call initialize
check_server "$work/serve-cold.json"

echo "== load generator efficiency: minimal client vs mcptop's client, 32 in flight, 100 ms turns, $runs runs each"
efficiency "stdio, reference server" -compare -depth 32 -duration "$duration" $server
efficiency "Streamable HTTP, mcptop serve" -http "http://127.0.0.1:$port/mcp" -depth 32 -duration "$duration"
port=$(free_port)
"$work/minclient" -sdk-listen "127.0.0.1:$port" >"$work/sdk.log" 2>&1 &
pids+=("$!")
wait_port "$port"
efficiency "Streamable HTTP, Go SDK handler" -http "http://127.0.0.1:$port/mcp" -depth 32 -duration "$duration"
