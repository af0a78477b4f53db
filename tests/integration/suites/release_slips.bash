# Release slips (issue 21): the stored plan drives release day. A release
# with its targets on (a real SMTP server with three lists, [publish]
# files_dir and web_dir, a bare public repository) is planned for Thursday
# 2026-12-10 14:00 UTC and scheduled; embargod runs against a clock the test
# moves (EMBARGO_CLOCK_FILE, tests/integration/lib/test_clock.bash) while the
# team moves the release later (to the 16th), earlier (to the 15th), lets the
# fix go out to the distros list, and moves it later again (to the 17th,
# after the list was told: a date-change notice). Before each final time
# nothing happens (no mail beyond what is due, nothing in files_dir or
# web_dir, the public repository unchanged, /public/ 404, /embargo/ 403
# before the opening); after the final times everything happened exactly
# once, and the case walked fixing -> notified -> fix-shared -> public, each
# move recorded by the step that made it. `plan show` never changes the plan;
# a plan failing a rule is printed, exit 4, and not stored.
#
# The CVE Services target is left out here (release_day covers it).

MAILTOOL="/usr/bin/python3 $EMBARGO_SOURCE/tests/mail/mailtool.py"
CASE=EXIM-2026-0001

SUITE_release_slips_PROBE() {
  for tool in git gpg gpgconf jq curl; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed"; return 1; }
  done
  /usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || { echo "python3-aiosmtpd is not installed"; return 1; }
}

source "$EMBARGO_SOURCE/tests/integration/lib/gpg_keys.bash"
source "$EMBARGO_SOURCE/tests/integration/lib/smtp_sink.bash"
source "$EMBARGO_SOURCE/tests/integration/lib/release_repo.bash"
source "$EMBARGO_SOURCE/tests/integration/lib/release_daemon.bash"
source "$EMBARGO_SOURCE/tests/integration/lib/test_clock.bash"


