# Mail with the reporter (issue 23), through a real SMTP server on 127.0.0.1
# (tests/mail/smtp_server.py, python3-aiosmtpd) and real GnuPG keys made here:
#   - no mail loops: our acknowledgement carries Auto-Submitted, a vacation
#     responder (tests/mail/vacation.py) that answers it gets no second message;
#   - the reporter's key (signed report, attached key, case edit --reporter-key):
#     the acknowledgement and updates are encrypted to it and decrypt with gpg;
#     mail.reporter_encryption = "required"; bad keys refused;
#   - case move CASE rejected --forward: the public route.

MAILTOOL="/usr/bin/python3 $EMBARGO_SOURCE/tests/mail/mailtool.py"
VACATION="/usr/bin/python3 $EMBARGO_SOURCE/tests/mail/vacation.py"

SUITE_reporter_mail_PROBE() {
  /usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || { echo "python3-aiosmtpd is not installed"; return 1; }
  command -v gpg >/dev/null || { echo "gpg is not installed"; return 1; }
}

# gpgk, fpr_of, make_key, share_key: tests/integration/lib/gpg_keys.bash
source "$EMBARGO_SOURCE/tests/integration/lib/gpg_keys.bash"
source "$EMBARGO_SOURCE/tests/integration/lib/smtp_sink.bash"

make_keys() {
  K="$SUITE_TMP/keys"
  [ -d "$K" ] && return
  mkdir -p "$K"
  make_key "$K/team" "Example Security Team <security@example.org>" team-pass
  make_key "$K/jane" "Jane Roe <jane@example.net>" ""
  make_key "$K/bob" "Bob Poe <bob@example.com>" ""
  share_key "$K/jane" jane@example.net "$K/team"
  share_key "$K/team" security@example.org "$K/jane"
  gpgk "$K/bob" --armor --export bob@example.com >"$K/bob.asc"
  # the bad keys: sign-only, expired (made with the clock in 2020, valid one day), revoked
  mkdir -p -m 700 "$K/bad"
  gpgk "$K/bad" --passphrase "" --pinentry-mode loopback --quick-gen-key "Sign Only <so@example.com>" ed25519 sign never
  gpgk "$K/bad" --armor --export so@example.com >"$K/signonly.asc"
  gpgk "$K/bad" --faked-system-time 20200101T000000! --passphrase "" --pinentry-mode loopback \
    --quick-gen-key "Old Key <old@example.com>" rsa2048 default 1d
  gpgk "$K/bad" --armor --export old@example.com >"$K/expired.asc"
  gpgk "$K/bad" --passphrase "" --pinentry-mode loopback --quick-gen-key "Gone <gone@example.com>" rsa2048 default never
  sed 's/^:-----/-----/' "$K/bad/openpgp-revocs.d/$(fpr_of "$K/bad" gone@example.com).rev" | gpgk "$K/bad" --import 2>/dev/null
  gpgk "$K/bad" --armor --export gone@example.com >"$K/revoked.asc"
}

smtp_count() { ls "$SMTP_DIR" | grep -c '\.eml$'; }

SUITE_reporter_mail_SETUP() {
  make_keys
  stop_smtp
  start_smtp "$SUITE_TMP/smtp.$RANDOM"
  TEAM_FPR=$(fpr_of "$K/team" security@example.org)
  rm -rf "$SUITE_TMP/sec"
  export EMBARGO_DATA="$SUITE_TMP/sec"
  export EMBARGO_PGP_PASSPHRASE=team-pass
  unset EMBARGO_NOW EMBARGO_FAULT
  embargo init --project Exim >/dev/null
  rm -rf "$SUITE_TMP/gnupg" && cp -a "$K/team" "$SUITE_TMP/gnupg"  # each test starts from the team's own keyring
  sed -i "s|^gnupg_home = \"gnupg\"|gnupg_home = \"$SUITE_TMP/gnupg\"|;
          s|^signing_key = \"\"|signing_key = \"$TEAM_FPR\"|;
          s|^url = \"smtp://127.0.0.1:25\"|url = \"smtp://127.0.0.1:$SMTP_PORT\"|;
          s|^starttls = \"try\"|starttls = \"none\"|" "$EMBARGO_DATA/embargo.toml"
}

