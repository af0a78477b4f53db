# The release's mail (issue 11 with issue 6's notices): embargod's steps
# notice-fix, notice-heads-up and announce queue each [publish] list's notice
# in the outbox in the job's own transaction, and embargod's flush thread
# delivers them to a real SMTP server (tests/mail/smtp_server.py), signed and
# encrypted with GnuPG keys made here. Then embargod is killed
# (EMBARGO_FAULT_POINT) at every boundary: the job boundaries and right
# before and right after each SMTP transaction; after the restart every list
# has each notice exactly once. (The flush thread runs beside the job runner,
# so which boundary point N is varies between runs; points 1..23 always kill.)
#
# Which exactly-once mechanism this exercises (mail/outbox.hpp): a crash
# after the server took a message leaves its entry `sending`; the test then
# does what the MTA does in production and pipes what the server received
# (the team's receipt copy travels in the same transaction) into
# `embargo intake mail`, which completes the entry by its Message-ID, so the
# restart does not send it again. A crash before the server took it leaves no
# copy to pipe back; the restart sends it once the receipt grace (set to 2 s
# here) has passed. Without the piping the grace would send an after-send
# crash's message a second time: that is the mechanism's documented limit,
# not tested here.

MAILTOOL="/usr/bin/python3 $EMBARGO_SOURCE/tests/mail/mailtool.py"
CASE=EXIM-2026-0001

SUITE_release_notices_PROBE() {
  /usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || { echo "python3-aiosmtpd is not installed"; return 1; }
  for tool in git gpg gpgconf jq; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed"; return 1; }
  done
}

# gpgk, fpr_of, make_key, share_key: tests/integration/lib/gpg_keys.bash
source "$EMBARGO_SOURCE/tests/integration/lib/gpg_keys.bash"
source "$EMBARGO_SOURCE/tests/integration/lib/smtp_sink.bash"

# The team's key (with a passphrase) and the distros list's key.

# make_repo: tests/integration/lib/release_repo.bash
source "$EMBARGO_SOURCE/tests/integration/lib/release_repo.bash"
# start_embargod, run_embargod, all_done, steps_recorded: tests/integration/lib/release_daemon.bash
source "$EMBARGO_SOURCE/tests/integration/lib/release_daemon.bash"

