# The files a case received by mail (issue 24, finding 11): reporters'
# attachments and the decrypted text of encrypted reports, fed through
# `embargo intake mail`, given back by `embargo case files|file` and by
# /cases/ID/mailfiles/NAME to the case's team and the maintainers it is shared
# with, as downloads no browser renders; everyone else gets 404.

# The mail suite's setup (team key, SMTP server) and helpers; the web suite's
# start_web, st, login, password_in.
source "$EMBARGO_SOURCE/tests/integration/suites/mail.bash"
source "$EMBARGO_SOURCE/tests/integration/suites/web.bash"

SUITE_case_files_PROBE() { SUITE_mail_PROBE && SUITE_web_PROBE; }

SUITE_case_files_SETUP() { SUITE_mail_SETUP; }

# An encrypted report with crash.txt (case EMB-2026-0001), then a plain reply
# with poc.py and an attachment whose name tries to climb out and hide (the
# MIME parser keeps only its last path component, ".my poc<1>.html").
feed_reports() {
  printf 'Content-Type: multipart/mixed; boundary="in"\r\n\r\n--in\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSecret: the overflow is in smtp_in.c line 1234.\r\n--in\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="crash.txt"\r\n\r\nSIGSEGV\r\n--in--\r\n' >"$SUITE_TMP/entity"
  gpgk "$K/reporter" --trust-model always --armor -u jane@example.net -r "$TEAM_FPR" --sign --encrypt \
    -o "$SUITE_TMP/entity.asc" --yes "$SUITE_TMP/entity"
  { printf 'From: Jane Roe <jane@example.net>\nTo: security@example.org\nSubject: encrypted report\nMessage-ID: <enc@example.net>\nMIME-Version: 1.0\nContent-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="e"\n\n--e\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n\n--e\nContent-Type: application/octet-stream\n\n'
    cat "$SUITE_TMP/entity.asc"; printf '\n--e--\n'; } | embargo intake mail >/dev/null
  cat <<'MAIL' | embargo intake mail >/dev/null
From: jane@example.net
To: security@example.org
Subject: Re: [EMB-2026-0001] the PoC
Message-ID: <poc@example.net>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain

The PoC is attached.
--b1
Content-Type: text/x-python; name="poc.py"
Content-Disposition: attachment; filename="poc.py"
Content-Transfer-Encoding: base64

cHJpbnQoIkVITE8gIiArICJBIiAqIDEwMDAwMCk=
--b1
Content-Type: text/html
Content-Disposition: attachment; filename="../../.my poc<1>.html"

<script>alert(1)</script>
--b1--
MAIL
}

SUITE_case_files() {
  TEST "embargo case files lists attachments and the decrypted text with size, sha256, kind and mail"
  feed_reports
  expect_ok embargo case files EMB-2026-0001 --format json
  files=$OUT
  POC=$(echo "$files" | jq -r '.[] | select(.original_name=="poc.py") | .name')
  CLIMB=$(echo "$files" | jq -r '.[] | select(.original_name==".my poc<1>.html") | .name')
  expect_equal "$(echo "$files" | jq -r '.[].name' | tr '\n' ' ')" "2-crash.txt 2-text.txt $POC $CLIMB " "names"
  case "$POC" in [0-9]*-poc.py) ;; *) fail "poc.py's name: $POC" ;; esac
  case "$CLIMB" in [0-9]*-my_poc_1_.html) ;; *) fail "the climbing name: '$CLIMB'" ;; esac
  expect_equal "$(echo "$files" | jq -r '.[] | select(.name=="2-crash.txt") | .kind, .size, .message_id, .original_name')" \
    "attachment
