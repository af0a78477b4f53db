#!/usr/bin/env bash
# Whole-process figures for issue 3: `embargo case show` and
# `embargo case list --state` as a user runs them, against the store that
# bench_store filled (run that first). Prints median and p99 in milliseconds.
# Usage: bench/store_cli.sh BUILD_DIR [DATA_DIR] [RUNS]
set -euo pipefail
build=${1:?usage: store_cli.sh BUILD_DIR [DATA_DIR] [RUNS]}
data=${2:-/tmp/embargo-bench-store}
runs=${3:-300}
cases=$(sqlite3 "$data/embargo.db" 'select count(*) from cases')

time_runs() {  # prints one duration in ms per run of "$@" with a random case id
  local start end id
  for _ in $(seq "$runs"); do
    id=$(printf 'EMB-2026-%04d' $(((RANDOM * 32768 + RANDOM) % cases + 1)))
    start=$(date +%s%N)
    "$@" "$id" >/dev/null
    end=$(date +%s%N)
    echo $(((end - start) / 1000))
  done
}

summary() {  # median and p99 of microsecond samples on stdin
  sort -n | awk '{ v[NR] = $1 } END { p = int(NR * 0.99); if (p < 1) p = 1; printf "median %.2f ms  p99 %.2f ms  (n=%d)\n", v[int((NR + 1) / 2)] / 1000, v[p] / 1000, NR }'
}

echo "store: $cases cases in $data"
echo -n "embargo case show (text):  "
time_runs "$build/bin/embargo" --data "$data" case show | summary
echo -n "embargo case show (json):  "
time_runs "$build/bin/embargo" --data "$data" case show --format json | summary
list_state() { "$build/bin/embargo" --data "$data" case list --state confirmed --format json; }
echo -n "embargo case list --state confirmed:  "
runs=20 time_runs list_state | summary
