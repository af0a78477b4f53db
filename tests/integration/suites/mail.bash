# Mail both ways (issue 6): `embargo intake mail` fed real-shaped messages, and
# notices signed/encrypted with GnuPG keys made here, sent to a real SMTP
# server on 127.0.0.1 (tests/mail/smtp_server.py, python3-aiosmtpd), then
# read back as a recipient would: gpg --decrypt / --verify, headers, body.

MAILTOOL="/usr/bin/python3 $EMBARGO_SOURCE/tests/mail/mailtool.py"

SUITE_mail_PROBE() {
  /usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || { echo "python3-aiosmtpd is not installed"; return 1; }
  command -v gpg >/dev/null || { echo "gpg is not installed"; return 1; }
}

# gpgk, fpr_of, make_key, share_key: tests/integration/lib/gpg_keys.bash
source "$EMBARGO_SOURCE/tests/integration/lib/gpg_keys.bash"

make_keys() {
  K="$SUITE_TMP/keys"
  [ -d "$K" ] && return
  mkdir -p "$K"
  make_key "$K/team" "Example Security Team <security@example.org>" team-pass
  make_key "$K/distros" "distros list <distros@vs.openwall.org>" ""
  make_key "$K/reporter" "Jane Roe <jane@example.net>" ""
  share_key "$K/team" security@example.org "$K/distros"
  share_key "$K/team" security@example.org "$K/reporter"
  share_key "$K/distros" distros@vs.openwall.org "$K/team"
  share_key "$K/reporter" jane@example.net "$K/team"
}

start_smtp() {
  SMTP_DIR="$SUITE_TMP/smtp.$RANDOM"
  mkdir -p "$SMTP_DIR"
  SMTP_PORT=$(free_port)
  /usr/bin/python3 "$EMBARGO_SOURCE/tests/mail/smtp_server.py" "$SMTP_DIR" "$SMTP_PORT" "$@" 2>"$SMTP_DIR.log" &
  SMTP_PID=$!
  for _ in $(seq 200); do [ -f "$SMTP_DIR/ready" ] && break; sleep 0.05; done
}

stop_smtp() {
  if [ -n "${SMTP_PID:-}" ]; then
    kill "$SMTP_PID" 2>/dev/null
    wait "$SMTP_PID" 2>/dev/null
    SMTP_PID=""
  fi
}

smtp_count() { ls "$SMTP_DIR" | grep -c '\.eml$'; }

SUITE_mail_SETUP() {
  make_keys
  stop_smtp
  start_smtp
  TEAM_FPR=$(fpr_of "$K/team" security@example.org)
  DISTROS_FPR=$(fpr_of "$K/distros" distros@vs.openwall.org)
  rm -rf "$SUITE_TMP/sec"
  export EMBARGO_DATA="$SUITE_TMP/sec"
  export EMBARGO_PGP_PASSPHRASE=team-pass
  unset EMBARGO_NOW EMBARGO_FAULT
  embargo init --project Exim >/dev/null
  sed -i "s|^gnupg_home = \"gnupg\"|gnupg_home = \"$K/team\"|;
          s|^signing_key = \"\"|signing_key = \"$TEAM_FPR\"|;
          s|^url = \"smtp://127.0.0.1:25\"|url = \"smtp://127.0.0.1:$SMTP_PORT\"|;
          s|^starttls = \"try\"|starttls = \"none\"|;
          s|^# public_url = .*|public_url = \"https://security.example.org\"|" "$EMBARGO_DATA/embargo.toml"
  cat >>"$EMBARGO_DATA/embargo.toml" <<TOML

[[mail.lists]]
name = "distros"
address = "distros@vs.openwall.org"
policy = "encrypt"
keys = ["$DISTROS_FPR"]
download_user = "distros"

[[mail.lists]]
name = "maintainers"
address = "exim-maintainers@exim.org"
policy = "sign"

[[mail.lists]]
name = "oss-security"
address = "oss-security@lists.openwall.com"
policy = "clearsign"
TOML
}

