# Re-plans and aborts (issue 21).
#
# A re-plan killed at each of its boundaries: `embargo case
# plan` is SIGKILLed (EMBARGO_FAULT_POINT, scheduler/fault_point.hpp) after
# it moved the pending steps, after it told the lists, and after its commit,
# while embargod runs on the case a minute before the old fix time. Then the
# clock moves past the old time (before the new one) and embargod gets time
# to run what is due. Each run ends with the old plan and the old schedule,
# or the new plan and the new schedule, never a mix; and no step runs at a
# time the stored plan no longer has ("stale": a step done while its due
# time is in the future). Once on SQLite with one node, once on PostgreSQL
# with two nodes (both running while the re-plan is killed).
#
# Abort, then schedule again: the download window closes (403) and opens
# again only with the new schedule, until the new release; /public/ stays
# 404 throughout.
#
# The release has no targets (no lists, files or web pages: those have
# their own suites); what is counted is when the steps run.

CASE=EXIM-2026-0001
OLD_FIX=2026-12-08T14:00:00.000000Z
NEW_FIX=2026-12-14T14:00:00.000000Z

SUITE_release_replan_PROBE() {
  command -v jq >/dev/null || { echo "jq is not installed"; return 1; }
}

# start_embargod, steps_recorded: tests/integration/lib/release_daemon.bash
source "$EMBARGO_SOURCE/tests/integration/lib/release_daemon.bash"
# at_time, quiet_for: tests/integration/lib/test_clock.bash
source "$EMBARGO_SOURCE/tests/integration/lib/test_clock.bash"

# make_template DIR [init options]: a case planned for Thursday the 10th, scheduled.
make_template() {
  local dir=$1
  shift
  export EMBARGO_DATA=$dir
  at_time 2026-12-01T09:00:00Z
  embargo init --project Exim --prefix EXIM "$@" >/dev/null || fail "init $*"
  embargo case new --title "heap overflow in SMTP" --reporter "Jane <jane@example.org>" >/dev/null
  embargo case move $CASE confirmed --why r >/dev/null
  embargo vuln add $CASE --title "heap overflow in BDAT" >/dev/null || fail "vuln add"
  embargo case plan $CASE --release 2026-12-10T14:00Z >/dev/null 2>&1 || fail "case plan"
  embargo release schedule $CASE >/dev/null || fail "release schedule"
  [ "$(due_of notice-fix)" = "$OLD_FIX" ] || fail "the template's notice-fix is due $(due_of notice-fix)"
}

notice_fix_ran() { [ "$(steps_recorded notice-fix)" = 1 ]; }
due_of() {
  embargo release status $CASE --format json |
    jq -r --arg k "$1" '.jobs[] | select(.kind == $k and .state != "cancelled") | .due_at'
}
stored_release() { embargo plan show $CASE --format json | jq -r '.events[] | select(.name == "release") | .at'; }
done_steps() { embargo release status $CASE --format json | jq '[.jobs[] | select(.state == "done")] | length'; }
# stale: steps done although their due time (as stored now) is still ahead.
stale_steps() {
  embargo release status $CASE --format json |
    jq --arg now "$EMBARGO_NOW" '[.jobs[] | select(.state == "done" and .due_at[0:19] > $now[0:19])] | length'
}

