#!/usr/bin/env bash
# The main job on the embedded default (SQLite, local files): creates a data
# directory and walks a demonstration case through the first steps of the
# process. Usage: scripts/demo.sh [DATA_DIR] (default ./sec; must not exist).
set -euo pipefail

bin=${EMBARGO_BIN:-$(cd "$(dirname "$0")/.." && pwd)/build/bin}
data=${1:-./sec}
export EMBARGO_DATA=$data
e() { echo "\$ embargo $*"; "$bin/embargo" "$@"; }

e init --project Exim
id=$("$bin/embargo" case new --title "heap overflow in string_vformat" \
  --reporter "Jane Roe <jane@example.org>" --reporter-credit "Jane Roe (Example Lab)" \
  --reporter-deadline 2027-03-01 --impact rce)
echo "opened $id"
e case note "$id" "confirmed with reporter; reproducer works on 4.99"
e case move "$id" confirmed --why "reproduced"
e vuln add "$id" --title "heap overflow in string_vformat" --cwe CWE-787 --affected ">=4.92,<4.99.1" \
  --fixed ">=4.99.1" --mitigation "none known"
e case move "$id" fixing --why "patch in progress on the private repository"
e case show "$id"
e timeline verify "$id"
echo
echo "Data directory: $data. Try: EMBARGO_DATA=$data $bin/embargo case list"