set_config() { sed -i "s|^$1 = .*|$1 = $2|" "$EMBARGO_DATA/embargo.toml"; }
set_smtp() { sed -i "/^\[smtp\]/,/^\[/ s|^$1 = .*|$1 = $2|" "$EMBARGO_DATA/embargo.toml"; }

plain_report() {  # MESSAGE-ID [SUBJECT] [EXTRA-HEADER]
  printf 'From: Jane Roe <jane@example.net>\nTo: security@example.org\nSubject: %s\nMessage-ID: <%s>\nDate: Mon, 23 Nov 2026 10:00:00 +0000\n%sMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nThe SMTP parser overflows a heap buffer with a long HELO.\n' \
    "${2:-Heap overflow in the SMTP parser}" "$1" "${3:-}"
}

intake() { embargo intake mail "$@"; }

# portal_link_opens TOKEN CASE: embargod on the same data opens the link from
# the acknowledgement on the reporter's case, and refuses a changed token.
portal_link_opens() {
  [ -n "$1" ] || fail "no link token in the acknowledgement"
  embargod --data "$EMBARGO_DATA" --listen 127.0.0.1:0 >"$SUITE_TMP/d.out" 2>"$SUITE_TMP/d.err" &
  local pid=$! url
  url=$(listening_url "$SUITE_TMP/d.out")
  [ -n "$url" ] || fail "embargod did not start: $(cat "$SUITE_TMP/d.err")"
  expect_equal "$(open_private_link "$SUITE_TMP/link.jar" "$url/portal/open?t=$1")" 303 "link from the mail"
  expect_equal "$(curl -s -b "$SUITE_TMP/link.jar" -o "$SUITE_TMP/portal.html" -w '%{http_code}' "$url/portal/$2")" 200
  expect_contains "$(cat "$SUITE_TMP/portal.html")" "$2"
  expect_equal "$(curl -s -o /dev/null -w '%{http_code}' "$url/portal/open?t=${1}x")" 404 "a changed token"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

timeline_json() { embargo timeline "$1" --format json; }

SUITE_mail() {
  TEST "a plain report opens a case, stored before exit 0, and the reporter gets one signed acknowledgement"
  plain_report r1@example.net >"$SUITE_TMP/m"
  expect_ok intake <"$SUITE_TMP/m"
  expect_equal "$OUT" "new-case EMB-2026-0001 <r1@example.net>"
  expect_contains "$(embargo case show EMB-2026-0001)" "Heap overflow in the SMTP parser"
  expect_contains "$(embargo case show EMB-2026-0001)" "jane@example.net"
  expect_contains "$(embargo timeline EMB-2026-0001)" "overflows a heap buffer"
  expect_equal "$(smtp_count)" "1" "messages at the SMTP server"
  ack="$SMTP_DIR/0001.eml"
  expect_equal "$(sed -n 2p "$SMTP_DIR/0001.env")" "jane@example.net" "ack recipient"
  expect_equal "$(sed -n 3p "$SMTP_DIR/0001.env")" "security@example.org" "receipt copy recipient"
  expect_contains "$($MAILTOOL header "$ack" Subject)" "[EMB-2026-0001] Received"
  expect_contains "$($MAILTOOL header "$ack" In-Reply-To)" "<r1@example.net>"
  expect_contains "$($MAILTOOL type "$ack")" "multipart/signed"
  $MAILTOOL rawpart "$ack" 1 >"$SUITE_TMP/signed"
  $MAILTOOL payload "$ack" 2 >"$SUITE_TMP/sig.asc"
  expect_contains "$(gpgk "$K/reporter" --status-fd 1 --verify "$SUITE_TMP/sig.asc" "$SUITE_TMP/signed" 2>/dev/null)" "GOODSIG"
  expect_contains "$(cat "$SUITE_TMP/signed")" "https://security.example.org/portal/open?t="
  $MAILTOOL payload "$ack" 1 >"$SUITE_TMP/ack.txt"  # decoded (the part may be quoted-printable)
  portal_link_opens "$(sed -n 's|.*/portal/open?t=\([A-Za-z0-9_-]*\).*|\1|p' "$SUITE_TMP/ack.txt" | head -1)" EMB-2026-0001
  expect_contains "$(embargo mail outbox)" "sent"
  expect_ok intake <"$SUITE_TMP/m"
  expect_equal "$OUT" "duplicate EMB-2026-0001 <r1@example.net>"
  expect_equal "$(timeline_json EMB-2026-0001 | jq '[.[] | select(.kind=="mail-received")] | length')" "1" "mail entries"
  expect_equal "$(smtp_count)" "1" "one acknowledgement per thread"

  TEST "replies thread by In-Reply-To, References and the [case id] in the subject"
  plain_report r1@example.net | intake >/dev/null
  plain_report r2@example.net "Re: more details" "In-Reply-To: <r1@example.net>
" | intake >/dev/null
  ackid=$(embargo mail outbox --format json | jq -r '.[0].message_id')
  plain_report r3@example.net "Re: Received" "References: <nothing@x> <$ackid>
" >"$SUITE_TMP/m"
  expect_ok intake <"$SUITE_TMP/m"
  expect_equal "$OUT" "reply EMB-2026-0001 <r3@example.net>"
  plain_report r4@example.net "New address [EMB-2026-0001] patch" >"$SUITE_TMP/m"
  expect_ok intake <"$SUITE_TMP/m"
  expect_equal "$OUT" "reply EMB-2026-0001 <r4@example.net>"
  expect_equal "$(timeline_json EMB-2026-0001 | jq '[.[] | select(.kind=="mail-received")] | length')" "4" "mail entries"
  plain_report r5@example.net "Another bug [EMB-2026-0099]" >"$SUITE_TMP/m"
  expect_ok intake <"$SUITE_TMP/m"
  expect_equal "$OUT" "new-case EMB-2026-0002 <r5@example.net>"

  TEST "each project's address: --project opens its cases with its ids, the ack names them, replies thread across"
  cat >>"$EMBARGO_DATA/embargo.toml" <<'TOML'

[[projects]]
name = "other"
display_name = "Other"
case_prefix = "OTH"
TOML
  plain_report o1@example.net "Crash in other" | intake >/dev/null
  plain_report o2@example.net "Crash in other's parser" >"$SUITE_TMP/m"
  expect_ok intake --project other <"$SUITE_TMP/m"
  expect_equal "$OUT" "new-case OTH-2026-0001 <o2@example.net>"
  expect_contains "$(embargo timeline OTH-2026-0001)" "case of project other (Other)"
  expect_contains "$(embargo project list)" "other            OTH      Other (1 cases"
  expect_contains "$($MAILTOOL header "$SMTP_DIR/0002.eml" Subject)" "[OTH-2026-0001] Received"
  plain_report o3@example.net "Re: [OTH-2026-0001] Received" | intake >/dev/null
  expect_equal "$(timeline_json OTH-2026-0001 | jq '[.[] | select(.kind=="mail-received")] | length')" "2" "reply by tag at the server's address"
  plain_report o4@example.net "Re: more" "In-Reply-To: <o1@example.net>
" >"$SUITE_TMP/m"
  expect_ok intake --project other <"$SUITE_TMP/m"
  expect_equal "$OUT" "reply EMB-2026-0001 <o4@example.net>"
  plain_report o5@example.net "Re: [OTH-2026-0009] unknown case" >"$SUITE_TMP/m"
  expect_ok intake --project other <"$SUITE_TMP/m"
  expect_equal "$OUT" "new-case OTH-2026-0002 <o5@example.net>"
  plain_report o6@example.net "Re: [XYZ-2026-0001] unknown prefix" | intake >/dev/null
  expect_contains "$(embargo case list)" "EMB-2026-0002"
  plain_report o7@example.net "to nowhere" >"$SUITE_TMP/m"
  expect_exit 75 intake --project sendmail <"$SUITE_TMP/m"
  expect_contains "$ERR" "project 'sendmail' is not in [[projects]]"
  mkdir -p "$SUITE_TMP/spool" && cp "$SUITE_TMP/m" "$SUITE_TMP/spool/m1"
  expect_ok intake --project other --batch "$SUITE_TMP/spool"
  expect_contains "$OUT" "m1 new-case OTH-2026-0003"

  TEST "a multipart report keeps its attachment in files/"
  cat >"$SUITE_TMP/m" <<'EOF'
From: jane@example.net
To: security@example.org
Subject: PoC attached
Message-ID: <att@example.net>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Gr=FC=DFe, the PoC is attached.
--b1
Content-Type: text/x-python; name="poc.py"
Content-Disposition: attachment; filename="poc.py"
Content-Transfer-Encoding: base64

cHJpbnQoIkVITE8gIiArICJBIiAqIDEwMDAwMCk=
--b1--
EOF
  expect_ok intake <"$SUITE_TMP/m"
  data=$(timeline_json EMB-2026-0001 | jq -c '.[] | select(.kind=="mail-received") | .data')
  expect_contains "$data" '"name":"poc.py"'
  sha=$(echo "$data" | jq -r '.attachments[0].sha256')
  expect_equal "$(cat "$EMBARGO_DATA/files/${sha:0:2}/$sha")" 'print("EHLO " + "A" * 100000)' "stored attachment"
  expect_contains "$(embargo timeline EMB-2026-0001)" "Grüße, the PoC is attached."

  TEST "a PGP/MIME report is decrypted with the team key and its signature verified"
  printf 'Content-Type: multipart/mixed; boundary="in"\r\n\r\n--in\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSecret: the overflow is in smtp_in.c line 1234.\r\n--in\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="crash.txt"\r\n\r\nSIGSEGV\r\n--in--\r\n' >"$SUITE_TMP/entity"
  gpgk "$K/reporter" --trust-model always --armor -u jane@example.net -r "$TEAM_FPR" --sign --encrypt \
    -o "$SUITE_TMP/entity.asc" "$SUITE_TMP/entity"
  { printf 'From: Jane Roe <jane@example.net>\nTo: security@example.org\nSubject: encrypted report\nMessage-ID: <enc@example.net>\nMIME-Version: 1.0\nContent-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="e"\n\n--e\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n\n--e\nContent-Type: application/octet-stream\n\n'
    cat "$SUITE_TMP/entity.asc"; printf '\n--e--\n'; } >"$SUITE_TMP/m"
  expect_ok intake <"$SUITE_TMP/m"
  expect_equal "$OUT" "new-case EMB-2026-0001 <enc@example.net>"
  data=$(timeline_json EMB-2026-0001 | jq -c '.[] | select(.kind=="mail-received") | .data')
  expect_equal "$(echo "$data" | jq -r '.encrypted, .signature')" "true
good" "encrypted, signature"
  expect_contains "$data" '"name":"crash.txt"'
  expect_contains "$(embargo timeline EMB-2026-0001)" "the overflow is in smtp_in.c line 1234"

  TEST "an inline PGP report is decrypted; a forged PGP/MIME signature is recorded as bad"
  printf 'inline secret: use after free in the DKIM verifier\n' | gpgk "$K/reporter" --trust-model always --armor \
    -u jane@example.net -r "$TEAM_FPR" --sign --encrypt >"$SUITE_TMP/inline.asc"
  { printf 'From: jane@example.net\nSubject: inline\nMessage-ID: <inl@example.net>\n\n'; cat "$SUITE_TMP/inline.asc"; } \
    >"$SUITE_TMP/m"
  expect_ok intake <"$SUITE_TMP/m"
  expect_contains "$(embargo timeline EMB-2026-0001)" "use after free in the DKIM verifier"
  printf 'Content-Type: text/plain\r\n\r\nsigned text' >"$SUITE_TMP/part"
  gpgk "$K/reporter" --armor -u jane@example.net --detach-sign -o "$SUITE_TMP/part.asc" "$SUITE_TMP/part"
  { printf 'From: jane@example.net\nSubject: signed\nMessage-ID: <sig@example.net>\nMIME-Version: 1.0\nContent-Type: multipart/signed; micalg=pgp-sha256; protocol="application/pgp-signature"; boundary="s"\n\n--s\n'
    printf 'Content-Type: text/plain\n\nsigned text, changed\n--s\nContent-Type: application/pgp-signature\n\n'
    cat "$SUITE_TMP/part.asc"; printf '\n--s--\n'; } >"$SUITE_TMP/m"
  expect_ok intake <"$SUITE_TMP/m"
  expect_equal "$(timeline_json EMB-2026-0002 | jq -r '.[] | select(.kind=="mail-received") | .data.signature')" "bad"
  { printf 'From: jane@example.net\nSubject: signed\nMessage-ID: <sig2@example.net>\nMIME-Version: 1.0\nContent-Type: multipart/signed; micalg=pgp-sha256; protocol="application/pgp-signature"; boundary="s"\n\n--s\n'
    printf 'Content-Type: text/plain\n\nsigned text\n--s\nContent-Type: application/pgp-signature\n\n'
    cat "$SUITE_TMP/part.asc"; printf '\n--s--\n'; } >"$SUITE_TMP/m"
  expect_ok intake <"$SUITE_TMP/m"
  expect_equal "$(timeline_json EMB-2026-0003 | jq -r '.[] | select(.kind=="mail-received") | .data.signature')" "good"

  TEST "broken MIME, a message without From and an undecryptable one are quarantined with the reason"
  printf 'From: jane@example.net\nSubject: broken\nMessage-ID: <b1@x>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="missing"\n\nno parts here\n' >"$SUITE_TMP/m"
  expect_ok intake <"$SUITE_TMP/m"
  expect_contains "$OUT" "quarantined"
  expect_contains "$ERR" "without parts"
  printf 'Subject: nobody\n\nbody\n' | intake >/dev/null 2>&1
  printf 'From: jane@example.net\nSubject: junk\n\n-----BEGIN PGP MESSAGE-----\n\nnot really\n-----END PGP MESSAGE-----\n' | intake >/dev/null 2>&1
  expect_equal "$(ls "$EMBARGO_DATA/quarantine" | grep -c '\.eml$')" "3" "quarantined messages"
  expect_contains "$(cat "$EMBARGO_DATA"/quarantine/*.reason)" "no From address"
  expect_contains "$(cat "$EMBARGO_DATA"/quarantine/*.reason)" "cannot open the OpenPGP message"
  kept=0
  for f in "$EMBARGO_DATA"/quarantine/*.eml; do cmp -s "$SUITE_TMP/m" "$f" && kept=1; done
  expect_equal "$kept" "1" "kept as received"
  expect_equal "$(embargo case list --format json | jq length)" "0" "cases"

  TEST "a 20 MB report is stored whole; over mail.max_message_bytes it is refused with 65"
  { printf 'From: jane@example.net\nSubject: big core dump\nMessage-ID: <big@x>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="z"\n\n--z\nContent-Type: text/plain\n\nsee the core\n--z\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename="core"\nContent-Transfer-Encoding: base64\n\n'
    head -c 15000000 /dev/urandom | tee "$SUITE_TMP/core" | base64 -w 76; printf -- '--z--\n'; } >"$SUITE_TMP/m"
  expect_equal "$(( $(stat -c %s "$SUITE_TMP/m") > 20000000 ))" "1" "message over 20 MB"
  expect_ok intake <"$SUITE_TMP/m"
  sha=$(timeline_json EMB-2026-0001 | jq -r '.[] | select(.kind=="mail-received") | .data.attachments[0].sha256')
  expect_equal "$sha" "$(sha256sum <"$SUITE_TMP/core" | cut -d' ' -f1)" "attachment hash"
  set_config max_message_bytes 1000000
  expect_exit 65 intake <"$SUITE_TMP/m"
  expect_contains "$ERR" "over the limit"

  TEST "over the per-sender hourly limit, or with the store busy or broken, intake exits 75 and stores nothing"
  set_config max_per_sender_per_hour 2
  plain_report l1@x | intake >/dev/null
  plain_report l2@x "second" | intake >/dev/null
  plain_report l3@x "third" >"$SUITE_TMP/m"
  expect_exit 75 intake <"$SUITE_TMP/m"
  expect_contains "$ERR" "max_per_sender_per_hour"
  set_config busy_timeout_ms 100
  (echo "BEGIN IMMEDIATE;"; sleep 3; echo "COMMIT;") | sqlite3 "$EMBARGO_DATA/embargo.db" &
  locker=$!
  sleep 0.5
  plain_report other@x "from someone else" | sed 's/jane@example.net/joe@example.com/' >"$SUITE_TMP/m"
  expect_exit 75 intake <"$SUITE_TMP/m"
  wait $locker
  expect_ok intake <"$SUITE_TMP/m"
  expect_contains "$OUT" "new-case"
  printf 'garbage' >"$EMBARGO_DATA/embargo.db"
  rm -f "$EMBARGO_DATA/embargo.db-wal" "$EMBARGO_DATA/embargo.db-shm"
  expect_exit 75 intake <"$SUITE_TMP/m"

  TEST "an advance notice to an encrypting list: vague while no fix exists, decrypts and verifies with gpg"
  embargo case new --title "heap overflow in smtp_in" --reporter "Jane Roe <jane@example.net>" \
    --reporter-credit "Jane Roe" --impact rce >/dev/null
  # The distros list wants a public date and time in every notice (issue 23).
  expect_exit 1 embargo notice preview EMB-2026-0001 advance --list distros
  expect_contains "$ERR" "plan the case first"
  embargo case plan EMB-2026-0001 >/dev/null || fail "case plan"
  expect_ok embargo notice preview EMB-2026-0001 advance --list distros
  expect_contains "$OUT" "We have a security flaw in Exim. Impact is remote code execution"
  expect_contains "$OUT" "<-- NOW"
  expect_contains "$OUT" "X-Embargo-Protection: encrypt to $DISTROS_FPR"
  expect_not_contains "$OUT" "heap overflow in smtp_in"
  expect_ok embargo notice send EMB-2026-0001 advance --list distros
  expect_contains "$OUT" "sent <"
  msg="$SMTP_DIR/0001.eml"
  expect_equal "$(sed -n 2,3p "$SMTP_DIR/0001.env" | tr '\n' ' ')" "distros@vs.openwall.org security@example.org " "envelope"
  expect_contains "$($MAILTOOL type "$msg")" "multipart/encrypted"
  expect_contains "$($MAILTOOL type "$msg")" 'protocol="application/pgp-encrypted"'
  expect_equal "$($MAILTOOL payload "$msg" 1 | tr -d '\r')" "Version: 1" "control part"
  $MAILTOOL payload "$msg" 2 >"$SUITE_TMP/c.asc"
  expect_not_contains "$(cat "$msg")" "security flaw"
  gpgk "$K/distros" --status-fd 3 --decrypt "$SUITE_TMP/c.asc" 3>"$SUITE_TMP/status" >"$SUITE_TMP/plain" 2>/dev/null
  expect_contains "$(cat "$SUITE_TMP/status")" "GOODSIG"
  expect_contains "$(cat "$SUITE_TMP/status")" "DECRYPTION_OKAY"
  expect_contains "$(cat "$SUITE_TMP/plain")" "Content-Type: text/plain; charset=utf-8"
  expect_contains "$(cat "$SUITE_TMP/plain")" "We have a security flaw in Exim"
  id=$($MAILTOOL header "$msg" Message-ID | tr -d '<>')
  expect_contains "$(embargo timeline EMB-2026-0001)" "Sent advance to distros (distros@vs.openwall.org) as <$id>"
  expect_exit 1 embargo notice send EMB-2026-0001 advance --list distros
  expect_contains "$ERR" "already sent"
  expect_equal "$(smtp_count)" "1" "messages at the SMTP server"

  TEST "sign-only lists get RFC 3156 multipart/signed, public lists clearsigned text; credit and the timeline"
  embargo case new --title "heap overflow in smtp_in" --reporter "Jane Roe <jane@example.net>" \
    --reporter-credit "Jane Roe (Example Lab)" --impact rce >/dev/null
  embargo vuln add EMB-2026-0001 --title "heap overflow" --id CVE-2026-1234 --affected ">=4.92,<4.99.1" \
    --fixed ">=4.99.1" --mitigation "set smtp_max_line_length" >/dev/null
  expect_ok embargo notice preview EMB-2026-0001 release --list maintainers
  expect_not_contains "$OUT" "Credits:" "a release notice before the reporter accepted the credit"
  embargo credit accept EMB-2026-0001 >/dev/null
  expect_ok embargo notice send EMB-2026-0001 release --list maintainers
  msg="$SMTP_DIR/0001.eml"
  expect_contains "$($MAILTOOL type "$msg")" "multipart/signed"
  expect_contains "$($MAILTOOL type "$msg")" 'micalg="pgp-sha256"'
  $MAILTOOL rawpart "$msg" 1 >"$SUITE_TMP/signed"
  $MAILTOOL payload "$msg" 2 >"$SUITE_TMP/sig.asc"
  expect_contains "$(gpgk "$K/distros" --status-fd 1 --verify "$SUITE_TMP/sig.asc" "$SUITE_TMP/signed" 2>/dev/null)" "GOODSIG"
  expect_contains "$(cat "$SUITE_TMP/signed")" "CVE-2026-1234"
  expect_contains "$(cat "$SUITE_TMP/signed")" "Credits:    Jane Roe (Example Lab)"
  expect_contains "$(cat "$SUITE_TMP/signed")" "Mitigation: set smtp_max_line_length"
  expect_contains "$($MAILTOOL header "$msg" Subject)" "Exim 4.99.1: security update released (CVE-2026-1234)"
  expect_ok embargo notice send EMB-2026-0001 heads-up --list oss-security
  msg="$SMTP_DIR/0002.eml"
  expect_contains "$($MAILTOOL type "$msg")" "text/plain"
  $MAILTOOL payload "$msg" 0 >"$SUITE_TMP/clear"
  expect_contains "$(cat "$SUITE_TMP/clear")" "BEGIN PGP SIGNED MESSAGE"
  expect_contains "$(gpgk "$K/distros" --status-fd 1 --verify "$SUITE_TMP/clear" 2>/dev/null)" "GOODSIG"
  expect_contains "$(cat "$SUITE_TMP/clear")" "embargo is still in effect"
  expect_contains "$(cat "$SUITE_TMP/clear")" "<-- NOW"
  printf 'Xk3-distros-pw\n' >"$SUITE_TMP/pw"
  chmod 644 "$SUITE_TMP/pw"
  expect_exit 1 embargo notice preview EMB-2026-0001 fix --list distros --download-password-file "$SUITE_TMP/pw"
  expect_contains "$ERR" "must not be readable by others"
  chmod 600 "$SUITE_TMP/pw"
  expect_exit 1 embargo notice preview EMB-2026-0001 fix --list distros --download-password-file "$SUITE_TMP/pw"
  expect_contains "$ERR" "has no live download usercode 'distros' (make one with \`embargo usercode new EMB-2026-0001 --list distros\`)"
  embargo usercode new EMB-2026-0001 --list distros >/dev/null
  cd "$SUITE_TMP" || fail "cd"
  expect_ok embargo notice preview EMB-2026-0001 fix --list distros --download-password-file pw
  cd - >/dev/null || fail "cd -"
  expect_contains "$OUT" "with the usercode distros and the password
Xk3-distros-pw (for distros only)"
  expect_contains "$OUT" "https://security.example.org/embargo/EMB-2026-0001/"
  expect_contains "$OUT" "Fixed in:   >=4.99.1"
  embargo case edit EMB-2026-0001 --reporter-credit "" --anonymous >/dev/null
  expect_ok embargo notice preview EMB-2026-0001 release --list maintainers
  expect_not_contains "$OUT" "Credits:"

  TEST "a crash after the SMTP server took the notice: no second copy, the returning copy completes it"
  embargo case new --title "t" --reporter "jane@example.net" --impact dos >/dev/null
  embargo case plan EMB-2026-0001 >/dev/null || fail "case plan"
  EMBARGO_FAULT=after-send embargo notice send EMB-2026-0001 advance --list distros >/dev/null 2>&1
  expect_equal "$?" "99" "crash exit"
  expect_equal "$(smtp_count)" "1" "copies sent"
  expect_equal "$(embargo mail outbox --format json | jq -r '.[0].state')" "sending"
  expect_ok embargo mail flush
  expect_contains "$OUT" "waiting"
  expect_exit 1 embargo notice send EMB-2026-0001 advance --list distros
  expect_contains "$OUT" "waiting"
  expect_equal "$(smtp_count)" "1" "copies sent after a rerun"
  expect_ok intake <"$SMTP_DIR/0001.eml"
  expect_contains "$OUT" "receipt"
  expect_equal "$(embargo mail outbox --format json | jq -r '.[0].state, .[0].receipt')" "sent
true"
  expect_ok embargo mail flush
  expect_equal "$(smtp_count)" "1" "copies sent after flush"
  expect_equal "$(timeline_json EMB-2026-0001 | jq '[.[] | select(.kind=="mail-sent")] | length')" "1" "mail-sent entries"
  expect_equal "$(embargo case list --format json | jq length)" "1" "the receipt opened no case"

  TEST "a crash before sending, or the server down: sent once on the next flush, same Message-ID"
  embargo case new --title "t" --reporter "jane@example.net" --impact dos >/dev/null
  set_config receipt_grace_seconds 0
  EMBARGO_FAULT=before-send embargo notice send EMB-2026-0001 heads-up --list oss-security >/dev/null 2>&1
  expect_equal "$(smtp_count)" "0" "copies sent"
  id=$(embargo mail outbox --format json | jq -r '.[0].message_id')
  expect_ok embargo mail flush
  expect_contains "$OUT" "sent <$id>"
  expect_equal "$(smtp_count)" "1" "copies sent"
  expect_equal "$($MAILTOOL header "$SMTP_DIR/0001.eml" Message-ID)" "<$id>"
  stop_smtp
  expect_exit 1 embargo notice send EMB-2026-0001 reporter-update --message "We have a fix."
  expect_contains "$OUT" "retry"
  expect_equal "$(embargo mail outbox --format json | jq -r '.[1].state')" "pending"
  start_smtp
  set_smtp url "\"smtp://127.0.0.1:$SMTP_PORT\""
  expect_ok embargo mail flush
  expect_contains "$OUT" "sent"
  expect_equal "$(smtp_count)" "1" "copies sent"
  $MAILTOOL rawpart "$SMTP_DIR/0001.eml" 1 >"$SUITE_TMP/signed"
  expect_contains "$(cat "$SUITE_TMP/signed")" "We have a fix."

  TEST "SMTP AUTH with the password from EMBARGO_SMTP_PASSWORD; a wrong one leaves the notice queued"
  stop_smtp
  start_smtp --user team --password s3cret
  set_smtp url "\"smtp://127.0.0.1:$SMTP_PORT\""
  set_smtp user '"team"'
  embargo case new --title "t" --reporter "jane@example.net" >/dev/null
  EMBARGO_SMTP_PASSWORD=wrong embargo notice send EMB-2026-0001 advance --list maintainers >"$SUITE_TMP/o" 2>&1
  expect_contains "$(cat "$SUITE_TMP/o")" "retry"
  expect_not_contains "$(cat "$SUITE_TMP/o")" "wrong"
  expect_equal "$(smtp_count)" "0" "copies sent"
  EMBARGO_SMTP_PASSWORD=s3cret expect_ok embargo mail flush
  expect_equal "$(smtp_count)" "1" "copies sent"
  expect_not_contains "$(sqlite3 "$EMBARGO_DATA/embargo.db" .dump)" "s3cret"
  expect_not_contains "$(sqlite3 "$EMBARGO_DATA/embargo.db" .dump)" "team-pass"

  stop_smtp
  gpgconf --homedir "$K/team" --kill gpg-agent 2>/dev/null
  gpgconf --homedir "$K/distros" --kill gpg-agent 2>/dev/null
  gpgconf --homedir "$K/reporter" --kill gpg-agent 2>/dev/null
}
