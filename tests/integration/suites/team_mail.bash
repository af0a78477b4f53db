# No report waits unseen (issue 13): team notification through the outbox to
# the real SMTP server of the mail suite (tests/mail/smtp_server.py), read back
# as a member would (gpg --decrypt with the member's own key); reminders
# replayed over weeks with `embargo remind run --now`; whats-next and who may
# see it.

# The mail suite's helpers: make_key, make_keys, share_key, start_smtp, stop_smtp,
# smtp_count, plain_report, gpgk, fpr_of.
source "$EMBARGO_SOURCE/tests/integration/suites/mail.bash"

SUITE_team_mail_PROBE() { SUITE_mail_PROBE; }

SUITE_team_mail_SETUP() {
  make_keys
  [ -d "$K/alice" ] || make_key "$K/alice" "Alice Member <alice@example.org>" ""
  gpgk "$K/alice" --export --armor alice@example.org >"$SUITE_TMP/alice.asc"
  share_key "$K/team" security@example.org "$K/alice"
  rm -rf "$SUITE_TMP/teamhome"
  cp -a "$K/team" "$SUITE_TMP/teamhome"
  stop_smtp
  start_smtp
  TEAM_FPR=$(fpr_of "$K/team" security@example.org)
  rm -rf "$SUITE_TMP/sec"
  export EMBARGO_DATA="$SUITE_TMP/sec"
  export EMBARGO_PGP_PASSPHRASE=team-pass
  unset EMBARGO_NOW EMBARGO_FAULT EMBARGO_ACTOR
  embargo init --project Exim >/dev/null
  sed -i "s|^gnupg_home = \"gnupg\"|gnupg_home = \"$SUITE_TMP/teamhome\"|;
          s|^signing_key = \"\"|signing_key = \"$TEAM_FPR\"|;
          s|^url = \"smtp://127.0.0.1:25\"|url = \"smtp://127.0.0.1:$SMTP_PORT\"|;
          s|^starttls = \"try\"|starttls = \"none\"|;
          s|^deliver_on_intake = true|deliver_on_intake = false|;
          s|^case_url = .*|case_url = \"https://sec.exim.org/cases/{case}\"|" "$EMBARGO_DATA/embargo.toml"
  embargo user add alice --role team --email alice@example.org >/dev/null
  embargo user add bob --role team --email bob@example.org >/dev/null
  embargo user add carol --role maintainer --email carol@example.org >/dev/null
  embargo user key alice --file "$SUITE_TMP/alice.asc" >/dev/null
}