# configure DIR: the lists, files, web page and public repository.
configure() {
  local dir=$1 toml=$1/embargo.toml
  sed -i "s|^team_address = .*|team_address = \"security@example.org\"|;
          s|^gnupg_home = \"gnupg\"|gnupg_home = \"$K/team\"|;
          s|^signing_key = \"\"|signing_key = \"$TEAM_FPR\"|;
          s|^receipt_grace_seconds = .*|receipt_grace_seconds = 600|;
          s|^flush_interval_seconds = .*|flush_interval_seconds = 1|;
          s|^starttls = \"try\"|starttls = \"none\"|;
          s|^# public_url = .*|public_url = \"https://security.example.org\"|;
          s|^fix_lists = .*|fix_lists = [\"distros\"]|;
          s|^heads_up_lists = .*|heads_up_lists = [\"oss-security\"]|;
          s|^announce_lists = .*|announce_lists = [\"announce\", \"oss-security\"]|;
          s|^# web_dir = .*|web_dir = \"web\"|;
          s|^# files_dir = .*|files_dir = \"pub\"|;
          s|^files_url = .*|files_url = \"https://ftp.example.org/pub/exim/exim4/\"|;
          s|^web_url = .*|web_url = \"https://www.example.org/static/doc/security/\"|;
          s|^# git_remote = .*|git_remote = \"public.git\"|;
          s|^notify = true|notify = false|;
          /^\[reminders\]/,/^\[/ s|^enabled = true|enabled = false|;
          /^\[smtp\]/,/^\[/ s|^url = .*|url = \"smtp://127.0.0.1:$SMTP_PORT\"|" "$toml"
  cat >>"$toml" <<TOML

[[mail.lists]]
name = "distros"
address = "distros@vs.openwall.org"
policy = "encrypt"
keys = ["$DISTROS_FPR"]
download_user = "distros"

[[mail.lists]]
name = "announce"
address = "exim-announce@exim.org"
policy = "sign"

[[mail.lists]]
name = "oss-security"
address = "oss-security@lists.openwall.com"
policy = "clearsign"
TOML
  local key
  for key in 'web_dir = "web"' 'files_dir = "pub"' 'git_remote = "public.git"' 'fix_lists = \["distros"\]'; do
    grep -q "^$key" "$toml" || fail "configure: could not set $key"
  done
  git init -q --bare -b master "$dir/public.git"
  git -C "$REPO" push -q "$dir/public.git" 'exim-4.99^{commit}:refs/heads/master' refs/tags/exim-4.99
  BEFORE=$(git -C "$dir/public.git" rev-parse master)
}


# pipe_back: the MTA hands the team's receipt copies to intake (mail/outbox.hpp).
pipe_back() {
  local f
  for f in "$SMTP_DIR"/*.eml; do
    [ -e "$f" ] && [ ! -e "$f.piped" ] || continue
    embargo intake mail <"$f" >/dev/null 2>&1 || fail "intake of the receipt copy $f"
    : >"$f.piped"
  done
}

# mail_settled: every outbox entry sent and its receipt back (so that moving
# the clock on never makes the outbox send one again).
mail_settled() {
  pipe_back
  [ "$(embargo mail outbox --format json | jq '[.[] | select(.state != "sent" or .receipt != true)] | length')" = 0 ]
}

# sent KIND LIST: how many notices of KIND went to LIST (outbox entries, and messages at the server).
sent() {
  embargo mail outbox --format json | jq --arg k "$1" --arg l "$2" '[.[] | select(.kind == $k and .list == $l)] | length'
}
at_server() { ls "$SMTP_DIR" | grep -c '\.eml$'; }

http_code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

# nothing_public WHEN: no file, page, push or public download yet.
nothing_public() {
  expect_equal "$(ls -A "$EMBARGO_DATA/pub" 2>/dev/null | wc -l)" 0 "$1: files in files_dir"
  expect_equal "$(ls -A "$EMBARGO_DATA/web" 2>/dev/null | wc -l)" 0 "$1: files in web_dir"
  expect_equal "$(git -C "$EMBARGO_DATA/public.git" rev-parse master)" "$BEFORE" "$1: public master"
  expect_equal "$(git -C "$EMBARGO_DATA/public.git" tag -l exim-4.99.1)" "" "$1: public tag"
  expect_equal "$(http_code "$URL/public/$CASE/")" 404 "$1: /public/"
  expect_equal "$(sent release announce)$(sent release oss-security)" "00" "$1: announcements"
  [ "$(embargo case show $CASE --format json | jq -r .state)" != public ] || fail "$1: the case is public"
}

# done_count KIND: how many times the timeline records that step done.
done_count() { steps_recorded "$1"; }
test_done() { [ "$(done_count "$1")" -ge 1 ]; }

due_of() { embargo release status $CASE --format json | jq -r --arg k "$1" '.jobs[] | select(.kind == $k) | .due_at'; }

SUITE_release_slips() {
  make_repo
  make_team_distros_keys
  start_smtp
  local dir=$SUITE_TMP/data
  export EMBARGO_DATA=$dir
  at_time 2026-12-01T09:00:00Z
  embargo init --project Exim --prefix EXIM >/dev/null || fail "init"
  configure "$dir"
  embargo case new --title "heap overflow in SMTP" --reporter "Jane <jane@example.org>" >/dev/null
  embargo case move $CASE confirmed --why r >/dev/null
  embargo vuln add $CASE --title "heap overflow in BDAT" --affected ">=4.92,<4.99.1" --fixed ">=4.99.1" >/dev/null
  embargo case move $CASE fixing --why f >/dev/null || fail "fixing"
  embargo release build --repo "$REPO" --tag exim-4.99.1 --base exim-4.99 --package exim --formats gz \
    --keyring "$SUITE_TMP/maintainers.asc" --sign-key "$KEY" --out "$SUITE_TMP/rel" --case $CASE >/dev/null ||
    fail "release build"

  TEST "release schedule refuses, naming each missing piece"
  expect_exit 1 embargo release schedule $CASE
  expect_contains "$ERR" "no plan: make one with \`embargo case plan $CASE\`"
  expect_contains "$ERR" "list 'distros' has no live download usercode"
  # Issue 22: a warning, not a refusal: the release was never tested.
  expect_contains "$ERR" "warning: $CASE: release-untested: the release to be shared (version 4.99.1"
  PW=$(embargo usercode new $CASE --list distros --format json | jq -r .password)
  [ -n "$PW" ] || fail "usercode"

  TEST "looking never changes anything: plan show, and a failing plan is printed, exit 4, not stored"
  expect_exit 1 embargo plan show $CASE
  expect_contains "$ERR" "has no plan yet"
  expect_exit 4 embargo case plan $CASE --release 2026-12-11T14:00Z   # a Friday
  expect_contains "$ERR" "not stored"
  expect_contains "$ERR" "weekday"
  expect_exit 1 embargo plan show $CASE
  expect_equal "$(embargo case show $CASE --format json | jq -r .release_at)" "null" "release after a refused plan"

  TEST "plan for Thursday the 10th and schedule; embargod runs on the test's clock"
  expect_ok embargo case plan $CASE --release 2026-12-10T14:00Z
  expect_contains "$ERR" "stored plan 1 of $CASE"
  expect_ok embargo plan show $CASE --format json
  expect_equal "$(jq -r '.events[] | select(.name == "release") | .at' <<<"$OUT")" "2026-12-10T14:00:00Z" "stored release"
  embargo plan show $CASE --format ics >/dev/null
  expect_ok embargo case show $CASE --format json
  expect_equal "$(jq -r .release_at <<<"$OUT")" "2026-12-10T14:00:00.000000Z" "release_at after looking"
  expect_ok embargo release tested-on $CASE --platform "Debian 12 amd64" --result ok --format json
  expect_equal "$(jq -r '.kind + " " + .data.version' <<<"$OUT")" "release-tested-on 4.99.1" "tested-on entry"
  expect_ok embargo release schedule $CASE
  expect_not_contains "$ERR" "release-untested" "release schedule after a passing test"
  expect_equal "$(due_of notice-fix)" "2026-12-08T14:00:00.000000Z" "notice-fix due"
  expect_ok embargo release status $CASE
  expect_contains "$OUT" "skipped (publish.cve is false)"
  EMBARGOD_LOG=$SUITE_TMP/embargod.log
  start_embargod "$dir"
  local pid=$PID
  URL=$(listening_url "$EMBARGOD_LOG")
  [ -n "$URL" ] || fail "embargod did not start"
  quiet_for 1
  expect_equal "$(http_code --digest -u "distros:$PW" "$URL/embargo/$CASE/")" 403 "/embargo/ before the opening"

  TEST "later (the distros asked for time): every pending step and the window move; nothing at the old times"
  at_time 2026-12-02T09:00:00Z
  expect_ok embargo case plan $CASE --release 2026-12-16T14:00Z --reason "the distros asked for more time"
  expect_contains "$OUT" "moved: notice-fix 2026-12-08 14:00 UTC -> 2026-12-14 14:00 UTC"
  expect_contains "$OUT" "moved: make-public 2026-12-10 14:00 UTC -> 2026-12-16 14:00 UTC"
  expect_ok embargo timeline $CASE
  expect_contains "$OUT" "notice-fix 2026-12-08 14:00 UTC -> 2026-12-14 14:00 UTC"
  at_time 2026-12-10T14:30:00Z   # past every old time
  quiet_for 2
  expect_equal "$(at_server)" 0 "mail at the server"
  nothing_public "after the old release time"
  expect_equal "$(http_code --digest -u "distros:$PW" "$URL/embargo/$CASE/")" 403 "/embargo/ before the new opening"
  expect_equal "$(embargo release status $CASE --format json | jq '[.jobs[] | select(.state == "done")] | length')" 0 \
    "steps done"

  TEST "earlier (to Tuesday the 15th): the same command; the fix goes out at the new time only"
  at_time 2026-12-10T15:00:00Z
  expect_ok embargo case plan $CASE --release 2026-12-15T14:00Z --reason "exploitation seen"
  expect_contains "$OUT" "moved: notice-fix 2026-12-14 14:00 UTC -> 2026-12-13 14:00 UTC"
  at_time 2026-12-13T13:59:00Z
  quiet_for 2
  expect_equal "$(at_server)" 0 "mail before the fix time"
  at_time 2026-12-13T14:00:00Z
  wait_until 30 test_done notice-fix || fail "notice-fix not done"
  wait_until 30 mail_settled || fail "the fix notice was not sent"
  expect_equal "$(sent fix distros)" 1 "fix notices"
  expect_equal "$(embargo case show $CASE --format json | jq -r .state)" fix-shared "state after the fix notice"
  expect_ok embargo timeline $CASE --format json
  expect_equal "$(jq -r '[.[] | select(.kind == "state") | .text] | map(select(test("release step notice-fix"))) | length' <<<"$OUT")" 2 \
    "moves recorded by notice-fix (notified, fix-shared)"
  expect_equal "$(http_code --digest -u "distros:$PW" "$URL/embargo/$CASE/")" 200 "/embargo/ in the window"
  nothing_public "after the fix"

  TEST "later again, after the list was told: the done steps stay; a date-change notice goes to distros"
  at_time 2026-12-13T15:00:00Z
  expect_ok embargo case plan $CASE --release 2026-12-17T14:00Z --reason "a regression in the fix"
  expect_contains "$OUT" "moved: make-public 2026-12-15 14:00 UTC -> 2026-12-17 14:00 UTC"
  expect_contains "$OUT" "date-change notice queued for distros"
  expect_not_contains "$OUT" "moved: notice-fix"
  expect_ok embargo plan show $CASE --format json
  expect_equal "$(jq -r '.events[] | select(.name == "fix-to-packagers") | .at' <<<"$OUT")" "2026-12-13T14:00:00Z" \
    "fix-to-packagers keeps its recorded time"
  wait_until 30 mail_settled || fail "the date-change notice was not sent"
  expect_equal "$(sent date-change distros)" 1 "date-change notices"
  at_time 2026-12-15T14:30:00Z
  quiet_for 2
  nothing_public "after the earlier release time"
  expect_equal "$(sent heads-up oss-security)" 0 "heads-up before its time"

  TEST "at the final times every step happens exactly once"
  at_time 2026-12-16T14:00:00Z
  wait_until 30 test_done notice-heads-up || fail "notice-heads-up not done"
  wait_until 30 mail_settled || fail "heads-up not sent"
  expect_equal "$(sent heads-up oss-security)" 1 "heads-up notices"
  nothing_public "after the heads-up"
  at_time 2026-12-17T13:59:00Z
  quiet_for 2
  nothing_public "a minute before the release"
  at_time 2026-12-17T14:00:00Z
  wait_until 60 all_done || fail "the release did not finish"
  wait_until 30 mail_settled || fail "announcements not sent"
  # Released and carried out: /public/ serves, the embargoed URLs point there.
  expect_equal "$(http_code "$URL/public/$CASE/")" 200 "/public/ after the release"
  local first
  first=$(embargo files list $CASE --format json | jq -r '.[0].name')
  expect_equal "$(curl -s -o "$SUITE_TMP/public.file" -w '%{http_code}' "$URL/public/$CASE/$first")" 200 "a public file"
  expect_equal "$(sha256sum <"$SUITE_TMP/public.file" | cut -d' ' -f1)" \
    "$(embargo files list $CASE --format json | jq -r '.[0].sha256')" "the public file's content"
  expect_equal "$(curl -s -o /dev/null -D "$SUITE_TMP/moved.h" -w '%{http_code}' --digest -u "distros:$PW" \
    "$URL/embargo/$CASE/$first")" 301 "/embargo/ after the release"
  expect_contains "$(cat "$SUITE_TMP/moved.h")" "Location: /public/$CASE/$first"
  wait_until 10 eval '[[ "$(embargo downloads $CASE)" == *"(public)"* ]]' || fail "the public download was not recorded"
  kill -TERM $pid 2>/dev/null
  wait $pid 2>/dev/null
  local kind
  for kind in open-downloads notice-fix notice-heads-up publish-files announce publish-advisory publish-cve \
    push-public make-public; do
    expect_equal "$(done_count $kind)" 1 "$kind recorded"
  done
  expect_equal "$(sent fix distros) $(sent date-change distros) $(sent heads-up oss-security)" "1 1 1" "notices"
  expect_equal "$(sent release announce) $(sent release oss-security)" "1 1" "announcements"
  expect_equal "$(at_server)" 5 "messages at the server"
  expect_equal "$(ls "$dir/pub" | wc -l)" "$(embargo files list $CASE --format json | jq length)" "published files"
  expect_equal "$(ls "$dir/web" | sort | tr '\n' ' ')" "$CASE.html atom.xml index.html " "web_dir"
  expect_equal "$(git -C "$dir/public.git" rev-parse master)" "$FIX" "public master"
  expect_equal "$(embargo case show $CASE --format json | jq -r .state)" public "case state"
  expect_ok embargo timeline verify
}
