# Configured release steps ([[publish.steps]], issue 21, seed step 17): a
# command run by embargod at a moment of the plan. Here one commits the
# advisory page publish-advisory wrote into the website's own git checkout
# and pushes it to a bare repository; another fails, hangs past its time
# limit, then succeeds. Checked: the commands are scheduled with the
# release, wait for what they name in `after`, do not run before their
# time, run exactly once at the release (the push lands once, also when
# embargod is started again afterwards), get the case's data as variables
# and a JSON file; a failing command is retried and shown in `embargo
# release status` with its output's last lines; a hanging one is killed
# with its process group when timeout_seconds pass and says so; `embargo
# release dry-run` runs them with EMBARGO_DRY_RUN=1 and nothing is pushed;
# a command that takes longer than the job lease, with two embargod nodes on
# one SQLite store, runs once (its node keeps renewing the lease).
#
# The release is planned from the real present (embargod's clock), so the
# release-time steps wait until `release run-now` brings them forward.

SUITE_release_steps_PROBE() {
  for tool in git gpg gpgconf jq sqlite3 cmp; do
    if ! command -v "$tool" >/dev/null; then
      echo "$tool is not installed"
      return 1
    fi
  done
}

CASE=EXIM-2026-0001

# make_repo: tests/integration/lib/release_repo.bash
source "$EMBARGO_SOURCE/tests/integration/lib/release_repo.bash"
# start_embargod, all_done, steps_recorded: tests/integration/lib/release_daemon.bash
source "$EMBARGO_SOURCE/tests/integration/lib/release_daemon.bash"

# make_site: the website's repository (a bare "origin" and a checkout of
# it), and the two commands.
make_site() {
  git init -q --bare -b main "$SUITE_TMP/site.git"
  git init -q -b main "$SUITE_TMP/site"
  echo "Exim security" >"$SUITE_TMP/site/index.txt"
  git -C "$SUITE_TMP/site" add -A
  git -C "$SUITE_TMP/site" -c user.name=Web -c user.email=web@example.org commit -q -m "the site"
  git -C "$SUITE_TMP/site" remote add origin "$SUITE_TMP/site.git"
  git -C "$SUITE_TMP/site" push -q origin main
  cat >"$SUITE_TMP/commit-advisory" <<'SCRIPT'
#!/bin/sh
# Commits the advisory page into the website's checkout (the cwd) and pushes.
set -e
echo "run attempt=$EMBARGO_ATTEMPT dry=$EMBARGO_DRY_RUN case=$EMBARGO_CASE cves=$EMBARGO_CVE_IDS" >>"$STEP_LOG"
jq -e --arg c "$EMBARGO_CASE" '.case.id == $c and .step.name == "website-git"' "$EMBARGO_CASE_JSON" >/dev/null
page="$EMBARGO_WEB_DIR/$EMBARGO_ADVISORY_PAGE"
if [ "$EMBARGO_DRY_RUN" = 1 ]; then
  cp "$page" "$EMBARGO_OUT_DIR/"
  echo "dry run: would commit $EMBARGO_ADVISORY_PAGE and push"
  exit 0
fi
mkdir -p advisories
cp "$page" advisories/
git add advisories
git diff --cached --quiet || git commit -q -m "Advisory $EMBARGO_CASE ($EMBARGO_CVE_IDS)"
git push -q origin HEAD:main
echo "pushed $(git rev-parse --short HEAD)"
SCRIPT
  cat >"$SUITE_TMP/flaky" <<'SCRIPT'
#!/bin/sh
# Does what $FLAKY_MODE says: fail, hang (a child in the background too) or ok.
echo "run $(cat "$FLAKY_MODE")" >>"$FLAKY_LOG"
case "$(cat "$FLAKY_MODE")" in
  fail) echo "rsync: connection to mirror.example.org refused"; echo "rsync error: code 10" >&2; exit 10 ;;
  hang) sleep 60 & echo $! >"$FLAKY_CHILD"; echo "waiting for the mirror"; wait ;;
  *) echo "mirrored" ;;
esac
SCRIPT
  chmod +x "$SUITE_TMP/commit-advisory" "$SUITE_TMP/flaky"
}