# The .eml files whose first envelope recipient is $1.
mails_to() {
  local env
  for env in "$SMTP_DIR"/*.env; do
    [ -e "$env" ] || continue
    [ "$(sed -n 2p "$env")" == "$1" ] && echo "${env%.env}.eml"
  done
}

SUITE_team_mail() {
  TEST "a new report reaches every team member: encrypted to a member's key, no detail without one"
  expect_ok embargo team
  expect_contains "$OUT" "alice key=$(fpr_of "$K/alice" alice@example.org)"
  expect_contains "$OUT" "bob key=none"
  expect_exit 1 embargo user key bob --file "$SUITE_TMP/m-not-there"
  echo "not a key" >"$SUITE_TMP/bad.asc"
  expect_exit 1 embargo user key bob --file "$SUITE_TMP/bad.asc"
  expect_contains "$ERR" "no OpenPGP public key"
  plain_report t1@example.net | embargo intake mail >/dev/null
  expect_ok embargo mail flush
  expect_equal "$(mails_to alice@example.org | wc -l)" "1" "mails to alice"
  expect_equal "$(mails_to bob@example.org | wc -l)" "1" "mails to bob"
  expect_equal "$(mails_to carol@example.org | wc -l)" "0" "mails to the maintainer"
  a=$(mails_to alice@example.org)
  expect_contains "$($MAILTOOL type "$a")" "multipart/encrypted"
  expect_equal "$($MAILTOOL header "$a" Subject)" "[EMB-2026-0001] new report"
  expect_not_contains "$(cat "$a")" "Heap overflow"
  $MAILTOOL payload "$a" 2 >"$SUITE_TMP/enc.asc"
  plain=$(gpgk "$K/alice" --decrypt "$SUITE_TMP/enc.asc" 2>/dev/null)
  expect_contains "$plain" "Heap overflow in the SMTP parser" "decrypted notification"
  expect_contains "$plain" "https://sec.exim.org/cases/EMB-2026-0001"
  expect_contains "$(gpgk "$K/alice" --status-fd 1 --decrypt "$SUITE_TMP/enc.asc" 2>/dev/null)" "GOODSIG"
  b=$(mails_to bob@example.org)
  expect_contains "$($MAILTOOL type "$b")" "multipart/signed"
  expect_contains "$(cat "$b")" "EMB-2026-0001"
  expect_contains "$(cat "$b")" "state: reported"
  expect_contains "$(cat "$b")" "https://sec.exim.org/cases/EMB-2026-0001"
  expect_not_contains "$(cat "$b")" "Heap overflow"
  expect_not_contains "$(cat "$b")" "overflows a heap"
  expect_not_contains "$(cat "$b")" "jane@example.net"

  TEST "a reporter's reply, a state change: each notifies once; a member may choose fewer events"
  plain_report t1@example.net | embargo intake mail >/dev/null
  expect_ok embargo mail flush
  before=$(smtp_count)
  expect_ok embargo user notify bob state-change
  plain_report t2@example.net "Re: more" "In-Reply-To: <t1@example.net>
" | embargo intake mail >/dev/null
  expect_ok embargo case move EMB-2026-0001 confirmed --why "reproduced"
  expect_ok embargo mail flush
  expect_ok embargo mail flush
  subjects=$(for f in $(mails_to alice@example.org); do $MAILTOOL header "$f" Subject; echo; done)
  expect_contains "$subjects" "[EMB-2026-0001] reporter replied"
  expect_contains "$subjects" "[EMB-2026-0001] state changed"
  bobs=$(for f in $(mails_to bob@example.org); do $MAILTOOL header "$f" Subject; echo; done)
  expect_contains "$bobs" "[EMB-2026-0001] state changed"
  expect_not_contains "$bobs" "reporter replied"
  # alice: reply + state; bob: state; their receipt copies ride along in the same SMTP transactions.
  expect_equal "$(( $(smtp_count) - before ))" "3" "new messages"
  expect_exit 1 embargo user notify bob sometimes
  expect_contains "$ERR" "notify: unknown event 'sometimes'"

  TEST "a case ignored for weeks: reminders on the expected days, owner then backup then team, stopped by an acknowledgement"
  export EMBARGO_NOW=2026-11-02T09:00:00Z
  expect_ok embargo case new --title "Use after free in the ATRN handler" --reporter "Jane Roe <jane@example.net>"
  expect_ok embargo case assign EMB-2026-0001 --owner alice --backup bob
  expect_contains "$(embargo timeline EMB-2026-0001)" "owner alice, backup bob"
  unset EMBARGO_NOW
  # run_day TIME [CASE]: the reminders queued at TIME (of CASE only, when given).
  run_day() {
    embargo remind run --now "$1" --format json |
      jq -r --arg c "${2:-}" '.[] | select($c == "" or .case == $c) | "\(.condition)/\(.threshold)/\(.level):\(.to|join(","))"'
  }
  expect_equal "$(run_day 2026-11-03T09:00:00Z)" "" "day 1"
  expect_equal "$(run_day 2026-11-04T09:00:00Z)" "no-ack/2d/0:alice" "day 2"
  expect_equal "$(run_day 2026-11-04T10:00:00Z)" "" "day 2, again"
  expect_equal "$(run_day 2026-11-05T09:00:00Z)" "no-ack/2d/1:bob" "day 3"
  expect_equal "$(run_day 2026-11-06T09:00:00Z)" "no-ack/2d/2:admin,alice,bob" "day 4"
  # The admin account has no address: the timeline says so instead of "sent" (issue 23), and so does `embargo team`.
  expect_contains "$(embargo timeline EMB-2026-0001)" "sent to alice, bob; NOT sent to admin (no e-mail address)"
  expect_equal "$(embargo timeline EMB-2026-0001 --format json | jq -r '[.[] | select(.kind=="reminder")][-1].data.not_sent[0].reason')" "no e-mail address" "not_sent in the entry's data"
  expect_contains "$(embargo team)" "admin key=none owner of: -; backup of: -; acting for: -; MAIL NOT SENT: no e-mail address"
  expect_equal "$(run_day 2026-11-10T09:00:00Z)" "" "day 8"
  expect_equal "$(run_day 2026-11-16T09:00:00Z)" "stale-reported/14d/0:alice" "day 14"
  expect_equal "$(embargo timeline EMB-2026-0001 --format json | jq '[.[] | select(.kind=="reminder")] | length')" "4"
  expect_ok embargo mail flush
  r=$(mails_to alice@example.org | tail -1)
  expect_equal "$($MAILTOOL header "$r" Subject)" "[EMB-2026-0001] reminder: stale-reported"
  $MAILTOOL payload "$r" 2 >"$SUITE_TMP/rem.asc"
  expect_contains "$(gpgk "$K/alice" --decrypt "$SUITE_TMP/rem.asc" 2>/dev/null)" "move the case on"
  # A second case, acknowledged after the owner's reminder: no escalation.
  export EMBARGO_NOW=2026-11-16T09:00:00Z
  expect_ok embargo case new --title "Second" --reporter "Jane Roe <jane@example.net>"
  expect_ok embargo case assign EMB-2026-0002 --owner bob --backup alice
  unset EMBARGO_NOW
  expect_equal "$(run_day 2026-11-18T09:00:00Z EMB-2026-0002)" "no-ack/2d/0:bob" "second case, day 2"
  EMBARGO_ACTOR=bob EMBARGO_NOW=2026-11-18T10:00:00Z expect_ok embargo notice send EMB-2026-0002 reporter-update \
    --message "Thank you; we reproduced it and are working on a fix."
  expect_equal "$(run_day 2026-11-19T09:00:00Z EMB-2026-0002)" "" "after the acknowledgement"
  expect_equal "$(run_day 2026-11-25T09:00:00Z EMB-2026-0002)" "" "a week later"
  expect_exit 1 embargo remind run --now yesterday
  expect_contains "$ERR" "now:"

  TEST "an away owner's case goes to the backup; the team view shows it"
  export EMBARGO_NOW=2026-12-01T09:00:00Z
  expect_ok embargo case new --title "Third" --reporter "Jane Roe <jane@example.net>"
  expect_ok embargo case assign EMB-2026-0001 --owner alice --backup bob
  expect_ok embargo user away alice --from 2026-11-30 --until 2026-12-10
  expect_ok embargo team
  expect_contains "$OUT" "alice AWAY until 2026-12-10"
  expect_contains "$(embargo team --format json | jq -r '.[] | select(.user=="bob") | .acting_for | join(",")')" "EMB-2026-0001"
  expect_exit 1 embargo case assign EMB-2026-0001 --owner carol
  expect_contains "$ERR" "owner: carol is a maintainer"
  expect_exit 1 embargo user away alice --from 2026-12-10 --until 2026-12-01
  expect_contains "$ERR" "until"

  TEST "whats-next: most urgent first, and only cases the asker may see"
  export EMBARGO_NOW=2026-12-01T09:00:00Z
  expect_ok embargo case new --title "Older" --reporter "Jane Roe <jane@example.net>"
  export EMBARGO_NOW=2026-12-03T09:00:00Z
  expect_ok embargo case new --title "Newer" --reporter "Jane Roe <jane@example.net>" --reporter-deadline 2026-12-04
  expect_ok embargo case assign EMB-2026-0001 --owner alice --backup bob
  expect_ok embargo whats-next --format json
  expect_equal "$(echo "$OUT" | jq -r '.[0] | "\(.case) \(.condition) \(.overdue)"')" "EMB-2026-0001 no-ack true"
  expect_equal "$(echo "$OUT" | jq -r '[.[].case] | unique | join(",")')" "EMB-2026-0001,EMB-2026-0002"
  expect_equal "$(echo "$OUT" | jq -r '.[] | select(.case=="EMB-2026-0002" and .condition=="deadline") | .when')" \
    "2026-12-04T00:00:00.000000Z" "the reporter's deadline"
  EMBARGO_ACTOR=carol expect_ok embargo whats-next
  expect_equal "$OUT" "nothing to do"
  expect_ok embargo user grant EMB-2026-0002 carol
  EMBARGO_ACTOR=carol expect_ok embargo whats-next --format json
  expect_equal "$(echo "$OUT" | jq -r '[.[].case] | unique | join(",")')" "EMB-2026-0002"
  EMBARGO_ACTOR=alice expect_ok embargo whats-next --me --format json
  expect_equal "$(echo "$OUT" | jq -r '[.[].case] | unique | join(",")')" "EMB-2026-0001" "alice's own"
  EMBARGO_ACTOR=bob expect_ok embargo whats-next --me
  expect_equal "$OUT" "nothing to do"
  unset EMBARGO_NOW
  stop_smtp
}
