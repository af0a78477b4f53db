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

# start_embargod DATA [FAULT_POINT]: embargod in the background, its pid in
# $PID. Its event log (a release step done, a mail sent: JSON lines) goes
# to $EMBARGOD_LOG.events.
start_embargod() {
  local log=${EMBARGOD_LOG:-$SUITE_TMP/embargod.log}
  EMBARGO_FAULT_POINT=${2:-0} embargod --data "$1" --listen 127.0.0.1:0 --job-lease 2 \
    --job-poll-ms 50 --access-log "$log.events" >>"$log" 2>&1 &
  PID=$!
}

# events_size: the size of the event log (changes with every step and mail).
events_size() { stat -c %s "${EMBARGOD_LOG:-$SUITE_TMP/embargod.log}.events" 2>/dev/null || echo 0; }

# steps_pending: true when $CASE certainly has a step pending or running in
# $EMBARGO_DATA's SQLite store, read with the sqlite3 shell: a look that
# costs a millisecond, where each embargo process costs tens of a CI core
# (mostly loading its shared libraries). False (look properly) for another
# store or whenever the shell cannot tell.
steps_pending() {
  local db=$EMBARGO_DATA/embargo.db n
  [ -n "${CASE:-}" ] && [ -f "$db" ] && command -v sqlite3 >/dev/null || return 1
  grep -q '^url = "sqlite:' "$EMBARGO_DATA/embargo.toml" 2>/dev/null || return 1
  n=$(sqlite3 -readonly -cmd ".timeout 2000" "$db" \
    "SELECT count(*) FROM jobs WHERE case_id = '$CASE' AND state IN ('pending', 'running')" 2>/dev/null) || return 1
  [ -n "$n" ] && [ "$n" != 0 ]
}

# wait_settled TENTHS [PID]: until release_settled, at most TENTHS x 0.1 s:
# 0 when settled, 1 on the time limit, 2 as soon as process PID (if given)
# is gone. release_settled (a few commands) runs only when embargod logged
# an event since the last look, or every second, and no step is certainly
# still to run (steps_pending): polling with commands every 0.1 s would take
# a core of the two that CI has.
wait_settled() {
  local seen=-1 size i
  for i in $(seq "$1"); do
    if [ -n "${2:-}" ] && ! kill -0 "$2" 2>/dev/null; then
      return 2
    fi
    size=$(events_size)
    if [ "$size" != "$seen" ] || [ $((i % 10)) = 0 ]; then
      seen=$size
      steps_pending || ! release_settled || return 0
    fi
    sleep 0.1
  done
  return 1
}

# run_embargod [FAULT_POINT]: embargod on $EMBARGO_DATA until the release
# settles (wait_settled, at most 30 s). Returns 137 when it was killed at
# the fault point, its own status when it stopped by itself, 0 when it was
# stopped because the release had settled (how it stops then does not
# matter: SIGTERM may come before its handler is set), 124 on the time limit.
run_embargod() {
  start_embargod "$EMBARGO_DATA" "${1:-0}"
  local pid=$PID status
  wait_settled 300 $pid
  case $? in
    2)
      wait $pid
      return $?
      ;;
    0)
      kill -TERM $pid 2>/dev/null
      wait $pid
      status=$?
      [ $status = 137 ] && return 137  # killed at a point right after the last commit
      return 0
      ;;
  esac
  kill -TERM $pid
  wait $pid
  return 124
}

# steps_recorded KIND: how many times the timeline records that step done.
steps_recorded() {
  embargo timeline $CASE --format json | jq --arg k "$1" \
    '[.[] | select(.kind == "release-step" and .data.kind == $k)] | length'
}
