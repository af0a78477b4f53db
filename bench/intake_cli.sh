#!/usr/bin/env bash
# Issue 6: `embargo intake mail` as the MTA runs it, one process per message,
# into a fresh data directory (SQLite WAL, synchronous=FULL, files fsynced).
# Usage: nice bench/intake_cli.sh BUILD_BIN_DIR [COUNT]
set -euo pipefail
bin=${1:?usage: intake_cli.sh BUILD_BIN_DIR [COUNT]}
count=${2:-500}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$bin/embargo" init --data "$dir/d" >/dev/null
sed -i 's/^deliver_on_intake = true/deliver_on_intake = false/; s/^max_per_sender_per_hour = .*/max_per_sender_per_hour = 1000000/' \
  "$dir/d/embargo.toml"
for i in $(seq "$count"); do
  printf 'From: r%d@example.net\nSubject: report %d\nMessage-ID: <m%d@bench>\n\nThe parser overflows with input %d.\n' \
    $((i % 50)) "$i" "$i" "$i" >"$dir/m$i"
done
start=$(date +%s.%N)
for i in $(seq "$count"); do
  "$bin/embargo" intake mail --data "$dir/d" <"$dir/m$i" >/dev/null
done
end=$(date +%s.%N)
echo "$count messages in $(echo "$end - $start" | bc) s: $(echo "$count / ($end - $start)" | bc) messages/s (one process each)"