# add_steps TOML: the two [[publish.steps]] (the file ends with [publish]).
add_steps() {
  cat >>"$1" <<STEPS
[[publish.steps]]
name = "website-git"
at = "release"
command = ["$SUITE_TMP/commit-advisory"]
cwd = "$SUITE_TMP/site"
after = ["publish-advisory"]
timeout_seconds = 30
env = { STEP_LOG = "$SUITE_TMP/website-git.log", GIT_AUTHOR_NAME = "Exim Security", GIT_AUTHOR_EMAIL = "security@example.org", GIT_COMMITTER_NAME = "embargod", GIT_COMMITTER_EMAIL = "security@example.org" }

[[publish.steps]]
name = "mirror"
at = "release"
command = ["$SUITE_TMP/flaky"]
timeout_seconds = 1
env = { FLAKY_MODE = "$SUITE_TMP/flaky.mode", FLAKY_LOG = "$SUITE_TMP/flaky.log", FLAKY_CHILD = "$SUITE_TMP/flaky.child" }
STEPS
}

# make_template DIR: a signed release on a case in fix-shared, planned from
# now, with web_dir and the two [[publish.steps]].
make_template() {
  local dir=$1
  unset EMBARGO_NOW
  export EMBARGO_DATA=$dir
  embargo init --project Exim --prefix EXIM >/dev/null || fail "init"
  sed -i -e 's|^# web_dir = .*|web_dir = "web"|' "$dir/embargo.toml"
  add_steps "$dir/embargo.toml"
  embargo case new --title "heap overflow in SMTP" --reporter "Jane <jane@example.org>" \
    --reporter-deadline "$(date -u -d '+40 days' +%F)" >/dev/null || fail "case new"
  embargo case move $CASE confirmed --why r >/dev/null
  embargo vuln add $CASE --title "heap overflow" --id CVE-2026-1234 >/dev/null || fail "vuln add"
  embargo case move $CASE fixing --why f >/dev/null
  embargo case move $CASE notified --why n >/dev/null
  rm -rf "$SUITE_TMP/rel"
  embargo release build --repo "$REPO" --tag exim-4.99.1 --base exim-4.99 --package exim --formats gz \
    --keyring "$SUITE_TMP/maintainers.asc" --sign-key "$KEY" --out "$SUITE_TMP/rel" --case $CASE >/dev/null ||
    fail "release build"
  embargo case move $CASE fix-shared --why s >/dev/null || fail "fix-shared"
  embargo case plan $CASE >/dev/null || fail "case plan"
}

fresh() {
  rm -rf "$1" && cp -a "$SUITE_TMP/template" "$1"
  export EMBARGO_DATA=$1
}

# job FIELD KIND: a field of $CASE's job of that kind.
job() {
  embargo release status $CASE --format json | jq -r --arg k "$2" ".jobs[] | select(.kind == \$k) | .$1"
}

# wait_for CONDITION...: runs it every 0.1 s until it succeeds (at most 40 s).
wait_for() {
  for _ in $(seq 400); do
    "$@" && return 0
    sleep 0.1
  done
  return 1
}

# state_is KIND STATE, attempts_at_least KIND N: for wait_for.
state_is() { [ "$(job state "$1")" = "$2" ]; }
attempts_at_least() { [ "$(job attempts "$1")" -ge "$2" ]; }

# gone PID: no such process, or a zombie.
gone() { [ -n "$1" ] && { [ ! -e "/proc/$1" ] || grep -q '^State:.*Z' "/proc/$1/status"; }; }

site_advisory_commits() {
  git -C "$SUITE_TMP/site.git" rev-list --count main -- advisories
}

stop_embargod() {
  kill -TERM "$PID" 2>/dev/null
  wait "$PID" 2>/dev/null
}