7
enc@example.net
crash.txt"
  expect_equal "$(echo "$files" | jq -r '.[] | select(.name=="2-text.txt") | .kind')" "text"
  expect_ok embargo case files EMB-2026-0001
  expect_contains "$OUT" "2-crash.txt"
  expect_contains "$OUT" "<poc@example.net>"
  expect_exit 1 embargo case files EMB-2026-0099
  expect_ok embargo case files "$(embargo case new --title t --reporter r@example.org)"
  expect_contains "$OUT" "has no files from mail"

  TEST "embargo case file writes one file, checked by sha256; never over an existing file; unknown names refused"
  feed_reports
  expect_ok embargo case file EMB-2026-0001 2-crash.txt --out "$SUITE_TMP/crash.out"
  expect_equal "$(cat "$SUITE_TMP/crash.out")" "SIGSEGV"
  expect_equal "$(stat -c %a "$SUITE_TMP/crash.out")" "600" "mode"
  expect_ok embargo case file EMB-2026-0001 2-text.txt --out "$SUITE_TMP/text.out"
  expect_contains "$(cat "$SUITE_TMP/text.out")" "Secret: the overflow is in smtp_in.c line 1234."
  expect_equal "$(sha256sum <"$SUITE_TMP/text.out" | cut -d' ' -f1)" \
    "$(embargo case files EMB-2026-0001 --format json | jq -r '.[] | select(.name=="2-text.txt") | .sha256')" "sha256"
  POC=$(embargo case files EMB-2026-0001 --format json | jq -r '.[] | select(.original_name=="poc.py") | .name')
  expect_equal "$(embargo case file EMB-2026-0001 "$POC" --out -)" 'print("EHLO " + "A" * 100000)'
  expect_exit 1 embargo case file EMB-2026-0001 2-crash.txt --out "$SUITE_TMP/crash.out"
  expect_contains "$ERR" "exists"
  expect_exit 1 embargo case file EMB-2026-0001 ../../embargo.toml --out "$SUITE_TMP/x"
  expect_contains "$ERR" "no file from mail named"
  expect_exit 1 embargo case file EMB-2026-0001 crash.txt --out "$SUITE_TMP/x"
  expect_exit 2 embargo case file EMB-2026-0001 2-crash.txt
  sha=$(embargo case files EMB-2026-0001 --format json | jq -r '.[] | select(.name=="2-crash.txt") | .sha256')
  chmod u+w "$EMBARGO_DATA/files/${sha:0:2}/$sha" 2>/dev/null
  printf 'SIGSEGX' >"$EMBARGO_DATA/files/${sha:0:2}/$sha"
  expect_exit 1 embargo case file EMB-2026-0001 2-crash.txt --out "$SUITE_TMP/bad.out"
  expect_contains "$ERR" "do not match sha256"

  TEST "/cases/ID/mailfiles/NAME: the case's team and a maintainer it is shared with download, as attachments"
  feed_reports
  web_people
  F="$URL/cases/EMB-2026-0001/mailfiles"
  expect_equal "$(st -b tj "$URL/cases/EMB-2026-0001")" "200"
  expect_contains "$(cat body)" "href=\"/cases/EMB-2026-0001/mailfiles/2-crash.txt\""
  CLIMB=$(embargo case files EMB-2026-0001 --format json | jq -r '.[] | select(.original_name==".my poc<1>.html") | .name')
  expect_contains "$(cat body)" "href=\"/cases/EMB-2026-0001/mailfiles/$CLIMB\""
  expect_contains "$(cat body)" ".my poc&lt;1&gt;.html" "the name as sent, escaped"
  expect_not_contains "$(cat body)" "<script>alert" "the case page"
  expect_equal "$(st -b mj "$URL/cases/EMB-2026-0001")" "200"
  expect_contains "$(cat body)" "href=\"/cases/EMB-2026-0001/mailfiles/2-crash.txt\"" "the shared maintainer's case page"
  for who in tj mj; do
    expect_equal "$(st -b "$who" "$F/2-crash.txt")" "200" "crash.txt for $who"
    expect_equal "$(cat body)" "SIGSEGV"
    expect_contains "$(tr -d '\r' <headers)" 'Content-Disposition: attachment; filename="2-crash.txt"'
    expect_contains "$(tr -d '\r' <headers)" "X-Content-Type-Options: nosniff"
    expect_contains "$(tr -d '\r' <headers)" "Content-Security-Policy: default-src 'none'; sandbox"
    expect_contains "$(tr -d '\r' <headers)" "Content-Type: application/octet-stream"
  done
  expect_equal "$(st -b tj "$F/$CLIMB")" "200"
  expect_equal "$(cat body)" "<script>alert(1)</script>"
  expect_contains "$(tr -d '\r' <headers)" "Content-Type: application/octet-stream"
  expect_contains "$(tr -d '\r' <headers)" "filename=\"$CLIMB\""
  expect_equal "$(st -b mj "$F/2-text.txt")" "200"
  expect_contains "$(cat body)" "Secret: the overflow"
  expect_equal "$(st -b tj -I "$F/2-crash.txt")" "200" "HEAD"
  expect_equal "$(st -b pj "$URL/cases/$PFC/mailfiles/3-postfix.c")" "200" "a project's member, a file of its case"
  expect_equal "$(cat body)" "int main;"
  log=$(cat "$SUITE_TMP/files.log")
  expect_equal "$(grep -c '"view":"mailfile:2-crash.txt"' "$SUITE_TMP/files.log")" "3" "reads of crash.txt logged (GET twice, HEAD)"
  expect_contains "$(grep 'mailfile:2-text.txt' "$SUITE_TMP/files.log")" "max"
  expect_contains "$(grep 'mailfile:3-postfix.c' "$SUITE_TMP/files.log")" "paul"
  sha=$(embargo case files EMB-2026-0001 --format json | jq -r '.[] | select(.name=="2-crash.txt") | .sha256')
  chmod u+w "$EMBARGO_DATA/files/${sha:0:2}/$sha" 2>/dev/null
  printf 'SIGSEGX' >"$EMBARGO_DATA/files/${sha:0:2}/$sha"  # same size, other bytes
  expect_equal "$(st -b tj "$F/2-crash.txt")" "500" "a damaged file"
  expect_not_contains "$(cat body)" "SIGSEGX" "a damaged file"
  kill -TERM "$PID"
  wait "$PID"

  TEST "/cases/ID/mailfiles/NAME denied: another project's member, the server's team on a project's case, a recipient, a maintainer not shared with, reporters, nobody"
  feed_reports
  web_people
  F="$URL/cases/EMB-2026-0001/mailfiles"
  # Each denied caller can do something else (so a 404 is the file's refusal, not a broken login).
  expect_equal "$(st -b pj "$URL/cases/$PFC")" "200" "paul opens his project's case"
  expect_equal "$(st -b dj "$URL/recipients/EMB-2026-0001")" "200" "deb sees the case's recipients (her list got a notice)"
  expect_equal "$(st -b gj "$URL/cases/$C2")" "200" "gus opens the case shared with him"
  expect_equal "$(st -b lj "$URL/portal/EMB-2026-0001")" "200" "the reporter's link session opens the portal"
  expect_equal "$(st -b rj "$URL/portal/")" "200" "the reporter account logs in"
  expect_equal "$(st -b tj "$URL/cases/EMB-2026-0001")" "200" "tina opens the server's case"
  for who in pj dj gj; do
    expect_equal "$(st -b "$who" "$F/2-crash.txt")" "404" "crash.txt as $who"
    expect_not_contains "$(cat body)" "SIGSEGV" "the refusal to $who"
    expect_equal "$(st -b "$who" "$URL/cases/EMB-2026-0001")" "404" "the case page as $who"
  done
  for who in rj lj; do
    expect_equal "$(st -b "$who" "$F/2-crash.txt")" "404" "crash.txt as the reporter ($who)"
    expect_not_contains "$(cat body)" "SIGSEGV" "the refusal to the reporter ($who)"
    expect_not_contains "$(cat body)" "2-crash.txt" "the refusal to the reporter ($who)"
  done
  expect_equal "$(st -b lj "$URL/portal/EMB-2026-0001")" "200"
  expect_not_contains "$(cat body)" "mailfiles" "the reporter's portal page"
  expect_equal "$(st -b tj "$URL/cases/$PFC/mailfiles/3-postfix.c")" "404" "the server's team, a project's case"
  expect_equal "$(st -b tj "$URL/cases/$PFC")" "404" "... and its page"
  expect_equal "$(st -b pj "$URL/cases/$PFC/mailfiles/3-postfix.c")" "200" "(its own team may)"
  expect_equal "$(st "$F/2-crash.txt")" "303" "nobody: to the login page"
  expect_equal "$(st -H "Authorization: Bearer $T_TINA" "$F/2-crash.txt")" "303" "an API token: no page session"
  expect_not_contains "$(cat body)" "SIGSEGV" "the refusal to an API token"
  expect_equal "$(st -b tj "$F/nope.txt")" "404" "an unknown name"
  expect_equal "$(st -b tj "$F/..%2F..%2Fembargo.toml")" "404" "a path in the name"
  expect_equal "$(st -b tj --path-as-is "$F/../../../embargo.toml")" "404" "dot segments"
  expect_equal "$(st -b tj "$URL/cases/$C2/mailfiles/2-crash.txt")" "404" "another case's name"
  expect_equal "$(st -b tj "$URL/cases/EMB-2026-0001/other/2-crash.txt")" "404" "another path"
  expect_equal "$(st -b tj -X POST --data-urlencode "csrf=$(session_csrf tj /cases/EMB-2026-0001)" "$F/2-crash.txt")" \
    "405" "POST"
  expect_equal "$(grep -c 'mailfile:' "$SUITE_TMP/files.log")" "1" "reads logged: paul's download only"
  kill -TERM "$PID"
  wait "$PID"
}

