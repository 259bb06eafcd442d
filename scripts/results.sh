#!/usr/bin/env bash
# results.sh: the README's measured-results table. Runs every workload's
# headline configurations headless in alternate mode (DURATION measured
# seconds each, default 22s: 2 s warm-up + 20 s summarised), keeps the
# snapshots in OUT (default ./results), and prints one Markdown row per run
# from each run's summary line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${DURATION:-22s}
out=${OUT:-results}
mkdir -p "$out"
bin=$(mktemp -d)/mcptop
(cd "$root" && go build -o "$bin" .)

runs=(
  "registry --prefill 10000"
  "correlation --depth 1000"
  "correlation --depth 10000"
  "codec --size 1024"
  "codec --size 10240"
  "codec --size 102400"
  "percentile --window 1000000"
  "e2e --size 1024"
  "e2e --size 102400"
)
echo "| workload | parameters | baseline ops/s [95 % CI] | optimised ops/s [95 % CI] | p99 baseline → optimised | alloc B/op baseline → optimised | optimised/baseline [95 % CI] |"
echo "|---|---|---|---|---|---|---|"
for r in "${runs[@]}"; do
  set -- $r
  name=$1; shift
  file="$out/$name$(echo "$*" | tr -d ' -').json"
  log=$("$bin" --headless --workload "$name" "$@" --duration "$duration" --out "$file")
  base=$(grep -E '^  baseline ' <<<"$log")
  opt=$(grep -E '^  optimised ' <<<"$log")
  ratio=$(grep -E 'optimised/baseline throughput' <<<"$log")
  thr() { sed -E 's/.* ([0-9.]+[kMG]?) ops\/s \[([^]]*)\].*/\1 [\2]/' <<<"$1"; }
  p99() { sed -E 's/.* p99 +([^ ]+) .*/\1/' <<<"$1"; }
  alloc() { sed -E 's/.* ([0-9.]+) B\/op .*/\1/' <<<"$1"; }
  rat=$(sed -E 's/.*throughput: ([0-9.]+×) \(95% CI ([^,]*),.*/\1 [\2]/' <<<"$ratio")
  echo "| $name | $* | $(thr "$base") | $(thr "$opt") | $(p99 "$base") → $(p99 "$opt") | $(alloc "$base") → $(alloc "$opt") | $rat |"
done