# replan_point N: the re-plan killed at point N (0: not killed) while the
# nodes in $NODES run; then past the old fix time. Sets STATUS (137:
# killed) and adds to RUNS, KILLED, MIXED and STALE.
replan_point() {
  local n=$1 pids=() dir release due
  at_time 2026-12-08T13:59:00Z
  for dir in $NODES; do
    start_embargod "$dir"
    pids+=("$PID")
  done
  quiet_for 0.5
  EMBARGO_FAULT_POINT=$n embargo case plan $CASE --release 2026-12-16T14:00Z --reason "the distros asked" \
    >/dev/null 2>>"$SUITE_TMP/replan.err"
  STATUS=$?
  at_time 2026-12-09T09:00:00Z
  quiet_for 2
  release=$(stored_release)
  due=$(due_of notice-fix)
  RUNS=$((RUNS + 1))
  [ "$STATUS" = 137 ] && KILLED=$((KILLED + 1))
  if [ "$release" = 2026-12-16T14:00:00Z ]; then
    [ "$due" = "$NEW_FIX" ] || { MIXED=$((MIXED + 1)); echo "  point $n: new plan, notice-fix due $due" >&2; }
  else
    [ "$release" = 2026-12-10T14:00:00Z ] && [ "$due" = "$OLD_FIX" ] ||
      { MIXED=$((MIXED + 1)); echo "  point $n: plan release $release, notice-fix due $due" >&2; }
    # The old plan stands: its fix steps were due and run.
    wait_until 10 notice_fix_ran || fail "point $n: the old plan stands but notice-fix did not run"
  fi
  kill -TERM "${pids[@]}" 2>/dev/null
  wait "${pids[@]}" 2>/dev/null
  [ "$(steps_recorded notice-fix)" -le 1 ] || fail "point $n: notice-fix ran twice"
  local s
  s=$(stale_steps)
  STALE=$((STALE + s))
  [ "$s" = 0 ] || echo "  point $n: $s steps ran at a stale time" >&2
  [ "$STATUS" = 0 ] || [ "$STATUS" = 137 ] || fail "point $n: embargo case plan exited $STATUS"
}

# kill_each WHERE: replan_point 1, 2, ... on a fresh copy each (copy_for N)
# until the first run that was not killed; prints the counts.
kill_each() {
  local n=1
  RUNS=0 KILLED=0 MIXED=0 STALE=0
  while [ $n -le 20 ]; do
    copy_for $n
    replan_point $n
    [ "$STATUS" = 137 ] || break
    n=$((n + 1))
  done
  echo "re-plan killed at each boundary ($1): runs=$RUNS killed=$KILLED mixed=$MIXED stale=$STALE"
  expect_equal "$MIXED/$STALE" "0/0" "mixed schedules/steps run at a stale time"
  [ "$KILLED" -ge 3 ] || fail "only $KILLED boundaries (steps moved, lists told, committed)"
  expect_equal "$(grep -c 'killed at re-plan of' "$SUITE_TMP/replan.err")" "$KILLED" "kills at re-plan boundaries"
  # The last run (not killed) stored the new plan; the kill after the commit kept it too.
  expect_equal "$(stored_release)" 2026-12-16T14:00:00Z "the release after the unkilled re-plan"
}

http_code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

