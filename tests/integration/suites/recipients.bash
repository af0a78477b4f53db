# Recipients of an embargo and their status per vulnerability (issue 12): the
# CLI, status replies by mail through `embargo intake mail` (signed with GnuPG
# keys made here; from the recorded address with the notice's reference; and
# the refused variants), the planner's warning, and the JSON API and page of
# embargod over real HTTP with who may set whose status.

RCP_MAILTOOL="/usr/bin/python3 $EMBARGO_SOURCE/tests/mail/mailtool.py"

SUITE_recipients_PROBE() {
  /usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || { echo "python3-aiosmtpd is not installed"; return 1; }
  command -v gpg >/dev/null || { echo "gpg is not installed"; return 1; }
  command -v curl >/dev/null || { echo "curl is not installed"; return 1; }
  command -v jq >/dev/null || { echo "jq is not installed"; return 1; }
}

rcp_gpg() { local home=$1; shift; gpg --homedir "$home" --batch --quiet --no-tty "$@"; }
rcp_fpr() { rcp_gpg "$1" --list-keys --with-colons "$2" | awk -F: '/^fpr/ {print $10; exit}'; }
rcp_key() {  # HOME "Name <addr>" PASSPHRASE
  mkdir -p -m 700 "$1"
  printf 's2k-count 65536\n' >>"$1/gpg-agent.conf"  # cheap unlocks, as gpg_keys.bash fast_unlock
  rcp_gpg "$1" --pinentry-mode loopback --passphrase "$3" --quick-gen-key "$2" ed25519 sign never
}
rcp_share() { rcp_gpg "$1" --export --armor "$2" | rcp_gpg "$3" --import 2>/dev/null; }
rcp_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

rcp_setup() {
  K="$SUITE_TMP/keys"
  mkdir -p "$K"
  rcp_key "$K/team" "Example Security Team <security@example.org>" team-pass
  rcp_key "$K/debian" "Debian Security <team@security.debian.org>" ""
  rcp_key "$K/redhat" "Red Hat Product Security <secalert@redhat.com>" ""
  rcp_key "$K/stranger" "Someone <secalert@redhat.com>" ""
  rcp_share "$K/debian" team@security.debian.org "$K/team"
  rcp_share "$K/redhat" secalert@redhat.com "$K/team"
  TEAM_FPR=$(rcp_fpr "$K/team" security@example.org)
  DEB_FPR=$(rcp_fpr "$K/debian" team@security.debian.org)
  RH_FPR=$(rcp_fpr "$K/redhat" secalert@redhat.com)
  SMTP_DIR="$SUITE_TMP/smtp"
  mkdir -p "$SMTP_DIR"
  local port
  port=$(rcp_port)
  /usr/bin/python3 "$EMBARGO_SOURCE/tests/mail/smtp_server.py" "$SMTP_DIR" "$port" 2>"$SMTP_DIR.log" &
  SMTP_PID=$!
  for _ in $(seq 200); do [ -f "$SMTP_DIR/ready" ] && break; sleep 0.05; done
  export EMBARGO_DATA="$SUITE_TMP/sec" EMBARGO_PGP_PASSPHRASE=team-pass EMBARGO_ACTOR=tester
  export EMBARGO_NOW=2026-11-23T10:00:00Z
  embargo init --project Exim >/dev/null
  sed -i "s|^gnupg_home = \"gnupg\"|gnupg_home = \"$K/team\"|;
          s|^signing_key = \"\"|signing_key = \"$TEAM_FPR\"|;
          s|^url = \"smtp://127.0.0.1:25\"|url = \"smtp://127.0.0.1:$port\"|;
          s|^starttls = \"try\"|starttls = \"none\"|" "$EMBARGO_DATA/embargo.toml"
  cat >>"$EMBARGO_DATA/embargo.toml" <<TOML

[[mail.lists]]
name = "distros"
address = "distros@lists.example.net"
policy = "sign"

[[mail.lists.recipients]]
name = "debian"
contacts = ["team@security.debian.org"]
keys = ["$DEB_FPR"]
users = ["deb"]
important = true

[[mail.lists.recipients]]
name = "redhat"
contacts = ["secalert@redhat.com"]
keys = ["$RH_FPR"]
users = ["rh"]

[[mail.lists]]
name = "oss-security"
address = "oss-security@lists.openwall.com"
policy = "clearsign"
TOML
  C=$(embargo case new --title "heap overflow in smtp_in" --reporter "jane@example.net" --impact rce)
  embargo vuln add "$C" --title "overflow in HELO" >/dev/null
  embargo vuln add "$C" --title "overflow in AUTH" >/dev/null
  C2=$(embargo case new --title "not notified to anyone" --reporter "joe@example.net")
  embargo vuln add "$C2" --title "other bug" >/dev/null
  embargo notice send "$C" advance --list distros >/dev/null
  NOTICE_ID=$(embargo mail outbox --format json | jq -r '.[] | select(.list == "distros") | .message_id')
}

