#!/usr/bin/env bash
# fleet-check.sh — the fleet flow of README "Scaling out", on one machine:
# mcptop serve, three headless mcptop instances against it at the same time
# (open loop, --rate), their snapshots merged, and the merge checked: ops
# and histogram counts are the instances' sums, the merged p99 lies between
# theirs, each complete second's throughput is the sum of theirs.
#
# usage: scripts/fleet-check.sh            (DURATION=10s RATE=500 INSTANCES=3)
# Needs python3 for the checks. Everything runs on 127.0.0.1 and stops by
# itself.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${DURATION:-10s} rate=${RATE:-500} n=${INSTANCES:-3}
work=$(mktemp -d)
trap 'kill $serve 2>/dev/null || true; rm -rf "$work"' EXIT

go build -o "$work/mcptop" .
mcptop=$work/mcptop

"$mcptop" serve --listen 127.0.0.1:0 --impl optimised >"$work/serve.log" 2>&1 &
serve=$!
for _ in $(seq 100); do
	url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/mcp' "$work/serve.log" || true)
	[[ -n $url ]] && break
	sleep 0.1
done
[[ -n ${url:-} ]] || { echo "serve did not start:"; cat "$work/serve.log"; exit 1; }
echo "== mcptop serve at $url"

mkdir "$work/instances"
pids=()
for i in $(seq 0 $((n - 1))); do
	"$mcptop" --headless --target "$url" --rate "$rate" --workers 1 --duration "$duration" --warmup 2 \
		--instance "pod-$i" --out "$work/instances/pod-$i.json" >"$work/pod-$i.log" 2>&1 &
	pids+=($!)
done
for i in "${!pids[@]}"; do
	wait "${pids[$i]}" || { echo "instance $i failed:"; cat "$work/pod-$i.log"; exit 1; }
done
echo "== $n instances at $rate requests/s each for $duration"

"$mcptop" merge "$work/instances" --out "$work/fleet.json"
"$mcptop" report "$work/fleet.json" | head -40

python3 - "$work/fleet.json" "$work"/instances/*.json <<'PY'
import json, sys
fleet = json.load(open(sys.argv[1]))
ins = [json.load(open(p)) for p in sys.argv[2:]]
run = fleet["runs"][0]
for v, side in enumerate(run["variants"]):
    parts = [i["runs"][0]["variants"][v] for i in ins]
    ops = sum(p["summary"]["ops"] for p in parts)
    hist = sum(b["count"] for p in parts for b in p["latency_histogram"])
    mhist = sum(b["count"] for b in side["latency_histogram"])
    assert side["summary"]["ops"] == ops, (side["impl"], side["summary"]["ops"], ops)
    assert mhist == hist, (side["impl"], mhist, hist)
    p99s = [p["summary"]["latency_p99_us"] for p in parts]
    p99 = side["summary"]["latency_p99_us"]
    slack = max(p99s) / 256  # the histogram's relative error
    assert min(p99s) - slack <= p99 <= max(p99s) + slack, (side["impl"], p99, p99s)
    complete = 0
    for pt in side["series"]:
        if pt.get("partial"):
            continue
        complete += 1
        want = sum(x["throughput_ops_per_s"] for p in parts for x in p["series"]
                   if -500 <= x["unix_ms"] - pt["unix_ms"] < 500)  # the second nearest its end, as merge rounds
        assert abs(pt["throughput_ops_per_s"] - want) <= 1e-9 * want, (side["impl"], pt["t_s"], pt["throughput_ops_per_s"], want)
    print(f"ok: {side['impl']}: {ops} ops and {hist} timed latencies summed; p99 {p99:.1f}µs within the instances' "
          f"{min(p99s):.1f}–{max(p99s):.1f}µs; {complete} complete seconds, each the sum of the instances'")
PY
echo "fleet check passed"
