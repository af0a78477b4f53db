# Shared by the suites that move time (sourced): embargod reads its clock
# from $EMBARGO_CLOCK_FILE (util/file_clock.hpp), the command line from
# EMBARGO_NOW; at_time sets both, so the team's commands and the server live
# at the same instant.
#
# Needs SUITE_TMP. Sets EMBARGO_CLOCK_FILE.

export EMBARGO_CLOCK_FILE="$SUITE_TMP/clock"

# at_time RFC3339: from now on it is this time, for embargod and the commands.
at_time() {
  printf '%s\n' "$1" >"$EMBARGO_CLOCK_FILE.tmp" && mv "$EMBARGO_CLOCK_FILE.tmp" "$EMBARGO_CLOCK_FILE"
  export EMBARGO_NOW=$1
}

# quiet_for SECONDS: let embargod run (its job poll is 50 ms) without moving time.
quiet_for() { sleep "$1"; }

# wait_until SECONDS COMMAND...: runs COMMAND every 0.1 s until it succeeds; 1 on the time limit.
wait_until() {
  local limit=$1
  shift
  for _ in $(seq $((limit * 10))); do
    "$@" && return 0
    sleep 0.1
  done
  return 1
}