# The mail settings and three lists; the SMTP port is set per run (set_smtp_port).
configure_mail() {
  local toml=$1/embargo.toml
  sed -i "s|^team_address = .*|team_address = \"security@example.org\"|;
          s|^gnupg_home = \"gnupg\"|gnupg_home = \"$K/team\"|;
          s|^signing_key = \"\"|signing_key = \"$TEAM_FPR\"|;
          s|^receipt_grace_seconds = .*|receipt_grace_seconds = 2|;
          s|^flush_interval_seconds = .*|flush_interval_seconds = 1|;
          s|^starttls = \"try\"|starttls = \"none\"|;
          s|^# public_url = .*|public_url = \"https://security.example.org\"|;
          s|^fix_lists = .*|fix_lists = [\"distros\"]|;
          s|^heads_up_lists = .*|heads_up_lists = [\"oss-security\"]|;
          s|^announce_lists = .*|announce_lists = [\"announce\", \"oss-security\"]|" "$toml"
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
}

# A signed release on a case in fix-shared with a plan, and the lists.
make_template() {
  local dir=$1
  shift
  export EMBARGO_DATA=$dir EMBARGO_NOW=2026-03-02T09:00Z
  embargo init --project Exim --prefix EXIM "$@" >/dev/null || fail "init $*"
  configure_mail "$dir"
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
  # The fix list's download usercode: `release schedule` refuses without it (issue 21).
  embargo usercode new $CASE --list distros >/dev/null || fail "usercode"
}

# fresh DIR: a copy of the template as $EMBARGO_DATA, scheduled, with its own
# SMTP server (SMTP_DIR, SMTP_PID) that the configuration points to.
fresh() {
  rm -rf "$1" && cp -a "$SUITE_TMP/template" "$1"
  export EMBARGO_DATA=$1
  smtp_for "$1"
  embargo release schedule $CASE >/dev/null || fail "schedule"
}

# smtp_for DIR: a new SMTP server (SMTP_DIR, SMTP_PID) that DIR's configuration points to.
smtp_for() {
  stop_smtp
  start_smtp "$1.smtp"
  sed -i "/^\[smtp\]/,/^\[/ s|^url = .*|url = \"smtp://127.0.0.1:$SMTP_PORT\"|" "$1/embargo.toml"
}


# release_settled: every step done and the four notices sent.
release_settled() {
  [ "$(embargo release status $CASE --format json | jq '[.jobs[] | select(.state != "done")] | length')" = 0 ] &&
    [ "$(embargo mail outbox --format json | jq '[.[] | select(.state == "sent")] | length')" = 4 ]
}

# pipe_back: what the MTA does with the team's receipt copies: every message
# the server took goes into `embargo intake mail`.
pipe_back() {
  local f
  for f in "$SMTP_DIR"/*.eml; do
    [ -e "$f" ] || continue
    embargo intake mail <"$f" >/dev/null 2>&1 || fail "intake of the receipt copy $f"
  done
}

# hand_flush: `embargo mail flush` on embargod's clock (the real one). With
# the suite's EMBARGO_NOW, nine months before, the receipt grace of an entry
# it marks `sending` would look long expired to embargod, which would send
# it again while the hand flush is still in its SMTP transaction.
hand_flush() { env -u EMBARGO_NOW embargo mail flush >/dev/null 2>&1; }

message_id_of() { grep -m1 -i '^message-id:' "$1" | sed 's/^[^<]*<\(.*\)>.*/\1/'; }

# count_mail: adds the duplicates and losses of this run's notices to DUPS
# and LOSSES: each outbox entry's Message-ID must be at the server exactly
# once, and there must be exactly one entry per (kind, list).
count_mail() {
  local ids id n f
  ids=$(for f in "$SMTP_DIR"/*.eml; do [ -e "$f" ] && message_id_of "$f"; done)
  local want="fix distros
heads-up oss-security
release announce
release oss-security"
  local have
  have=$(embargo mail outbox --format json | jq -r '.[] | "\(.kind) \(.list)"' | sort)
  if [ "$have" != "$want" ]; then
    fail "outbox entries: $have"
    LOSSES=$((LOSSES + 1))
  fi
  for id in $(embargo mail outbox --format json | jq -r '.[].message_id'); do
    n=$(grep -cxF "$id" <<<"$ids")
    [ "$n" -gt 1 ] && DUPS=$((DUPS + n - 1))
    [ "$n" -lt 1 ] && LOSSES=$((LOSSES + 1))
  done
  n=$(embargo timeline $CASE --format json | jq '[.[] | select(.kind == "mail-sent")] | length')
  [ "$n" = 4 ] || fail "mail-sent entries: $n"
}

PG_DIR=""
pg_start() {
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/embargo-it-pg-XXXXXX")
  trap 'stop_smtp; bash "$EMBARGO_SOURCE/tests/pg/pg_server" stop "$PG_DIR"; cleanup' EXIT
  PG_ADMIN=$(bash "$EMBARGO_SOURCE/tests/pg/pg_server" start "$PG_DIR")
}

SUITE_release_notices() {
  make_team_distros_keys
  make_repo
  make_template "$SUITE_TMP/template"
  gpgconf --homedir "$GNUPGHOME" --kill all 2>/dev/null

  TEST "the schedule has the mail steps; make-public waits for the announcement"
  fresh "$SUITE_TMP/d0"
  expect_ok embargo release status $CASE --format json
  local jobs=$OUT
  for kind in notice-fix notice-heads-up announce; do
    expect_equal "$(jq --arg k $kind '[.jobs[] | select(.kind == $k)] | length' <<<"$jobs")" 1 "$kind jobs"
  done
  expect_equal "$(jq '(.jobs[] | select(.kind == "announce") | .id) as $a |
    [.jobs[] | select(.kind == "make-public") | .depends_on[] | select(. == $a)] | length' <<<"$jobs")" 1 \
    "make-public after announce"

  TEST "embargod sends every list its notice once, while \`embargo mail flush\` runs by hand too"
  fresh "$SUITE_TMP/d1"
  ( for _ in $(seq 40); do hand_flush; sleep 0.1; done ) &
  local flusher=$!
  run_embargod || fail "embargod did not finish the release (status $?)"
  wait $flusher
  expect_ok embargo mail outbox --format json
  expect_equal "$(jq -r '[.[].state] | unique | join(",")' <<<"$OUT")" "sent" "outbox states"
  DUPS=0 LOSSES=0
  count_mail
  expect_equal "$DUPS/$LOSSES" "0/0" "duplicates/losses"
  expect_equal "$(ls "$SMTP_DIR" | grep -c '\.eml$')" 4 "messages at the server"
  local f to
  for f in "$SMTP_DIR"/*.eml; do
    to=$(sed -n 2p "${f%.eml}.env")
    expect_equal "$(sed -n 3p "${f%.eml}.env")" "security@example.org" "receipt copy of $to"
    case "$to" in
      distros@vs.openwall.org)
        expect_contains "$($MAILTOOL type "$f")" "multipart/encrypted"
        $MAILTOOL payload "$f" 2 >"$SUITE_TMP/enc.asc"
        gpgk "$K/distros" --status-fd 1 --decrypt "$SUITE_TMP/enc.asc" >"$SUITE_TMP/dec" 2>/dev/null
        expect_contains "$(cat "$SUITE_TMP/dec")" "with the usercode distros"
        ;;
      oss-security@lists.openwall.com)
        expect_contains "$($MAILTOOL type "$f")" "text/plain"
        $MAILTOOL payload "$f" 0 >"$SUITE_TMP/clear"
        expect_contains "$(cat "$SUITE_TMP/clear")" "BEGIN PGP SIGNED MESSAGE"
        expect_contains "$(gpgk "$K/distros" --status-fd 1 --verify "$SUITE_TMP/clear" 2>/dev/null)" "GOODSIG"
        ;;
      exim-announce@exim.org)
        expect_contains "$($MAILTOOL type "$f")" "multipart/signed"
        ;;
      *) fail "a message to $to" ;;
    esac
  done
  for kind in open-downloads notice-fix notice-heads-up announce make-public; do
    expect_equal "$(steps_recorded $kind)" 1 "$kind recorded"
  done
  expect_ok embargo release status $CASE --format json
  expect_contains "$(jq -r '.jobs[] | select(.kind == "notice-fix") | .result' <<<"$OUT")" "fix notice queued: distros <embargo.notice-fix."
  expect_equal "$(embargo case show $CASE --format json | jq -r .state)" public "case state"
  expect_ok embargo timeline verify

  TEST "killed before and after each SMTP send and at each job boundary: every list gets each notice once"
  local runs=0 killed=0 point
  DUPS=0 LOSSES=0
  local past=0
  # Only the mail steps' boundaries and the SMTP sends count (the other steps
  # have their own suites, and release_day.bash kills between all of them).
  export EMBARGO_FAULT_ONLY="(notice-fix)|(notice-heads-up)|(announce)|outbox"
  for point in $(seq 1 80); do
    fresh "$SUITE_TMP/f$point"
    run_embargod "$point"
    if [ $? = 137 ]; then killed=$((killed + 1)); else past=$point; fi
    pipe_back
    run_embargod || fail "point $point: the restart did not finish (status $?)"
    runs=$((runs + 1))
    count_mail
    for kind in notice-fix notice-heads-up announce; do
      [ "$(steps_recorded $kind)" = 1 ] || fail "point $point: $kind recorded $(steps_recorded $kind) times"
    done
    embargo timeline verify >/dev/null || fail "point $point: timeline does not verify"
    [ "$past" != 0 ] && break  # past the last boundary
  done
  unset EMBARGO_FAULT_ONLY
  echo "fault injection (release notices, SQLite): runs=$runs killed=$killed duplicates=$DUPS losses=$LOSSES"
  grep -o 'killed at .*' "$SUITE_TMP/embargod.log" | sed 's/[0-9]\+/N/g' | sort | uniq -c
  expect_equal "$DUPS/$LOSSES" "0/0" "duplicates/losses"
  # Each point up to the last kills: the 3 mail steps x 3 job boundaries +
  # 4 mails x 2 SMTP boundaries = 17 at least.
  expect_equal "$past" $((killed + 1)) "the first point past the last boundary"
  [ "$killed" -ge 17 ] || fail "only $killed kills"

  TEST "two embargod nodes on one PostgreSQL and \`embargo mail flush\` by hand: each list gets each notice once"
  if ! command -v psql >/dev/null || ! pg_start; then
    echo "SKIPPED: no PostgreSQL server could be started here"
  else
    psql -q "$PG_ADMIN" -c "CREATE DATABASE tmpl" >/dev/null
    make_template "$SUITE_TMP/pgtemplate" --store "${PG_ADMIN%/*}/tmpl"
    psql -q "$PG_ADMIN" -c "CREATE DATABASE run1 TEMPLATE tmpl" >/dev/null
    export EMBARGO_DATA="$SUITE_TMP/pa"
    mkdir -p "$EMBARGO_DATA" "$SUITE_TMP/pb"
    sed "s|/tmpl\"|/run1\"|" "$SUITE_TMP/pgtemplate/embargo.toml" >"$EMBARGO_DATA/embargo.toml"
    # Nodes sharing one database share its keys too (the outbox's, the usercodes'): each gets a copy.
    cp -a "$SUITE_TMP/pgtemplate/secrets" "$EMBARGO_DATA/" && cp -a "$SUITE_TMP/pgtemplate/secrets" "$SUITE_TMP/pb/"
    smtp_for "$EMBARGO_DATA"
    # Nobody is killed here, so no receipt needs to come back: a grace longer
    # than any SMTP transaction on a loaded machine (the outbox's contract:
    # a sender still busy after the grace gets its entry sent a second time).
    sed -i 's|^receipt_grace_seconds = .*|receipt_grace_seconds = 60|' "$EMBARGO_DATA/embargo.toml"
    cp "$EMBARGO_DATA/embargo.toml" "$SUITE_TMP/pb/"
    embargo release schedule $CASE >/dev/null || fail "schedule"
    local a b hand
    start_embargod "$EMBARGO_DATA"
    a=$PID
    start_embargod "$SUITE_TMP/pb"
    b=$PID
    ( for _ in $(seq 30); do hand_flush; sleep 0.1; done ) &
    hand=$!
    wait_settled 300
    wait $hand
    kill -TERM $a $b
    wait $a $b
    release_settled || fail "the two nodes did not finish the release"
    DUPS=0 LOSSES=0
    count_mail
    echo "PostgreSQL, two nodes and a hand flush: duplicates=$DUPS losses=$LOSSES"
    expect_equal "$DUPS/$LOSSES" "0/0" "duplicates/losses"
    for kind in notice-fix notice-heads-up announce; do
      expect_equal "$(steps_recorded $kind)" 1 "$kind recorded"
    done
  fi

  stop_smtp
  gpgconf --homedir "$K/team" --kill gpg-agent 2>/dev/null
  gpgconf --homedir "$K/distros" --kill gpg-agent 2>/dev/null
}
