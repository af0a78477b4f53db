# The release scheduler: embargo release schedule/status/run-now/abort, and
# embargod carrying the steps out, also when it is killed (SIGKILL, through
# EMBARGO_FAULT_POINT) at every boundary between the steps' side effects and
# restarted: each step must be done and recorded exactly once.

SUITE_scheduler_PROBE() {
  for tool in git gpg gpgconf jq sqlite3; do
    if ! command -v "$tool" >/dev/null; then
      echo "$tool is not installed"
      return 1
    fi
  done
}

CASE=EXIM-2026-0001

# make_repo: tests/integration/lib/release_repo.bash
source "$EMBARGO_SOURCE/tests/integration/lib/release_repo.bash"
# start_embargod, run_embargod, all_done, steps_recorded: tests/integration/lib/release_daemon.bash
source "$EMBARGO_SOURCE/tests/integration/lib/release_daemon.bash"

# make_template DIR [init options]: a signed release on a case in fix-shared
# with a plan, what the release day starts from.
make_template() {
  local dir=$1
  shift
  export EMBARGO_DATA=$dir EMBARGO_NOW=2026-03-02T09:00Z
  embargo init --project Exim --prefix EXIM "$@" >/dev/null || fail "init $*"
  embargo case new --title "heap overflow in SMTP" --reporter "Jane <jane@example.org>" \
    --reporter-deadline 2026-03-20 >/dev/null
  embargo case move $CASE confirmed --why r >/dev/null
  embargo vuln add $CASE --title "heap overflow" >/dev/null
  embargo case move $CASE fixing --why f >/dev/null
  embargo case move $CASE notified --why n >/dev/null
  rm -rf "$SUITE_TMP/rel"
  embargo release build --repo "$REPO" --tag exim-4.99.1 --base exim-4.99 --package exim --formats gz \
    --keyring "$SUITE_TMP/maintainers.asc" --sign-key "$KEY" --out "$SUITE_TMP/rel" --case $CASE >/dev/null ||
    fail "release build"
  embargo case move $CASE fix-shared --why s >/dev/null || fail "fix-shared"
  embargo case plan $CASE >/dev/null || fail "case plan"
}

# fresh DIR: a copy of the template as $EMBARGO_DATA.
fresh() {
  rm -rf "$1" && cp -a "$SUITE_TMP/template" "$1"
  export EMBARGO_DATA=$1
}

# count_steps: adds the duplicates and losses of $CASE's steps to DUPS and LOSSES.
count_steps() {
  local kind n
  for kind in open-downloads make-public; do
    n=$(steps_recorded $kind)
    [ "$n" -gt 1 ] && DUPS=$((DUPS + n - 1))
    [ "$n" -lt 1 ] && LOSSES=$((LOSSES + 1))
  done
  [ "$(embargo case show $CASE --format json | jq -r .state)" = public ] || LOSSES=$((LOSSES + 1))
}

PG_DIR=""
pg_start() {
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/embargo-it-pg-XXXXXX")
  trap 'bash "$EMBARGO_SOURCE/tests/pg/pg_server" stop "$PG_DIR"; cleanup' EXIT
  PG_ADMIN=$(bash "$EMBARGO_SOURCE/tests/pg/pg_server" start "$PG_DIR")
}