SUITE_release_steps() {
  make_repo
  make_site
  make_template "$SUITE_TMP/template"
  gpgconf --homedir "$GNUPGHOME" --kill all 2>/dev/null

  TEST "a bad [[publish.steps]] is refused, naming the step and the key"
  fresh "$SUITE_TMP/bad"
  sed -i 's|^timeout_seconds = 1$|timeout_seconds = 0|' "$EMBARGO_DATA/embargo.toml"
  expect_exit 1 embargo release status $CASE
  expect_contains "$ERR" "[[publish.steps]] 'mirror': timeout_seconds must be between 1 and 86400"
  fresh "$SUITE_TMP/bad"
  sed -i "s|^command = \[\"$SUITE_TMP/flaky\"\]|command = \"$SUITE_TMP/flaky --fast\"|" "$EMBARGO_DATA/embargo.toml"
  expect_exit 1 embargo release status $CASE
  expect_contains "$ERR" "[[publish.steps]] 'mirror': command must be an array"

  TEST "dry-run runs the commands with EMBARGO_DRY_RUN=1; nothing is pushed or stored"
  fresh "$SUITE_TMP/dry"
  echo ok >"$SUITE_TMP/flaky.mode"
  expect_ok embargo release dry-run $CASE --out "$SUITE_TMP/dry-out"
  expect_contains "$OUT" "run:website-git"
  expect_contains "$OUT" "| dry run: would commit $CASE.html and push"
  [ -s "$SUITE_TMP/dry-out/run-website-git/$CASE.html" ] || fail "the dry run's command did not get the page"
  expect_ok embargo release dry-run $CASE --out "$SUITE_TMP/dry-out2" --format json
  expect_equal "$(jq -r '.steps[] | select(.kind == "run:website-git") | .ok' <<<"$OUT")" true "website-git ok"
  expect_equal "$(jq -r '.steps[] | select(.kind == "run:mirror") | .acted' <<<"$OUT" | tail -1)" "mirrored" "mirror"
  expect_equal "$(grep -c 'dry=1' "$SUITE_TMP/website-git.log")" 2 "dry runs of website-git"
  expect_equal "$(grep -c 'dry=0' "$SUITE_TMP/website-git.log")" 0 "real runs of website-git"
  expect_contains "$(cat "$SUITE_TMP/website-git.log")" "case=$CASE cves=CVE-2026-1234"
  expect_equal "$(site_advisory_commits)" 0 "advisory commits pushed by the dry run"
  expect_ok embargo release status $CASE
  expect_contains "$OUT" "no release scheduled"
  rm -f "$SUITE_TMP/website-git.log" "$SUITE_TMP/flaky.log"

  TEST "schedule: each command at its moment, after what it waits for"
  fresh "$SUITE_TMP/run"
  echo fail >"$SUITE_TMP/flaky.mode"
  expect_ok embargo release schedule $CASE --format json
  local release advisory_id
  release=$(jq -r '.jobs[] | select(.kind == "publish-advisory") | .due_at' <<<"$OUT")
  advisory_id=$(jq -r '.jobs[] | select(.kind == "publish-advisory") | .id' <<<"$OUT")
  expect_equal "$(jq -r '.jobs[] | select(.kind == "run:website-git") | .due_at' <<<"$OUT")" "$release" "due"
  expect_equal "$(jq -c '.jobs[] | select(.kind == "run:website-git") | .depends_on' <<<"$OUT")" "[$advisory_id]" \
    "website-git waits for publish-advisory"
  expect_equal "$(jq -c '.jobs[] | select(.kind == "run:mirror") | .depends_on' <<<"$OUT")" "[]" "mirror waits for"

  TEST "embargod does not run them before the release"
  start_embargod "$EMBARGO_DATA"
  [ -n "$(listening_url "$SUITE_TMP/embargod.log")" ] || fail "embargod did not start"
  sleep 2  # a few dozen looks of its job runner (--job-poll-ms 50)
  expect_equal "$(job state run:website-git)" pending "website-git before the release"
  expect_equal "$(job attempts run:mirror)" 0 "mirror's attempts before the release"
  [ -e "$SUITE_TMP/website-git.log" ] && fail "website-git ran before its time"
  expect_equal "$(site_advisory_commits)" 0 "advisory commits before the release"

  TEST "at the release: the advisory committed and pushed; a failing command retried, shown in status"
  expect_ok embargo release run-now $CASE --why "release day"
  wait_for state_is run:website-git done || fail "website-git not done: $(job last_error run:website-git)"
  expect_equal "$(site_advisory_commits)" 1 "advisory commits pushed"
  expect_equal "$(git -C "$SUITE_TMP/site.git" log -1 --format='%s|%an' main)" \
    "Advisory $CASE (CVE-2026-1234)|Exim Security" "the commit"
  git -C "$SUITE_TMP/site.git" show "main:advisories/$CASE.html" | cmp -s - "$EMBARGO_DATA/web/$CASE.html" ||
    fail "the pushed page is not the published one"
  expect_ok embargo release status $CASE
  expect_contains "$OUT" "$SUITE_TMP/commit-advisory: exit 0 after"
  expect_contains "$OUT" "| pushed "
  wait_for attempts_at_least run:mirror 1 || fail "mirror did not run"
  wait_for state_is run:mirror pending || fail "mirror is $(job state run:mirror)"
  expect_ok embargo release status $CASE
  expect_contains "$OUT" "$SUITE_TMP/flaky: exit 10 after"
  expect_contains "$OUT" "| rsync: connection to mirror.example.org refused"
  expect_contains "$OUT" "| rsync error: code 10"
  wait_for state_is make-public done || fail "make-public waits for the commands"

  TEST "a command past its time limit is killed with its process group, and says so"
  echo hang >"$SUITE_TMP/flaky.mode"
  wait_for attempts_at_least run:mirror 2 || fail "mirror was not retried"
  wait_for state_is run:mirror pending || fail "mirror is $(job state run:mirror)"
  expect_contains "$(job last_error run:mirror)" "timed out after 1 s (timeout_seconds): its process group was killed"
  expect_contains "$(job last_error run:mirror)" "waiting for the mirror"
  wait_for gone "$(cat "$SUITE_TMP/flaky.child")" || fail "the command's background child is still running"

  TEST "then it succeeds, once; a restarted embargod does nothing again"
  echo ok >"$SUITE_TMP/flaky.mode"
  wait_for state_is run:mirror done || fail "mirror: $(job state run:mirror) $(job last_error run:mirror)"
  expect_equal "$(job attempts run:mirror)" 3 "mirror's attempts"
  expect_contains "$(job result run:mirror)" "output ends:"$'\n'"mirrored"
  wait_for all_done || fail "the release did not finish"
  stop_embargod
  start_embargod "$EMBARGO_DATA"
  sleep 2
  stop_embargod
  expect_equal "$(grep -c 'dry=0' "$SUITE_TMP/website-git.log")" 1 "runs of website-git"
  expect_equal "$(tr '\n' ' ' <"$SUITE_TMP/flaky.log")" "run fail run hang run ok " "runs of mirror"
  expect_equal "$(site_advisory_commits)" 1 "advisory commits pushed"
  expect_equal "$(steps_recorded run:website-git)" 1 "website-git recorded"
  expect_equal "$(steps_recorded run:mirror)" 1 "mirror recorded"
  [ -s "$EMBARGO_DATA/steps/$CASE/website-git/case.json" ] || fail "no case.json kept"
  expect_contains "$(cat "$EMBARGO_DATA/steps/$CASE/mirror/output.log")" "mirrored"
  expect_ok embargo timeline verify

  TEST "a command longer than the job lease, two embargod nodes: it runs once (the lease is renewed meanwhile)"
  fresh "$SUITE_TMP/slow"
  sed -i '/^\[\[publish.steps\]\]/,$d' "$EMBARGO_DATA/embargo.toml"
  cat >>"$EMBARGO_DATA/embargo.toml" <<STEPS
[[publish.steps]]
name = "slow"
at = "release"
command = ["/bin/sh", "-c", "echo run >>'$SUITE_TMP/slow.log'; sleep 5; echo slept"]
STEPS
  expect_ok embargo release schedule $CASE
  expect_ok embargo release run-now $CASE --why "release day"
  local a b
  start_embargod "$EMBARGO_DATA"
  a=$PID
  start_embargod "$EMBARGO_DATA"
  b=$PID
  wait_for all_done || fail "the release did not finish: $(embargo release status $CASE)"
  kill -TERM $a $b 2>/dev/null
  wait $a $b 2>/dev/null
  expect_equal "$(cat "$SUITE_TMP/slow.log")" "run" "runs of the slow command (lease 2 s, 5 s command)"
  expect_equal "$(job attempts run:slow)" 1 "attempts"
  expect_contains "$(job result run:slow)" "exit 0 after 5."
}
