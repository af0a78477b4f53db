#!/usr/bin/env bash
# Installs the Debian 12 packages that embargo needs to build and test.
# Usage: scripts/install-deps.sh            (as root, or with sudo available)
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git
  # libraries (DESIGN.md, "Dependencies")
  libsqlite3-dev libssl-dev libsodium-dev
  libexpected-dev nlohmann-json3-dev libcli11-dev libtoml11-dev
  libfmt-dev libspdlog-dev libhowardhinnant-date-dev libvalijson-dev libpcre2-dev
  libboost-dev libboost-system-dev
  libcurl4-openssl-dev libical-dev
  # PostgreSQL store (storage/postgres/) and the server its tests start on loopback
  libpqxx-dev postgresql
  # release builder (issue 8)
  libgit2-dev libgpgme-dev gnupg zlib1g-dev libbz2-dev liblzma-dev xz-utils bzip2 patch bc
  # mail (issue 6)
  libgmime-3.0-dev libmstch-dev
  # tests and benchmarks
  doctest-dev libbenchmark-dev sqlite3 jq tzdata python3 python3-jsonschema python3-icalendar python3-aiosmtpd iso-codes
  # HTTP integration tests (clients, certificates) and bench/http_vs_nginx.sh
  curl wget openssl nginx-light wrk
  # browser test (tests/integration/suites/browser.bash: playwright-core from npm drives Debian's chromium;
  # Node.js and npm come from the machine, or from Debian below when it has none)
  chromium
  # fuzzing (fuzz/, -DENABLE_FUZZING=ON)
  clang
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
if ! command -v npm >/dev/null 2>&1; then
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
