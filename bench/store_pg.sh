#!/usr/bin/env bash
# Case creation rate on PostgreSQL vs SQLite (bench_store_pg), on a durable
# throwaway PostgreSQL (fsync on, as SQLite's synchronous=FULL) started here.
# Usage: nice bench/store_pg.sh BUILD_DIR   (built with -DENABLE_BENCHMARKS=ON)
set -euo pipefail
build=${1:?usage: store_pg.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d /tmp/embargo-bench-pgserver-XXXXXX)
trap 'bash "$here/../tests/pg/pg_server" stop "$dir"' EXIT
admin=$(EMBARGO_PG_DURABLE=1 bash "$here/../tests/pg/pg_server" start "$dir")
psql -q "$admin" -c "CREATE DATABASE bench" >/dev/null
"$build/bin/bench_store_pg" --pg "${admin%/*}/bench" "${@:2}"