# web_people: the people of the web tests, and embargod (URL, PID; access log files.log).
#   tina (team)            the server's team: EMB-2026-0001 is hers
#   max (maintainer)       EMB-2026-0001 shared with him
#   gus (maintainer)       another case ($C2) shared with him only
#   paul (maintainer)      on project postfix's team; $PFC is postfix's, with a file from mail (3-postfix.c)
#   deb (maintainer)       a recipient's person (list "vendors", which got a notice of EMB-2026-0001)
#   rita (reporter)        a reporter account granted EMB-2026-0001; and a reporter's link session (jar lj)
web_people() {
  cat >>"$EMBARGO_DATA/embargo.toml" <<'TOML'

[[mail.lists]]
name = "vendors"
address = "vendors@example.net"
policy = "sign"

[[mail.lists.recipients]]
name = "debian"
contacts = ["team@security.debian.org"]
users = ["deb"]

[[projects]]
name = "postfix"
display_name = "Postfix"
case_prefix = "PF"
TOML
  export EMBARGO_ACTOR=tester
  C2=$(embargo case new --title other --reporter r@example.org)
  TEAM_PW=$(password_in "$(embargo user add tina --role team)")
  MAINT_PW=$(password_in "$(embargo user add max --role maintainer)")
  OTHER_PW=$(password_in "$(embargo user add gus --role maintainer)")
  PAUL_PW=$(password_in "$(embargo user add paul --role maintainer)")
  DEB_PW=$(password_in "$(embargo user add deb --role maintainer)")
  REP_PW=$(password_in "$(embargo user add rita --role reporter)")
  T_TINA=$(embargo user token tina | tail -1)
  embargo project add-member postfix paul >/dev/null || fail "paul on postfix's team"
  embargo user grant EMB-2026-0001 max >/dev/null || fail "grant max"
  embargo user grant EMB-2026-0001 rita >/dev/null || fail "grant rita"
  embargo user grant "$C2" gus >/dev/null || fail "grant gus"
  embargo vuln add EMB-2026-0001 --title "overflow in smtp_in" >/dev/null || fail "vuln add"
  embargo notice send EMB-2026-0001 advance --list vendors >/dev/null || fail "notice to vendors"
  printf 'From: Pat <pat@example.net>\nTo: security@postfix.org\nSubject: smtpd crash\nMessage-ID: <pf1@example.net>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="p"\n\n--p\nContent-Type: text/plain\n\nSee the file.\n--p\nContent-Type: text/x-c\nContent-Disposition: attachment; filename="postfix.c"\n\nint main;\n--p--\n' \
    | embargo intake mail --project postfix >/dev/null || fail "intake for postfix"
  PFC=$(embargo case list --format json | jq -r '.[] | select(.id | startswith("PF-")) | .id')
  expect_equal "$(embargo case files "$PFC" --format json | jq -r '.[].name')" "3-postfix.c" "postfix's file"
  rm -f "$SUITE_TMP/files.log"  # each test's own access log
  start_web files "$EMBARGO_DATA"
  login tj tina "$TEAM_PW"
  login mj max "$MAINT_PW"
  login gj gus "$OTHER_PW"
  login pj paul "$PAUL_PW"
  login dj deb "$DEB_PW"
  login rj rita "$REP_PW"
  expect_equal "$(st -b tj -X POST --data-urlencode "csrf=$(session_csrf tj /cases/EMB-2026-0001)" \
    "$URL/cases/EMB-2026-0001/link")" "200" "a reporter's link"
  LINK=$(sed -n 's/.*<pre>\(http[^<]*\)<\/pre>.*/\1/p' body | sed 's/&amp;/\&/g')
  expect_equal "$(open_private_link lj "$LINK")" "303" "the reporter's link opens a session"
}
