#!/usr/bin/env bash
# Benchmarks embargod's web face with 10,000 cases in the SQLite store, with
# wrk on loopback:
#   1. the case list page (GET /cases, logged in as a team member: 500 rows
#      of the one state all cases are in, the page's limit per state)
#   2. a JSON API read (GET /api/v1/cases/ID with a bearer token: the case,
#      its vulnerabilities and timeline; every read is logged)
# prints requests/s and the latency distribution (p50/p90/p99) of each.
#
# usage: bench/web_wrk.sh [BUILD_DIR]     (default: build)
#   BENCH_CASES=10000 BENCH_SECONDS=10 BENCH_CONNECTIONS=16 BENCH_THREADS=2 [BENCH_PERF=perf.data]
# Needs wrk, curl, python3. The machine may be shared: run under nice, twice.
set -euo pipefail

build=${1:-build}
bin=$(cd "$build/bin" && pwd)
cases=${BENCH_CASES:-10000}
seconds=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-16}
threads=${BENCH_THREADS:-2}
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is not installed" >&2; exit 1; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/embargo-webbench-XXXXXX")
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

"$bin/embargod" --data "$tmp/d" --listen 127.0.0.1:0 --access-log "$tmp/access.log" >"$tmp/out" 2>"$tmp/err" &
pid=$!
url=""
for _ in $(seq 200); do
  url=$(sed -n 's/^embargod: listening on //p' "$tmp/out")
  [ -n "$url" ] && break
  sleep 0.05
done
[ -n "$url" ] || { echo "bench: embargod did not start: $(cat "$tmp/err")" >&2; exit 1; }
password=$(sed -n 's/.*shown once: //p' "$tmp/out")
token=$("$bin/embargo" --data "$tmp/d" user token admin | tail -1)

echo "bench: creating $cases cases through the API..."
python3 - "$url" "$token" "$cases" <<'PY'
import http.client, json, sys, urllib.parse
url, token, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
u = urllib.parse.urlparse(url)
c = http.client.HTTPConnection(u.hostname, u.port)
h = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
for i in range(n):
    c.request("POST", "/api/v1/cases", json.dumps({"title": f"case {i} <b>bold</b>", "reporter": f"R {i} <r{i}@example.org>"}), h)
    r = c.getresponse(); r.read()
    if r.status != 201:
        sys.exit(f"create failed: {r.status}")
PY

curl -s -c "$tmp/jar" -o "$tmp/login.html" "$url/login"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$tmp/login.html" | head -1)
curl -s -b "$tmp/jar" -c "$tmp/jar" -o /dev/null --data-urlencode "csrf=$csrf" -d name=admin \
  --data-urlencode "password=$password" "$url/login"
session=$(awk '$6 == "embargo_session" {print $7}' "$tmp/jar")
[ -n "$session" ] || { echo "bench: login failed" >&2; exit 1; }
first=$(curl -s -H "Authorization: Bearer $token" "$url/api/v1/cases" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
status=$(curl -s -o "$tmp/page" -w '%{http_code}' -H "Cookie: embargo_session=$session" "$url/cases")
echo "bench: case list page: HTTP $status, $(wc -c <"$tmp/page") bytes"

run() {
  echo "== $1"
  shift
  wrk --latency -t "$threads" -c "$connections" -d "${seconds}s" "$@" | grep -E 'Requests/sec|^ +(50|90|99)%|Non-2xx|Socket errors'
}
if [ -n "${BENCH_PERF:-}" ]; then
  # BENCH_PERF=FILE: perf's call graphs of embargod during the case list run, in FILE.
  perf record -F 499 -g -o "$BENCH_PERF" -p "$pid" -- sleep "$seconds" >/dev/null 2>&1 &
  perf_pid=$!
fi
run "case list page GET /cases (10,000 cases, 500 rows shown)" -H "Cookie: embargo_session=$session" "$url/cases"
[ -n "${BENCH_PERF:-}" ] && wait "$perf_pid"
run "API read GET /api/v1/cases/$first" -H "Authorization: Bearer $token" "$url/api/v1/cases/$first"
