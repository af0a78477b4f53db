#!/usr/bin/env bash
# Benchmarks embargod's download area against nginx (auth_basic with an
# htpasswd file of apr1-MD5 hashes) serving the same files on loopback, with
# wrk as the client, side by side in one run:
#   1. an authenticated 1 KiB file: requests/s and p99 latency
#   2. an authenticated 20 MiB file: MB/s
#   3. a wrong password: rejected requests/s
# and prints the medians over the rounds and embargod/nginx ratios (for
# p99 lower is better, so a ratio under 1 favours embargod). Both servers
# log every request to a file and use one worker per core.
#
# usage: bench/http_vs_nginx.sh [BUILD_DIR]      (default: build)
#   BENCH_SECONDS=10 BENCH_CONNECTIONS=32 BENCH_THREADS=2 BENCH_ROUNDS=3 to change the load.
# Needs: nginx (nginx-light), wrk, openssl, curl. The machine may be shared:
# run it a few times and look at the spread.
set -euo pipefail

build=${1:-build}
bin=$(cd "$build/bin" && pwd)
seconds=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-32}
rounds=${BENCH_ROUNDS:-3}
threads=${BENCH_THREADS:-2}
for tool in nginx wrk openssl curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is not installed" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/embargo-bench-XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
iso() { date -u -d "$1" +%Y-%m-%dT%H:%M:%SZ; }

# --- the same files for both ---
mkdir -p "$tmp/www"
head -c 1024 /dev/urandom >"$tmp/www/small.bin"
head -c $((20 * 1024 * 1024)) /dev/urandom >"$tmp/www/big.bin"

# --- embargod ---
export EMBARGO_DATA="$tmp/data" EMBARGO_ACTOR=bench
"$bin/embargo" init --data "$EMBARGO_DATA" >/dev/null
case_id=$("$bin/embargo" case new --title bench --reporter bench@example.org)
"$bin/embargo" files add "$case_id" "$tmp/www/small.bin" "$tmp/www/big.bin" >/dev/null
password=$("$bin/embargo" usercode new "$case_id" --list distros --format json |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["password"])')
"$bin/embargo" window set "$case_id" --opens "$(iso '-1 hour')" --releases "$(iso '+1 day')" >/dev/null
eport=$(free_port)
"$bin/embargod" --listen "127.0.0.1:$eport" --access-log "$tmp/embargod.log" \
  --max-failures-per-address 1000000 --max-failures-per-usercode 1000000 >"$tmp/embargod.out" 2>&1 &
pids+=($!)

# --- nginx ---
nport=$(free_port)
printf 'distros:%s\n' "$(openssl passwd -apr1 "$password")" >"$tmp/htpasswd"
mkdir -p "$tmp/nginx"
user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user root;"
cat >"$tmp/nginx.conf" <<CONF
$user_line
worker_processes auto;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log $tmp/nginx/access.log;
  client_body_temp_path $tmp/nginx/body;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$nport;
    location /embargo/$case_id/ {
      alias $tmp/www/;
      auth_basic "embargo $case_id";
      auth_basic_user_file $tmp/htpasswd;
    }
  }
}
CONF
nginx -c "$tmp/nginx.conf" -p "$tmp/nginx" &
pids+=($!)

for _ in $(seq 100); do
  curl -s -o /dev/null "http://127.0.0.1:$eport/" && curl -s -o /dev/null "http://127.0.0.1:$nport/" && break
  sleep 0.1
done

good="Authorization: Basic $(printf 'distros:%s' "$password" | base64 -w0)"
bad="Authorization: Basic $(printf 'distros:%s' "wrong-password" | base64 -w0)"
for port in "$eport" "$nport"; do
  got=$(curl -s -o /dev/null -w '%{http_code}' -H "$good" "http://127.0.0.1:$port/embargo/$case_id/small.bin")
  [ "$got" = 200 ] || { echo "bench: server on $port answered $got to the good password" >&2; exit 1; }
  got=$(curl -s -o /dev/null -w '%{http_code}' -H "$bad" "http://127.0.0.1:$port/embargo/$case_id/small.bin")
  [ "$got" = 401 ] || { echo "bench: server on $port answered $got to a wrong password" >&2; exit 1; }
done

# run_wrk PORT FILE HEADER CONNECTIONS -> "requests/s p99_ms MB/s"
run_wrk() {
  local out
  out=$(wrk -t"$threads" -c"$4" -d"${seconds}s" --latency -H "$3" "http://127.0.0.1:$1/embargo/$case_id/$2")
  python3 - "$out" <<'PY'
import re, sys
out = sys.argv[1]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
def ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]
p99 = ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))  # the Latency Distribution line
tr, unit = re.search(r"Transfer/sec:\s+([\d.]+)(\w+)", out).groups()
mbs = float(tr) * {"B": 1 / 2**20, "KB": 1 / 1024, "MB": 1, "GB": 1024}[unit]
print(f"{rps:.0f} {p99:.2f} {mbs:.1f}")
PY
}

echo "embargod $bin/embargod on :$eport, nginx $(nginx -v 2>&1 | sed 's/.*\///') on :$nport"
echo "wrk: $threads threads, $connections connections (4 for the big file), ${seconds}s per run, $rounds rounds" \
  "(servers alternate who goes first; medians shown), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

for round in $(seq "$rounds"); do
  order=("e $eport" "n $nport")
  [ $((round % 2)) -eq 0 ] && order=("n $nport" "e $eport")
  for server in "${order[@]}"; do
    read -r who port <<<"$server"
    figures=$(run_wrk "$port" small.bin "$good" "$connections")
    echo "$figures" | cut -d' ' -f1 >>"$tmp/${who}_rps"
    echo "$figures" | cut -d' ' -f2 >>"$tmp/${who}_p99"
  done
  for server in "${order[@]}"; do
    read -r who port <<<"$server"
    run_wrk "$port" big.bin "$good" 4 | cut -d' ' -f3 >>"$tmp/${who}_mbs"
  done
  for server in "${order[@]}"; do
    read -r who port <<<"$server"
    run_wrk "$port" small.bin "$bad" "$connections" | cut -d' ' -f1 >>"$tmp/${who}_rej"
  done
done

python3 - "$tmp" <<'PY'
import statistics, sys
tmp = sys.argv[1]
def figures(name):
    return [float(line) for line in open(f"{tmp}/{name}") if line.strip()]
rows = [("1 KiB authenticated, requests/s", "rps", "{:.0f}"), ("1 KiB authenticated, p99 ms", "p99", "{:.2f}"),
        ("20 MiB authenticated, MB/s", "mbs", "{:.1f}"), ("wrong password, rejected/s", "rej", "{:.0f}")]
print(f"{'measure':<34} {'embargod':>10} {'nginx':>10} {'ratio':>7}   all rounds (embargod | nginx)")
for title, key, fmt in rows:
    e, n = figures("e_" + key), figures("n_" + key)
    me, mn = statistics.median(e), statistics.median(n)
    spread = " ".join(fmt.format(x) for x in e) + " | " + " ".join(fmt.format(x) for x in n)
    print(f"{title:<34} {fmt.format(me):>10} {fmt.format(mn):>10} {me / mn:>7.2f}   {spread}")
PY