# abort_and_reschedule: on a copy of the template with a file and the
# distros usercode, embargod running: the window opens at the old fix time;
# `release abort` closes it; a new plan keeps it closed; `release
# schedule` opens it again (the fix was shared before), until the new release.
abort_and_reschedule() {
  rm -rf "$SUITE_TMP/ab" && cp -a "$SUITE_TMP/template" "$SUITE_TMP/ab"
  export EMBARGO_DATA=$SUITE_TMP/ab
  echo "the fix" >"$SUITE_TMP/fix.patch"
  embargo files add $CASE "$SUITE_TMP/fix.patch" >/dev/null || fail "files add"
  local pw url pid
  pw=$(embargo usercode new $CASE --list distros --format json | jq -r .password)
  at_time 2026-12-08T14:00:00Z
  : >"$EMBARGOD_LOG"
  start_embargod "$EMBARGO_DATA"
  pid=$PID
  url=$(listening_url "$EMBARGOD_LOG")
  [ -n "$url" ] || fail "embargod did not start"
  wait_until 10 notice_fix_ran || fail "the fix steps did not run at the old time"
  expect_equal "$(http_code --digest -u "distros:$pw" "$url/embargo/$CASE/fix.patch")" 200 "/embargo/ in the window"
  at_time 2026-12-08T15:00:00Z
  expect_ok embargo release abort $CASE --why "the fix is broken"
  expect_equal "$(http_code --digest -u "distros:$pw" "$url/embargo/$CASE/fix.patch")" 403 "/embargo/ after the abort"
  expect_equal "$(http_code "$url/public/$CASE/fix.patch")" 404 "/public/ after the abort"
  # The fix went to the lists before the abort: the new plan keeps that
  # (fix-to-packagers stays done at its time) and moves the release.
  expect_ok embargo case plan $CASE --release 2026-12-16T14:00Z --reason "a new fix"
  at_time 2026-12-09T09:00:00Z
  quiet_for 1
  expect_equal "$(http_code --digest -u "distros:$pw" "$url/embargo/$CASE/fix.patch")" 403 "/embargo/ until scheduled again"
  expect_ok embargo release schedule $CASE
  expect_equal "$(due_of make-public)" 2026-12-16T14:00:00.000000Z "the new schedule's release"
  wait_until 10 eval '[ "$(http_code --digest -u "distros:$pw" "$url/embargo/$CASE/fix.patch")" = 200 ]' ||
    fail "/embargo/ did not open again with the new schedule"
  expect_ok embargo window show $CASE --format json
  expect_equal "$(jq -r .releases_at <<<"$OUT")" 2026-12-16T14:00:00.000000Z "the window's new release"
  expect_equal "$(http_code "$url/public/$CASE/fix.patch")" 404 "/public/ in the new window"
  kill -TERM $pid 2>/dev/null
  wait $pid 2>/dev/null
}

PG_DIR=""
pg_start() {
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/embargo-it-pg-XXXXXX")
  trap 'bash "$EMBARGO_SOURCE/tests/pg/pg_server" stop "$PG_DIR"; cleanup' EXIT
  PG_ADMIN=$(bash "$EMBARGO_SOURCE/tests/pg/pg_server" start "$PG_DIR")
}

SUITE_release_replan() {
  EMBARGOD_LOG=$SUITE_TMP/embargod.log
  make_template "$SUITE_TMP/template"

  TEST "SQLite, one node: a re-plan killed at each boundary leaves the old schedule or the new, and nothing stale runs"
  copy_for() {
    rm -rf "$SUITE_TMP/s" && cp -a "$SUITE_TMP/template" "$SUITE_TMP/s"
    export EMBARGO_DATA=$SUITE_TMP/s NODES=$SUITE_TMP/s
  }
  : >"$SUITE_TMP/replan.err"
  kill_each "SQLite, one node"

  TEST "abort, then schedule again: the window closes, and opens again with the new schedule; nothing public between"
  abort_and_reschedule

  TEST "PostgreSQL, two nodes running while the re-plan is killed: the same"
  if ! command -v psql >/dev/null || ! pg_start; then
    fail "no PostgreSQL server could be started here (tests/pg/pg_server)"
    return
  fi
  psql -q "$PG_ADMIN" -c "CREATE DATABASE tmpl" >/dev/null
  make_template "$SUITE_TMP/pgtemplate" --store "${PG_ADMIN%/*}/tmpl"
  copy_for() {
    local db=run$1
    psql -q "$PG_ADMIN" -c "CREATE DATABASE $db TEMPLATE tmpl" >/dev/null
    rm -rf "$SUITE_TMP/pa" "$SUITE_TMP/pb"
    cp -a "$SUITE_TMP/pgtemplate" "$SUITE_TMP/pa"
    cp -a "$SUITE_TMP/pgtemplate" "$SUITE_TMP/pb"
    sed -i "s|/tmpl\"|/$db\"|" "$SUITE_TMP/pa/embargo.toml" "$SUITE_TMP/pb/embargo.toml"
    export EMBARGO_DATA=$SUITE_TMP/pa NODES="$SUITE_TMP/pa $SUITE_TMP/pb"
  }
  : >"$SUITE_TMP/replan.err"
  kill_each "PostgreSQL, two nodes"
}
