#!/usr/bin/env bash
# README's first command: rehearses a whole release in a new data directory
# (`embargo demo`: throwaway keys, a private repository, reports by mail, the
# release built, planned and carried out on a fast clock; nothing leaves the
# machine), then runs embargod on it on 127.0.0.1 in the foreground. The demo
# prints what to look at, the URL and the admin's one-time password.
# Usage: scripts/demo.sh [DATA_DIR] (default ./sec; must not exist).
# EMBARGO_DEMO_PORT: the port (default 8470).
set -euo pipefail

bin=${EMBARGO_BIN:-$(cd "$(dirname "$0")/.." && pwd)/build/bin}
data=${1:-./sec}
port=${EMBARGO_DEMO_PORT:-8470}
url=http://127.0.0.1:$port

"$bin/embargo" demo --data "$data" --url "$url"
echo
echo "Starting embargod on $url (Ctrl-C stops it; start it again with: $bin/embargod --data $data)"
exec "$bin/embargod" --data "$data" --listen "127.0.0.1:$port"
