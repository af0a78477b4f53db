#!/usr/bin/env bash
# Issue 6: `embargo intake mail --batch DIR` (group commit) on the same
# messages as intake_cli.sh, into a fresh data directory (SQLite WAL,
# synchronous=FULL, files made durable by concurrent fsyncs per group).
# Usage: nice bench/intake_batch.sh BUILD_BIN_DIR [COUNT] [BATCH_SIZE]
set -euo pipefail
bin=${1:?usage: intake_batch.sh BUILD_BIN_DIR [COUNT] [BATCH_SIZE]}
count=${2:-2000}
size=${3:-100}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$bin/embargo" init --data "$dir/d" >/dev/null
sed -i 's/^deliver_on_intake = true/deliver_on_intake = false/; s/^max_per_sender_per_hour = .*/max_per_sender_per_hour = 1000000/' \
  "$dir/d/embargo.toml"
mkdir "$dir/spool"
for i in $(seq "$count"); do
  printf 'From: r%d@example.net\nSubject: report %d\nMessage-ID: <m%d@bench>\n\nThe parser overflows with input %d.\n' \
    $((i % 50)) "$i" "$i" "$i" >"$dir/spool/m$i"
done
start=$(date +%s.%N)
"$bin/embargo" intake mail --data "$dir/d" --batch "$dir/spool" --batch-size "$size" >/dev/null
end=$(date +%s.%N)
left=$(ls "$dir/spool" | wc -l)
[ "$left" = 0 ] || { echo "$left messages left in the spool" >&2; exit 1; }
echo "$count messages in $(echo "$end - $start" | bc) s: $(echo "$count / ($end - $start)" | bc) messages/s (batches of $size)"