SUITE_scheduler() {
  make_repo
  make_template "$SUITE_TMP/template"
  gpgconf --homedir "$GNUPGHOME" --kill all 2>/dev/null

  TEST "schedule shows every step, its time and state; a second schedule is refused"
  fresh "$SUITE_TMP/d1"
  expect_ok embargo release schedule $CASE
  expect_contains "$OUT" "open-downloads"
  expect_contains "$OUT" "make-public"
  expect_contains "$OUT" "pending"
  expect_exit 1 embargo release schedule $CASE
  expect_contains "$ERR" "already scheduled"
  expect_ok embargo release status $CASE --format json
  # Other steps (files, mail, CVE, push) sit between; these two come first and last.
  expect_equal "$(jq -r '[.jobs[0].kind, .jobs[-1].kind] | join(",")' <<<"$OUT")" "open-downloads,make-public" "steps"
  expect_equal "$(jq -r '.jobs[0].id as $a | .jobs[-1].depends_on | index($a) != null' <<<"$OUT")" "true" "dependency"
  STEPS=$(jq '.jobs | length' <<<"$OUT")
  expect_ok embargo timeline $CASE
  expect_contains "$OUT" "release scheduled: $STEPS steps"

  TEST "run-now and abort need a reason and are recorded"
  expect_exit 2 embargo release run-now $CASE
  expect_exit 1 embargo release run-now $CASE --why " "
  expect_contains "$ERR" "--why"
  EMBARGO_NOW=2026-03-02T10:00Z expect_ok embargo release run-now $CASE --why "exploit seen in the wild" --format json
  expect_equal "$(jq -r '[.jobs[].due_at] | max' <<<"$OUT")" "2026-03-02T10:00:00.000000Z" "due now"
  expect_ok embargo case show $CASE --format json
  expect_equal "$(jq -r .release_at <<<"$OUT")" "2026-03-02T10:00:00.000000Z" "release moved"
  expect_ok embargo release abort $CASE --why "the fix is broken"
  expect_contains "$OUT" "$STEPS steps cancelled"
  expect_ok embargo timeline $CASE
  expect_contains "$OUT" "exploit seen in the wild"
  expect_contains "$OUT" "the fix is broken"
  expect_exit 1 embargo release abort $CASE --why again
  expect_ok embargo release schedule $CASE   # after an abort, again
  expect_exit 1 embargo release status EXIM-2026-0099
  expect_exit 2 embargo release status $CASE --format yaml

  TEST "embargod runs the due steps: downloads open, the case goes public, each recorded once"
  fresh "$SUITE_TMP/d2"
  embargo release schedule $CASE >/dev/null
  run_embargod || fail "embargod did not finish the release (status $?)"
  expect_ok embargo release status $CASE
  expect_equal "$(grep -c ' done ' <<<"$OUT")" "$STEPS" "steps done"
  expect_equal "$(embargo case show $CASE --format json | jq -r .state)" "public" "case state"
  expect_ok embargo window show $CASE
  expect_equal "$(steps_recorded open-downloads)$(steps_recorded make-public)" "11" "recorded once each"
  expect_ok embargo timeline verify

  TEST "killed at every boundary between side effects and restarted: nothing twice, nothing lost"
  local runs=0 killed=0 point
  DUPS=0 LOSSES=0
  local past=0
  # The boundaries of this suite's two steps (release_day.bash kills between
  # every step's, with every target configured).
  export EMBARGO_FAULT_ONLY="(open-downloads)|(make-public)"
  for point in $(seq 1 80); do
    fresh "$SUITE_TMP/f$point"
    embargo release schedule $CASE >/dev/null
    run_embargod "$point"
    if [ $? = 137 ]; then killed=$((killed + 1)); else past=$point; fi
    run_embargod || fail "point $point: the restart did not finish the release (status $?)"
    all_done || fail "point $point: the restart did not finish the release"
    runs=$((runs + 1))
    count_steps
    embargo timeline verify >/dev/null || fail "point $point: timeline does not verify"
    rm -rf "$SUITE_TMP/f$point"
    [ "$past" != 0 ] && break  # past the last boundary
  done
  unset EMBARGO_FAULT_ONLY
  echo "fault injection (SQLite, one node): runs=$runs killed=$killed duplicates=$DUPS losses=$LOSSES"
  expect_equal "$DUPS/$LOSSES" "0/0" "duplicates/losses"
  # Each of the two steps has at least 3 boundaries (claim, before its
  # transaction, after its commit): each point up to the last kills, the
  # next one is past it.
  expect_equal "$past" $((killed + 1)) "the first point past the last boundary"
  [ "$killed" -ge 6 ] || fail "only $killed kills for the two steps"

  TEST "two nodes on PostgreSQL, one killed at each boundary: the other finishes, nothing twice"
  if ! command -v psql >/dev/null || ! pg_start; then
    echo "SKIPPED: no PostgreSQL server could be started here"
    return
  fi
  local url="${PG_ADMIN%/*}/tmpl"
  psql -q "$PG_ADMIN" -c "CREATE DATABASE tmpl" >/dev/null
  make_template "$SUITE_TMP/pgtemplate" --store "$url"
  runs=0 killed=0 DUPS=0 LOSSES=0
  for point in $(seq 1 6); do
    psql -q "$PG_ADMIN" -c "CREATE DATABASE run$point TEMPLATE tmpl" >/dev/null
    export EMBARGO_DATA="$SUITE_TMP/a$point"
    rm -rf "$EMBARGO_DATA" "$SUITE_TMP/b$point" && mkdir -p "$EMBARGO_DATA" "$SUITE_TMP/b$point"
    sed "s|/tmpl\"|/run$point\"|" "$SUITE_TMP/pgtemplate/embargo.toml" >"$EMBARGO_DATA/embargo.toml"
    cp "$EMBARGO_DATA/embargo.toml" "$SUITE_TMP/b$point/"
    embargo release schedule $CASE >/dev/null || fail "point $point: schedule"
    start_embargod "$EMBARGO_DATA" "$point"
    local a=$PID
    start_embargod "$SUITE_TMP/b$point"
    local b=$PID
    for _ in $(seq 200); do all_done && break; sleep 0.1; done
    if kill -0 $a 2>/dev/null; then  # B took every step before A reached the point
      kill -TERM $a
      wait $a
    else
      wait $a
      [ $? = 137 ] && killed=$((killed + 1))
    fi
    kill -TERM $b
    wait $b
    all_done || fail "point $point: the surviving node did not finish"
    runs=$((runs + 1))
    count_steps
    embargo timeline verify >/dev/null || fail "point $point: timeline does not verify"
  done
  echo "fault injection (PostgreSQL, two nodes, one killed): runs=$runs killed=$killed duplicates=$DUPS losses=$LOSSES"
  expect_equal "$DUPS/$LOSSES" "0/0" "duplicates/losses"
  [ "$killed" -ge 1 ] || fail "node A was never killed"
}
