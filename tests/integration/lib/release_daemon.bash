# Shared by the release suites (sourced): embargod run on a data directory
# until the release of $CASE settles, optionally killed at a fault point on
# the way (EMBARGO_FAULT_POINT, see util/fault_point.hpp).
#
# Hooks: a suite whose release settles later than "every step done" (the
# outbox sent too, say) redefines release_settled after sourcing this file.
# embargod's output goes to $EMBARGOD_LOG (default $SUITE_TMP/embargod.log).

# all_done: every step of $CASE is done.
all_done() {
  [ "$(embargo release status $CASE --format json | jq '[.jobs[] | select(.state != "done")] | length')" = 0 ]
}

release_settled() { all_done; }

# start_embargod DATA [FAULT_POINT]: embargod in the background, its pid in $PID.
start_embargod() {
  EMBARGO_FAULT_POINT=${2:-0} embargod --data "$1" --listen 127.0.0.1:0 --job-lease 2 \
    --job-poll-ms 50 --access-log - >>"${EMBARGOD_LOG:-$SUITE_TMP/embargod.log}" 2>&1 &
  PID=$!
}

# run_embargod [FAULT_POINT]: embargod on $EMBARGO_DATA until the release
# settles (or 30 s). Returns 137 when it was killed at the fault point,
# its own status when it stopped by itself, 0 when it was stopped because
# the release had settled (how it stops then does not matter: SIGTERM may
# come before its handler is set), 124 on the time limit.
run_embargod() {
  start_embargod "$EMBARGO_DATA" "${1:-0}"
  local pid=$PID
  for _ in $(seq 300); do
    if ! kill -0 $pid 2>/dev/null; then
      wait $pid
      return $?
    fi
    if release_settled; then
      kill -TERM $pid 2>/dev/null
      wait $pid
      local status=$?
      [ $status = 137 ] && return 137  # killed at a point right after the last commit
      return 0
    fi
    sleep 0.1
  done
  kill -TERM $pid
  wait $pid
  return 124
}

# steps_recorded KIND: how many times the timeline records that step done.
steps_recorded() {
  embargo timeline $CASE --format json | jq --arg k "$1" \
    '[.[] | select(.kind == "release-step" and .data.kind == $k)] | length'
}
