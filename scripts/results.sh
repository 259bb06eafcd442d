#!/usr/bin/env bash
# results.sh: the README's measured results. Runs `mcptop matrix` for every
# workload's headline configurations (every implementation against the
# seed's "before", alternate mode, DURATION measured seconds per pair,
# default 42s: 2 s warm-up + 40 s summarised), keeps one snapshot per
# matrix in OUT (default ./results), and prints each matrix as Markdown: the
# command line, then the table as mcptop prints it. Then the headline pairs:
# each seed's "after" against the strongest simple alternative to it, in one
# run side by side (a ratio between two rows of a matrix compares two
# different runs). PART=matrices or PART=pairs runs only that part.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${DURATION:-42s}
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
part=${PART:-all}
[[ $part == pairs ]] && runs=()

pairs=(
  "registry --prefill 10000 --a mutex --b sharded"
  "correlation --depth 1000 --a mutex --b ring"
  "correlation --depth 10000 --a mutex --b ring"
  "codec --size 1024 --a json-typed --b easyjson"
  "codec --size 10240 --a json-typed --b easyjson"
  "codec --size 102400 --a json-typed --b easyjson"
  "codec --size 10240 --a json-v2 --b easyjson"
  "percentile --window 1000000 --a select --b histogram"
)
[[ $part == matrices ]] && pairs=()

# section FROM HOW WORKLOAD ARGS...: one Markdown section: runs mcptop HOW
# (matrix or --headless) on WORKLOAD with ARGS, keeps its snapshot in OUT,
# and prints the command line, then mcptop's output from the line that
# matches FROM (WORKLOAD stands for %w in it) up to the snapshot line.
section() {
  local from=$1 how=$2 name=$3
  shift 3
  local file log
  file="$out/$name$(echo "$*" | tr -d ' -').json"
  log=$("$bin" "$how" --workload "$name" "$@" --duration "$duration" --out "$file")
  echo "#### $name $*"
  echo
  echo '```'
  echo "\$ mcptop $how --workload $name $* --duration $duration --out $file"
  sed -n "/${from//%w/$name}/,/^snapshot written/p" <<<"$log" | sed '$d'
  echo '```'
  echo
}

for r in "${runs[@]}"; do
  # The table: from its title line to the legend, without the progress
  # lines before it or the snapshot line after it.
  section '^%w (' matrix $r
done
for r in "${pairs[@]}"; do
  section '^summary of ' --headless $r
done