rcp_stop() {
  kill "$SMTP_PID" 2>/dev/null
  wait "$SMTP_PID" 2>/dev/null
  for k in team debian redhat stranger; do gpgconf --homedir "$K/$k" --kill gpg-agent 2>/dev/null; done
}

# plain_reply MESSAGE-ID FROM SUBJECT EXTRA-HEADERS BODY
plain_reply() {
  printf 'From: %s\nTo: security@example.org\nSubject: %s\nMessage-ID: <%s>\n%sMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n%s\n' \
    "$2" "$3" "$1" "$4" "$5"
}

# signed_reply HOME MESSAGE-ID FROM SUBJECT BODY: PGP/MIME signed by HOME's key.
signed_reply() {
  # RFC 3156: the signed part in canonical form (CRLF line ends), as the receiver checks it.
  { printf 'Content-Type: text/plain\r\n\r\n'; printf '%s\n' "$5" | sed 's/$/\r/'; } >"$SUITE_TMP/part"
  rcp_gpg "$1" --armor --detach-sign -o "$SUITE_TMP/part.asc" --yes "$SUITE_TMP/part"
  printf 'From: %s\nSubject: %s\nMessage-ID: <%s>\nMIME-Version: 1.0\nContent-Type: multipart/signed; micalg=pgp-sha256; protocol="application/pgp-signature"; boundary="s"\n\n--s\n' "$3" "$4" "$2"
  cat "$SUITE_TMP/part"
  printf '\n--s\nContent-Type: application/pgp-signature\n\n'
  cat "$SUITE_TMP/part.asc"
  printf '\n--s--\n'
}

status_of() {  # RECIPIENT VULN
  embargo recipient list "$C" --format json 2>/dev/null |
    jq -r ".[] | select(.recipient == \"$1\" and .vulnerability == $2) | .status // \"-\""
}

rejections() { embargo timeline "$C" --format json | jq '[.[] | select(.kind == "recipient-status-rejected")] | length'; }