set_config() { sed -i "s|^$1 = .*|$1 = $2|" "$EMBARGO_DATA/embargo.toml"; }

report() {  # FROM MESSAGE-ID [SUBJECT]
  printf 'From: %s\nTo: security@example.org\nSubject: %s\nMessage-ID: <%s>\nDate: Mon, 23 Nov 2026 10:00:00 +0000\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nThe SMTP parser overflows a heap buffer with a long HELO.\n' \
    "$1" "${3:-Heap overflow in the SMTP parser}" "$2"
}

intake() { embargo intake mail "$@"; }
timeline_json() { embargo timeline "$1" --format json; }

# decrypt_ack FILE HOME: the plaintext of a multipart/encrypted message, decrypted in HOME; the status in $SUITE_TMP/status.
decrypt_ack() {
  $MAILTOOL payload "$1" 2 >"$SUITE_TMP/c.asc"
  gpgk "$2" --status-fd 3 --decrypt "$SUITE_TMP/c.asc" 3>"$SUITE_TMP/status" 2>/dev/null
}

SUITE_reporter_mail() {
  TEST "our acknowledgement says Auto-Submitted: a responder that follows RFC 3834 does not answer it"
  report "Jane Roe <jane@example.net>" r1@example.net >"$SUITE_TMP/m"
  expect_ok intake <"$SUITE_TMP/m"
  expect_equal "$OUT" "new-case EMB-2026-0001 <r1@example.net>"
  expect_equal "$(smtp_count)" "1" "messages at the SMTP server"
  expect_equal "$($MAILTOOL header "$SMTP_DIR/0001.eml" Auto-Submitted)" "auto-replied" "Auto-Submitted of the ack"
  expect_exit 1 $VACATION jane@example.net "$SMTP_DIR/0001.eml"
  expect_equal "$OUT" "" "the responder's answer"

  TEST "a vacation responder that answers our acknowledgement anyway gets no second message"
  report "Jane Roe <jane@example.net>" r1@example.net | intake >/dev/null
  $VACATION --naive jane@example.net "$SMTP_DIR/0001.eml" >"$SUITE_TMP/away"
  expect_ok intake <"$SUITE_TMP/away"
  expect_contains "$OUT" "reply EMB-2026-0001"
  expect_equal "$(smtp_count)" "1" "messages at the SMTP server after the auto-reply"
  expect_contains "$(embargo timeline EMB-2026-0001)" "automatic: Auto-Submitted: auto-replied; not answered"
  # the same responder again, and one that does not thread its answer: still nothing sent, no new case
  $VACATION --naive jane@example.net "$SMTP_DIR/0001.eml" | intake >/dev/null
  $VACATION --naive --unthreaded jane@example.net "$SMTP_DIR/0001.eml" >"$SUITE_TMP/away2"
  expect_ok intake <"$SUITE_TMP/away2"
  expect_contains "$OUT" "quarantined"
  expect_contains "$ERR" "automatic mail (Auto-Submitted: auto-replied)"
  expect_contains "$(cat "$EMBARGO_DATA"/quarantine/*.reason)" "no reply sent"
  printf 'From: MAILER-DAEMON@mx.example.net\nReturn-Path: <>\nSubject: Undelivered Mail Returned to Sender\nMessage-ID: <dsn1@mx>\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="r"\n\n--r\nContent-Type: text/plain\n\nnot delivered\n--r--\n' >"$SUITE_TMP/dsn"
  expect_ok intake <"$SUITE_TMP/dsn"
  expect_contains "$OUT" "quarantined"
  report "Exim users <exim-users@lists.exim.org>" l1@x "[exim] digest" | sed 's/^To: .*/List-Id: <exim-users.lists.exim.org>/' >"$SUITE_TMP/l"
  expect_ok intake <"$SUITE_TMP/l"
  expect_contains "$OUT" "quarantined"
  expect_equal "$(smtp_count)" "1" "messages at the SMTP server in the end"
  expect_equal "$(embargo case list --format json | jq length)" "1" "cases"

  TEST "a report signed with the reporter's key: the acknowledgement is encrypted to it and decrypts with gpg"
  printf 'Content-Type: text/plain; charset=utf-8\r\n\r\nThe DKIM verifier reads past the end of a buffer.\r\n' >"$SUITE_TMP/part"
  gpgk "$K/jane" --armor -u jane@example.net --detach-sign -o "$SUITE_TMP/part.asc" "$SUITE_TMP/part"
  { printf 'From: Jane Roe <jane@example.net>\nSubject: DKIM overread\nMessage-ID: <signed@example.net>\nMIME-Version: 1.0\nContent-Type: multipart/signed; micalg=pgp-sha512; protocol="application/pgp-signature"; boundary="s"\n\n--s\r\n'
    cat "$SUITE_TMP/part"; printf '\r\n--s\r\nContent-Type: application/pgp-signature\r\n\r\n'
    cat "$SUITE_TMP/part.asc"; printf '\r\n--s--\r\n'; } >"$SUITE_TMP/m"
  expect_ok intake <"$SUITE_TMP/m"
  expect_equal "$OUT" "new-case EMB-2026-0001 <signed@example.net>"
  expect_equal "$(embargo case show EMB-2026-0001 --format json | jq -r .reporter.key)" "$(fpr_of "$K/jane" jane@example.net)"
  ack="$SMTP_DIR/0001.eml"
  expect_contains "$($MAILTOOL type "$ack")" "multipart/encrypted"
  expect_equal "$($MAILTOOL header "$ack" Auto-Submitted)" "auto-replied"
  expect_not_contains "$(cat "$ack")" "portal/open"
  plain=$(decrypt_ack "$ack" "$K/jane")
  expect_contains "$(cat "$SUITE_TMP/status")" "DECRYPTION_OKAY"
  expect_contains "$(cat "$SUITE_TMP/status")" "GOODSIG"
  expect_contains "$plain" "recorded it as EMB-2026-0001"
  expect_contains "$plain" "https://security.example.org/portal/open?t="

  TEST "a key attached to the report (application/pgp-keys) is taken; a reporter update is encrypted to it"
  { printf 'From: Bob Poe <bob@example.com>\nSubject: auth bypass\nMessage-ID: <bob1@example.com>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nSMTP AUTH accepts an empty password.\n--b\nContent-Type: application/pgp-keys; name="bob.asc"\nContent-Disposition: attachment; filename="bob.asc"\n\n'
    cat "$K/bob.asc"; printf '\n--b--\n'; } >"$SUITE_TMP/m"
  expect_ok intake <"$SUITE_TMP/m"
  expect_equal "$(embargo case show EMB-2026-0001 --format json | jq -r .reporter.key)" "$(fpr_of "$K/bob" bob@example.com)"
  expect_contains "$($MAILTOOL type "$SMTP_DIR/0001.eml")" "multipart/encrypted"
  expect_contains "$(decrypt_ack "$SMTP_DIR/0001.eml" "$K/bob")" "portal/open?t="
  expect_ok embargo notice send EMB-2026-0001 reporter-update --message "A fix is ready for you to test."
  expect_contains "$($MAILTOOL type "$SMTP_DIR/0002.eml")" "multipart/encrypted"
  expect_equal "$($MAILTOOL header "$SMTP_DIR/0002.eml" Auto-Submitted)" "auto-generated"
  expect_contains "$(decrypt_ack "$SMTP_DIR/0002.eml" "$K/bob")" "A fix is ready for you to test."

  TEST "case edit --reporter-key: a good key is used; expired, revoked, sign-only or junk keys are refused by name"
  embargo case new --title "t" --reporter "Bob Poe <bob@example.com>" >/dev/null
  for bad in expired:expired revoked:revoked signonly:"cannot encrypt"; do
    expect_exit 1 embargo case edit EMB-2026-0001 --reporter-key "$K/${bad%%:*}.asc"
    expect_contains "$ERR" "--reporter-key: $K/${bad%%:*}.asc"
    expect_contains "$ERR" "${bad#*:}"
  done
  printf 'hello\n' >"$SUITE_TMP/junk.asc"
  expect_exit 1 embargo case edit EMB-2026-0001 --reporter-key "$SUITE_TMP/junk.asc"
  expect_contains "$ERR" "not an armored OpenPGP public key"
  expect_equal "$(embargo case show EMB-2026-0001 --format json | jq -r .reporter.key)" "null" "key after refusals"
  expect_equal "$(gpgk "$SUITE_TMP/gnupg" --list-keys old@example.com gone@example.com so@example.com 2>/dev/null | grep -c '^pub')" "0" "bad keys imported"
  cp "$K/bob.asc" "$SUITE_TMP/rel.asc"
  cd "$SUITE_TMP" || return
  expect_ok embargo case edit EMB-2026-0001 --reporter-key rel.asc  # relative to the current directory
  cd - >/dev/null || return
  expect_equal "$(embargo case show EMB-2026-0001 --format json | jq -r .reporter.key)" "$(fpr_of "$K/bob" bob@example.com)"
  expect_contains "$(embargo timeline EMB-2026-0001)" "reporter_key="
  expect_ok embargo notice send EMB-2026-0001 reporter-update --message "Thanks, confirmed."
  expect_contains "$(decrypt_ack "$SMTP_DIR/0001.eml" "$K/bob")" "Thanks, confirmed."
  expect_ok embargo case edit EMB-2026-0001 --reporter-key none
  expect_equal "$(embargo case show EMB-2026-0001 --format json | jq -r .reporter.key)" "null" "key forgotten"

  TEST "the reporter pastes their key in the portal: refused when expired, used when good"
  report "Bob Poe <bob@example.com>" p1@example.com >"$SUITE_TMP/m"
  expect_ok intake <"$SUITE_TMP/m"
  $MAILTOOL payload "$SMTP_DIR/0001.eml" 1 >"$SUITE_TMP/ack.txt"
  token=$(sed -n 's|.*/portal/open?t=\([A-Za-z0-9_-]*\).*|\1|p' "$SUITE_TMP/ack.txt" | head -1)
  embargod --data "$EMBARGO_DATA" --listen 127.0.0.1:0 >"$SUITE_TMP/d.out" 2>"$SUITE_TMP/d.err" &
  dpid=$!
  url=$(listening_url "$SUITE_TMP/d.out")
  expect_equal "$(open_private_link "$SUITE_TMP/jar" "$url/portal/open?t=$token")" 303 "link from the mail"
  curl -s -b "$SUITE_TMP/jar" "$url/portal/EMB-2026-0001" >"$SUITE_TMP/portal.html"
  expect_contains "$(cat "$SUITE_TMP/portal.html")" "No key yet: our mail to you is not encrypted."
  csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$SUITE_TMP/portal.html" | head -1)
  code=$(curl -s -b "$SUITE_TMP/jar" -o "$SUITE_TMP/r.html" -w '%{http_code}' --data-urlencode "csrf=$csrf" \
    --data-urlencode "key@$K/expired.asc" "$url/portal/EMB-2026-0001/key")
  expect_equal "$code" 400 "an expired key"
  expect_contains "$(cat "$SUITE_TMP/r.html")" "key: the OpenPGP key"
  expect_contains "$(cat "$SUITE_TMP/r.html")" "expired on"
  code=$(curl -s -b "$SUITE_TMP/jar" -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$csrf" \
    --data-urlencode "key@$K/bob.asc" "$url/portal/EMB-2026-0001/key")
  expect_equal "$code" 303 "a good key"
  kill "$dpid"; wait "$dpid" 2>/dev/null
  expect_equal "$(embargo case show EMB-2026-0001 --format json | jq -r .reporter.key)" "$(fpr_of "$K/bob" bob@example.com)"
  expect_ok embargo notice send EMB-2026-0001 reporter-update --message "Got your key."
  expect_contains "$(decrypt_ack "$SMTP_DIR/0002.eml" "$K/bob")" "Got your key."

  TEST "reporter_encryption = required: no portal link in an acknowledgement that is not encrypted"
  set_config reporter_encryption '"required"'
  report "Carol <carol@example.org>" c1@example.org >"$SUITE_TMP/m"
  expect_ok intake <"$SUITE_TMP/m"
  ack="$SMTP_DIR/0001.eml"
  expect_contains "$($MAILTOOL type "$ack")" "multipart/signed"
  $MAILTOOL payload "$ack" 1 >"$SUITE_TMP/ack.txt"
  expect_not_contains "$(cat "$SUITE_TMP/ack.txt")" "portal/open"
  expect_contains "$(cat "$SUITE_TMP/ack.txt")" "We received your report as EMB-2026-0001; reply to this mail to continue."
  set_config reporter_encryption '"bogus"'
  expect_exit 1 embargo case list
  expect_contains "$ERR" "mail.reporter_encryption 'bogus' is not one of when-possible, required"

  TEST "a report that came encrypted, from a reporter without a known key: no portal link in clear text"
  printf 'The overflow is in smtp_in.c line 1234.\n' | gpgk "$K/jane" --trust-model always --armor -r "$TEAM_FPR" \
    --encrypt >"$SUITE_TMP/inline.asc"
  { printf 'From: Dan <dan@example.org>\nSubject: encrypted\nMessage-ID: <enc@example.org>\n\n'; cat "$SUITE_TMP/inline.asc"; } >"$SUITE_TMP/m"
  expect_ok intake <"$SUITE_TMP/m"
  expect_equal "$OUT" "new-case EMB-2026-0001 <enc@example.org>"
  expect_not_contains "$(cat "$SMTP_DIR/0001.eml")" "portal/open"
  expect_contains "$(cat "$SMTP_DIR/0001.eml")" "reply to this mail to continue"

  TEST "case move rejected --forward: the report goes to bugs_address, the reporter is told, on the timeline"
  set_config bugs_address '"bugs@exim.org"'
  report "Jane Roe <jane@example.net>" f1@example.net "Crash on a config typo" | intake >/dev/null
  expect_ok embargo case move EMB-2026-0001 rejected --why "a local configuration error, not a security issue" --forward
  expect_contains "$OUT" "EMB-2026-0001 is now rejected"
  expect_contains "$OUT" "forwarded to bugs@exim.org: sent"
  expect_contains "$OUT" "reporter told: sent"
  expect_equal "$(smtp_count)" "3" "the ack, the forward and the note"
  expect_equal "$(sed -n 2p "$SMTP_DIR/0002.env")" "bugs@exim.org" "forward recipient"
  expect_equal "$($MAILTOOL header "$SMTP_DIR/0002.eml" Auto-Submitted)" "auto-generated"
  expect_equal "$($MAILTOOL header "$SMTP_DIR/0002.eml" Subject)" "Crash on a config typo"
  $MAILTOOL payload "$SMTP_DIR/0002.eml" 1 >"$SUITE_TMP/fwd.txt"
  expect_contains "$(cat "$SUITE_TMP/fwd.txt")" "The SMTP parser overflows a heap buffer with a long HELO."
  expect_contains "$(cat "$SUITE_TMP/fwd.txt")" "a local configuration error, not a security issue"
  expect_not_contains "$(cat "$SUITE_TMP/fwd.txt")" "jane@example.net" "the forward (the reporter's address)"
  expect_equal "$(sed -n 2p "$SMTP_DIR/0003.env")" "jane@example.net" "note recipient"
  expect_equal "$($MAILTOOL header "$SMTP_DIR/0003.eml" Auto-Submitted)" "auto-generated"
  $MAILTOOL payload "$SMTP_DIR/0003.eml" 1 | tr -d '\r' >"$SUITE_TMP/note.txt"
  expect_contains "$(cat "$SUITE_TMP/note.txt")" "we have forwarded its text to the
project's public bug address, bugs@exim.org,
where it continues in public."
  expect_contains "$(embargo timeline EMB-2026-0001)" "the report went to the public route (bugs@exim.org as <"
  expect_equal "$(embargo case show EMB-2026-0001 --format json | jq -r .state)" "rejected"

  TEST "--forward without bugs_address prints the report for a tracker; without report text nothing changes"
  report "Jane Roe <jane@example.net>" f2@example.net "Crash on a config typo" | intake >/dev/null
  expect_ok embargo case move EMB-2026-0001 rejected --why "not a security issue" --forward
  expect_contains "$OUT" "No mail.bugs_address: paste this into the public tracker"
  expect_contains "$OUT" "The SMTP parser overflows a heap buffer with a long HELO."
  expect_contains "$(embargo timeline EMB-2026-0001)" "printed for the public tracker"
  embargo case new --title "by phone" --reporter "Eve <eve@example.org>" >/dev/null
  expect_exit 1 embargo case move EMB-2026-0002 rejected --why "no" --forward
  expect_contains "$ERR" "--forward: EMB-2026-0002 holds no report text"
  expect_equal "$(embargo case show EMB-2026-0002 --format json | jq -r .state)" "reported" "state after a refused forward"
  expect_exit 2 embargo case move EMB-2026-0002 confirmed --why "x" --forward
}