SUITE_recipients() {
  rcp_setup

  TEST "the CLI lists every recipient per vulnerability and sets a status as a timeline entry"
  expect_ok embargo recipient list "$C"
  expect_contains "$OUT" "debian *"
  expect_contains "$OUT" "redhat"
  expect_contains "$OUT" "oss-security"
  expect_ok embargo recipient status "$C" 1 oss-security not-affected --statement "a public list"
  expect_equal "$OUT" "$C oss-security vulnerability 1: not-affected"
  expect_equal "$(status_of oss-security 1)" "not-affected"
  expect_equal "$(status_of oss-security 2)" "-"
  expect_contains "$(embargo timeline "$C")" "oss-security (oss-security): vulnerability 1 not-affected: a public list"
  expect_exit 1 embargo recipient status "$C" 1 suse acknowledged
  expect_contains "$ERR" "recipient: 'suse' is not configured"
  expect_exit 1 embargo recipient status "$C" 1 debian ready
  expect_contains "$ERR" "status: 'ready' is not"
  expect_exit 1 embargo recipient status "$C" 7 debian acknowledged
  expect_contains "$ERR" "has no vulnerability 7"
  expect_exit 1 embargo recipient status "$C" x debian acknowledged
  expect_contains "$ERR" "vulnerability: 'x'"

  TEST "the planner warns when the release is near and an important recipient has not acknowledged"
  embargo case plan "$C" --release 2026-11-24T14:00:00Z >/dev/null 2>"$SUITE_TMP/err"
  ERR=$(cat "$SUITE_TMP/err")
  expect_contains "$ERR" "warning: recipient debian (distros) has not acknowledged vulnerability 1, 2"
  expect_not_contains "$ERR" "recipient redhat" "warnings (redhat is not important)"

  TEST "a reply from the recorded address answering the notice sets the status"
  plain_reply d1@debian.org team@security.debian.org "Re: advance" "In-Reply-To: <$NOTICE_ID>
" "Thanks.

status: acknowledged
statement: we are preparing packages

> status: not-affected (quoted, ignored)" >"$SUITE_TMP/m"
  expect_ok embargo intake mail <"$SUITE_TMP/m"
  expect_contains "$OUT" "reply $C"
  expect_contains "$OUT" "status reply accepted: debian"
  expect_equal "$(status_of debian 1) $(status_of debian 2)" "acknowledged acknowledged"
  expect_contains "$(embargo timeline "$C")" "debian (distros): vulnerability 2 acknowledged: we are preparing packages"
  expect_equal "$(embargo timeline "$C" --format json | jq -r '[.[] | select(.kind == "recipient-status")] | last | .actor')" "mail:debian"
  embargo case plan "$C" --release 2026-11-24T14:00:00Z >/dev/null 2>"$SUITE_TMP/err"
  expect_not_contains "$(cat "$SUITE_TMP/err")" "warning: recipient debian" "warnings once debian answered"

  TEST "a reply signed by the recipient's key sets the status, whatever the address, if the signed text names the case"
  signed_reply "$K/redhat" s0@redhat.com "prodsec@redhat.com" "Re: [$C] advance" "status: packages-ready
vulnerability: 2" >"$SUITE_TMP/m"
  expect_ok embargo intake mail <"$SUITE_TMP/m"
  expect_contains "$OUT" "status reply rejected: not signed by a recipient's key and not from a recipient's address"
  signed_reply "$K/redhat" s1@redhat.com "prodsec@redhat.com" "Re: [$C] advance" "About $C:
status: packages-ready
vulnerability: 2" >"$SUITE_TMP/m"
  expect_ok embargo intake mail <"$SUITE_TMP/m"
  expect_contains "$OUT" "status reply accepted: redhat"
  expect_equal "$(status_of redhat 1) $(status_of redhat 2)" "- packages-ready"

  TEST "refused: the recorded address without the notice's reference, a forged From, another key, a bad keyword"
  before=$(rejections)
  plain_reply x1@x team@security.debian.org "Re: [$C] advance" "" "status: not-affected" >"$SUITE_TMP/m"
  expect_ok embargo intake mail <"$SUITE_TMP/m"
  expect_contains "$OUT" "status reply rejected: from debian's address but not a reply to a notice"
  plain_reply x2@x mallory@evil.example "Re: advance" "In-Reply-To: <$NOTICE_ID>
" "status: not-affected" >"$SUITE_TMP/m"
  expect_ok embargo intake mail <"$SUITE_TMP/m"
  expect_contains "$OUT" "rejected: not signed by a recipient's key and not from a recipient's address"
  signed_reply "$K/stranger" x3@x "secalert@redhat.com" "Re: [$C] advance" "status: not-affected" >"$SUITE_TMP/m"
  expect_ok embargo intake mail <"$SUITE_TMP/m"
  expect_contains "$OUT" "rejected: from redhat's address but not a reply to a notice"
  ackid=$(embargo mail outbox --format json | jq -r '.[] | select(.list == "oss-security") | .message_id' | head -1)
  plain_reply x4@x team@security.debian.org "Re: advance" "In-Reply-To: <$NOTICE_ID>
" "status: maybe" >"$SUITE_TMP/m"
  expect_ok embargo intake mail <"$SUITE_TMP/m"
  expect_contains "$OUT" "rejected: status: 'maybe' is not"
  expect_equal "$(status_of debian 1) $(status_of redhat 1)" "acknowledged -" "statuses after refused replies"
  expect_equal "$(rejections)" "$((before + 4))" "recipient-status-rejected entries"
  # An unsigned part added beside a signed one does not borrow its signature.
  signed_reply "$K/redhat" x6@x "prodsec@redhat.com" "Re: [$C] advance" "Thanks for $C." >"$SUITE_TMP/signed.eml"
  { printf 'From: prodsec@redhat.com\nSubject: Re: [%s] advance\nMessage-ID: <x6b@x>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="outer"\n\n--outer\n' "$C"
    sed -n '/^MIME-Version/,$p' "$SUITE_TMP/signed.eml" | sed 1d
    printf '\n--outer\nContent-Type: text/plain\n\nstatus: not-affected\n--outer--\n'; } >"$SUITE_TMP/m"
  expect_ok embargo intake mail <"$SUITE_TMP/m"
  expect_contains "$OUT" "status reply rejected"
  expect_equal "$(status_of redhat 1)" "-" "redhat after an unsigned part beside a signed one"
  expect_contains "$(embargo timeline "$C")" "status reply refused: not signed by a recipient's key and not from a recipient's address (from mallory@evil.example)"
  plain_reply x5@x team@security.debian.org "Re: advance" "In-Reply-To: <$NOTICE_ID>
" "Thanks, no status here." >"$SUITE_TMP/m"
  expect_ok embargo intake mail <"$SUITE_TMP/m"
  expect_not_contains "$OUT" "status reply"
  expect_equal "$(rejections)" "$((before + 5))" "an ordinary reply is no rejection"

  TEST "API and page: the team sets any status; a recipient only its own; others see nothing"
  unset EMBARGO_NOW
  embargo user add tina --role team >/dev/null
  DEB_PW=$(embargo user add deb --role maintainer | sed -n 's/.*shown this once: //p')
  embargo user add rh --role maintainer >/dev/null
  embargo user add mallory --role maintainer >/dev/null
  embargo user grant "$C" mallory >/dev/null
  T_TEAM=$(embargo user token tina | tail -1)
  T_DEB=$(embargo user token deb | tail -1)
  T_RH=$(embargo user token rh | tail -1)
  T_MAL=$(embargo user token mallory | tail -1)
  embargod --data "$EMBARGO_DATA" --listen 127.0.0.1:0 --access-log "$SUITE_TMP/access.log" \
    >"$SUITE_TMP/server.out" 2>"$SUITE_TMP/server.err" &
  local pid=$! url
  url=$(listening_url "$SUITE_TMP/server.out")
  [ -n "$url" ] || { fail "embargod did not start: $(cat "$SUITE_TMP/server.err")"; rcp_stop; return; }
  api() {  # TOKEN METHOD PATH [BODY] -> status; body in ./body
    curl -s -o body -w '%{http_code}' -H "Authorization: Bearer $1" -X "$2" ${4:+-H 'Content-Type: application/json' --data "$4"} "$url/api/v1/recipients/$3"
  }
  expect_equal "$(api "$T_TEAM" GET "$C")" 200
  expect_equal "$(jq -r '[.recipients[].recipient] | unique | join(",")' body)" "debian,distros,oss-security,redhat"
  expect_equal "$(api "$T_DEB" GET "$C")" 200 "debian reads the notified case"
  expect_equal "$(jq -r '[.recipients[].recipient] | unique | join(",")' body)" "debian" "debian sees its own rows"
  expect_equal "$(api "$T_DEB" GET "$C2")" 404 "debian reads a case not notified to its list"
  expect_equal "$(api "$T_DEB" POST "$C" '{"recipient":"debian","vulnerability":1,"status":"packages-ready","statement":"DSA-1"}')" 200
  expect_equal "$(status_of debian 1)" "packages-ready"
  expect_equal "$(api "$T_DEB" POST "$C" '{"recipient":"redhat","vulnerability":1,"status":"not-affected"}')" 403 "debian sets redhat's status"
  expect_contains "$(cat body)" "only your own recipient"
  expect_equal "$(api "$T_DEB" POST "$C" '{"recipient":"distros","status":"acknowledged"}')" 403 "debian sets its list's status"
  expect_equal "$(api "$T_DEB" POST "$C2" '{"recipient":"debian","status":"acknowledged"}')" 404 "debian on another case"
  expect_equal "$(api "$T_MAL" POST "$C" '{"recipient":"debian","status":"not-affected"}')" 403 "a maintainer with read access"
  expect_equal "$(api "$T_MAL" GET "$C2")" 404 "a maintainer on a case not shared"
  expect_equal "$(api "$T_RH" POST "$C" '{"recipient":"redhat","vulnerability":1,"status":"not-affected"}')" 200 "redhat, signed-reply recipient"
  expect_equal "$(api "$T_TEAM" POST "$C" '{"recipient":"redhat","vulnerability":1,"status":"acknowledged"}')" 200 "the team sets any status"
  expect_equal "$(api "$T_TEAM" POST "$C" '{"recipient":"redhat","vulnerability":"1","status":"acknowledged"}')" 400
  expect_contains "$(cat body)" "vulnerability: must be a positive number"
  expect_equal "$(api "$T_TEAM" POST "$C" '{"recipient":"redhat","status":"fine"}')" 400
  expect_equal "$(api "" GET "$C")" 401
  expect_equal "$(status_of redhat 1) $(status_of debian 2)" "acknowledged acknowledged" "statuses after the API calls"
  expect_equal "$(embargo timeline "$C" --format json | jq -r '[.[] | select(.kind == "recipient-status")] | last | .actor')" "tina"

  TEST "the page: CSRF checked, a recipient may not set another's status, the case page shows who is ready"
  curl -s -c jar -o login.html "$url/login"
  tok=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' login.html | head -1)
  curl -s -c jar -b jar -o /dev/null --data-urlencode "csrf=$tok" -d name=deb --data-urlencode "password=$DEB_PW" "$url/login"
  expect_equal "$(curl -s -o page.html -w '%{http_code}' -b jar "$url/recipients/$C")" 200
  expect_not_contains "$(cat page.html)" "redhat" "debian's page"
  csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' page.html | head -1)
  expect_equal "$(curl -s -o page.html -w '%{http_code}' -b jar -d recipient=debian -d vulnerability=2 -d status=packages-ready "$url/recipients/$C")" 403 "no csrf"
  expect_equal "$(curl -s -o page.html -w '%{http_code}' -b jar --data-urlencode "csrf=$csrf" -d recipient=redhat -d vulnerability=2 -d status=not-affected "$url/recipients/$C")" 403 "another recipient"
  expect_equal "$(curl -s -o page.html -w '%{http_code}' -b jar --data-urlencode "csrf=$csrf" -d recipient=debian -d vulnerability=2 -d status=packages-ready --data-urlencode "statement=<b>DSA-2</b>" "$url/recipients/$C")" 200
  expect_contains "$(cat page.html)" "&lt;b&gt;DSA-2&lt;/b&gt;"
  expect_equal "$(curl -s -o page.html -w '%{http_code}' -b jar "$url/recipients/$C2")" 404
  expect_equal "$(curl -s -o page.html -w '%{http_code}' "$url/recipients/$C")" 303 "nobody"
  expect_equal "$(status_of debian 2)" "packages-ready"
  expect_equal "$(api "$T_TEAM" GET "$C")" 200
  kill -TERM "$pid"
  wait "$pid"
  rcp_stop
}
