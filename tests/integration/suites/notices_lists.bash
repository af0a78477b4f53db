# Notices the real lists accept and a reader can act on (issue 23): sent
# through a real SMTP server on 127.0.0.1 (tests/mail/smtp_server.py,
# python3-aiosmtpd) that, like the Openwall distros lists, refuses a subject
# without "[vs]" with 550; read back with gpg as the list and as the team;
# the fix notice's link fetched with curl from embargod with the list's
# usercode. A real release is built from a signed tag (maintainer's key, not
# the team's) so that the notices must name the right signing key.

MAILTOOL="/usr/bin/python3 $EMBARGO_SOURCE/tests/mail/mailtool.py"
CASE=EXIM-2026-0001

SUITE_notices_lists_PROBE() {
  /usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || { echo "python3-aiosmtpd is not installed"; return 1; }
  for tool in git gpg curl jq sha256sum; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed"; return 1; }
  done
}

# gpgk, fpr_of, make_key, share_key: tests/integration/lib/gpg_keys.bash
source "$EMBARGO_SOURCE/tests/integration/lib/gpg_keys.bash"
source "$EMBARGO_SOURCE/tests/integration/lib/smtp_sink.bash"
# make_repo (KEY, REPO): tests/integration/lib/release_repo.bash
source "$EMBARGO_SOURCE/tests/integration/lib/release_repo.bash"



stop_all() {
  [ -n "${SMTP_PID:-}" ] && kill "$SMTP_PID" 2>/dev/null
  [ -n "${HTTP_PID:-}" ] && kill "$HTTP_PID" 2>/dev/null
  wait 2>/dev/null
}

# The latest message at the SMTP server.
csrf_of() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$1" | head -1; }
last_mail() { ls "$SMTP_DIR"/*.eml | tail -1; }

# decrypt_as HOME MESSAGE [PASSPHRASE]: the decoded text of an encrypted
# notice, as the reader sees it (gpg's status in $SUITE_TMP/status).
decrypt_as() {
  $MAILTOOL payload "$2" 2 >"$SUITE_TMP/c.asc"
  gpgk "$1" --pinentry-mode loopback --passphrase "${3:-}" --status-fd 3 --decrypt "$SUITE_TMP/c.asc" \
    3>"$SUITE_TMP/status" >"$SUITE_TMP/c.mime" 2>/dev/null
  $MAILTOOL payload "$SUITE_TMP/c.mime" 0 | tr -d '\r'
}

# A Wednesday at least 9 days ahead (real time: embargod serves on the real
# clock), 14:00 in Europe/London, the default release zone and hour.
release_day() {
  local d
  d=$(date -u -d '+9 days' +%F)
  while [ "$(date -u -d "$d" +%u)" != 3 ]; do d=$(date -u -d "$d +1 day" +%F); done
  echo "$d"
}
utc_of() { TZ=Europe/London date -d "$1" -u +'%a %F %H:%M UTC'; }
iso_of() { TZ=Europe/London date -d "$1" -u +%FT%TZ; }

configure() {
  local toml=$EMBARGO_DATA/embargo.toml
  sed -i "s|^gnupg_home = \"gnupg\"|gnupg_home = \"$K/team\"|;
          s|^signing_key = \"\"|signing_key = \"$TEAM_FPR\"|;
          s|^starttls = \"try\"|starttls = \"none\"|;
          s|^# public_url = .*|public_url = \"http://127.0.0.1:$HTTP_PORT/\"|;
          s|^files_url = .*|files_url = \"https://ftp.exim.org/pub/exim/exim4/\"|;
          s|^web_url = .*|web_url = \"https://www.exim.org/static/doc/security/\"|;
          /^\[smtp\]/,/^\[/ s|^url = .*|url = \"smtp://127.0.0.1:$SMTP_PORT\"|" "$toml"
  cat >>"$toml" <<TOML

[[mail.lists]]
name = "distros"
address = "distros@vs.openwall.org"
keys = ["$DISTROS_FPR"]

[[mail.lists]]
name = "maintainers"
address = "exim-maintainers@exim.org"
policy = "sign"

[[mail.lists]]
name = "oss-security"
address = "oss-security@lists.openwall.com"
TOML
}

SUITE_notices_lists() {
  trap 'stop_all; cleanup' EXIT
  make_team_distros_keys
  make_repo
  start_smtp
  HTTP_PORT=$(free_port)
  export EMBARGO_DATA="$SUITE_TMP/d" EMBARGO_ACTOR=tester
  embargo init --project Exim --prefix EXIM >/dev/null
  configure
  embargo case new --title "heap overflow in SMTP" --reporter "Jane <jane@example.org>" --impact rce >/dev/null
  embargo case move $CASE confirmed --why r >/dev/null
  embargo vuln add $CASE --title "heap overflow" --id CVE-2026-1234 --affected ">=4.92,<4.99.1" \
    --fixed ">=4.99.1" >/dev/null
  embargo case move $CASE fixing --why f >/dev/null
  embargo release build --repo "$REPO" --tag exim-4.99.1 --base exim-4.99 --package exim --formats gz \
    --keyring "$SUITE_TMP/maintainers.asc" --sign-key "$KEY" --out "$SUITE_TMP/rel" --case $CASE >/dev/null ||
    fail "release build"
  local day fix_day
  day=$(release_day)
  fix_day=$(date -u -d "$day -2 days" +%F)
  expect_ok embargo case plan $CASE --release "${day}T14:00" --fix-ready "${fix_day}T14:00" --tz Europe/London

  TEST "the stand-in distros list refuses a subject without [vs] with 550, as the real one does; ours is accepted"
  expect_exit 1 /usr/bin/python3 -c '
import smtplib, sys
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]))
try:
    s.sendmail("security@example.org", ["distros@vs.openwall.org"],
               "From: security@example.org\r\nTo: distros@vs.openwall.org\r\nSubject: [EMBARGO] Exim\r\n\r\nhi\r\n")
except smtplib.SMTPDataError as e:
    print(e.smtp_code, e.smtp_error.decode()); sys.exit(1)' "$SMTP_PORT"
  expect_contains "$OUT" "550 5.7.1 Missing the [vs] anti-spam tag"
  expect_ok embargo notice preview $CASE advance --list distros
  expect_contains "$OUT" "Subject: [vs] [EMBARGO] Exim: advance notice of a security release"
  expect_ok embargo notice send $CASE advance --list distros
  expect_contains "$OUT" "sent <"
  expect_equal "$($MAILTOOL header "$(last_mail)" Subject)" "[vs] [EMBARGO] Exim: advance notice of a security release"

  TEST "the advance notice holds the plan: packaging and the exact public date and time, in UTC and the zones"
  decrypt_as "$K/distros" "$(last_mail)" >"$SUITE_TMP/advance.txt"
  expect_contains "$(cat "$SUITE_TMP/status")" "GOODSIG"
  local body
  body=$(cat "$SUITE_TMP/advance.txt")
  expect_contains "$body" "available to packagers on $(utc_of "$fix_day 14:00")"
  expect_contains "$body" "Proposed public disclosure: $(utc_of "$day 14:00")"
  expect_contains "$body" "New York $(TZ=America/New_York date -d "TZ=\"Europe/London\" $day 14:00" +'%a %H:%M %Z')"
  expect_contains "$body" "  $(utc_of "$day 14:00")  Public release (CRD)"
  expect_contains "$body" "  $(utc_of "$fix_day 14:00")  Fix available to packagers"
  expect_contains "$body" "  <-- NOW"
  expect_not_contains "$body" "to be announced" "the advance notice"

  TEST "the team's copy of an encrypted notice decrypts with the team's key"
  expect_contains "$(decrypt_as "$K/team" "$(last_mail)" team-pass)" "Proposed public disclosure"
  expect_contains "$(cat "$SUITE_TMP/status")" "DECRYPTION_OKAY"

  TEST "a list member's question is answered from the case: signed, encrypted, tagged and threaded like the list's notices"
  local advance_id question_id
  advance_id=$($MAILTOOL header "$(last_mail)" Message-ID | tr -d '<>')
  question_id="q1.$RANDOM@debian.example"
  printf 'From: Dee Packager <dee@debian.example>\nTo: distros@vs.openwall.org\nCc: security@example.org\nSubject: Re: [vs] [EMBARGO] Exim: advance notice of a security release\nMessage-ID: <%s>\nIn-Reply-To: <%s>\nList-Id: <distros.vs.openwall.org>\nDate: Mon, 07 Dec 2026 10:00:00 +0000\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nIs 4.96 affected too?\n' \
    "$question_id" "$advance_id" >"$SUITE_TMP/question.eml"
  expect_ok embargo intake mail <"$SUITE_TMP/question.eml"
  expect_ok embargo notice reply $CASE --list distros --message "Yes: every release since 4.92; the patch applies to 4.96."
  expect_contains "$OUT" "in reply to <$question_id>"
  expect_equal "$($MAILTOOL header "$(last_mail)" Subject)" "Re: [vs] [EMBARGO] Exim: advance notice of a security release"
  expect_equal "$($MAILTOOL header "$(last_mail)" In-Reply-To)" "<$question_id>"
  expect_contains "$($MAILTOOL type "$(last_mail)")" "multipart/encrypted"
  expect_contains "$(decrypt_as "$K/distros" "$(last_mail)")" "Yes: every release since 4.92"
  expect_contains "$(embargo timeline $CASE)" "Sent reply to distros"
  expect_exit 1 embargo notice reply $CASE --list distros --message "x" --in-reply-to "<nonesuch@example.org>"
  expect_contains "$ERR" "--in-reply-to: no message <nonesuch@example.org> was received on $CASE"

  TEST "the fix notice needs a live usercode; its link, fetched with curl and the list's usercode, is the file"
  expect_exit 1 embargo notice preview $CASE fix --list distros
  expect_contains "$ERR" "has no live download usercode 'distros' (make one with \`embargo usercode new $CASE --list distros\`)"
  local pw url sha
  pw=$(embargo usercode new $CASE --list distros | sed -n 's/^  password: //p')
  printf '%s\n' "$pw" >"$SUITE_TMP/pw" && chmod 600 "$SUITE_TMP/pw"
  embargo window set $CASE --opens "$(date -u -d '-1 hour' +%FT%TZ)" --releases "$(iso_of "$day 14:00")" >/dev/null ||
    fail "window set"
  embargod --data "$EMBARGO_DATA" --listen "127.0.0.1:$HTTP_PORT" >"$SUITE_TMP/d.out" 2>"$SUITE_TMP/d.err" &
  HTTP_PID=$!
  [ -n "$(listening_url "$SUITE_TMP/d.out" 100)" ] || fail "embargod did not start: $(cat "$SUITE_TMP/d.err")"
  cd "$SUITE_TMP" || fail "cd"
  expect_ok embargo notice send $CASE fix --list distros --download-password-file pw
  cd - >/dev/null || fail "cd -"
  decrypt_as "$K/distros" "$(last_mail)" >"$SUITE_TMP/fix.txt"
  body=$(cat "$SUITE_TMP/fix.txt")
  expect_contains "$body" "  http://127.0.0.1:$HTTP_PORT/embargo/$CASE/
"
  url="http://127.0.0.1:$HTTP_PORT/embargo/$CASE/exim-4.99.1.tar.gz"
  expect_contains "$body" "  $url"
  sha=$(grep -A1 -x -F "  $url" "$SUITE_TMP/fix.txt" | sed -n 's/.*SHA2-256 \([0-9a-f]*\).*/\1/p')
  expect_equal "$(curl -s --digest -u "distros:$pw" -o "$SUITE_TMP/got" -w '%{http_code}' "$url")" 200 "download"
  expect_equal "$(sha256sum <"$SUITE_TMP/got" | cut -d' ' -f1)" "$sha" "SHA-256 of the downloaded file"
  expect_contains "$body" "with the usercode distros and the password
$pw (for distros only)"

  TEST "notices name the key the release was signed with, and the team's mail key apart"
  expect_contains "$body" "by the release signing key
$KEY."
  expect_contains "$body" "This message is signed with the team's key $TEAM_FPR."

  TEST "a download password goes to a signed list only with --send-password-in-clear"
  embargo usercode new $CASE --list maintainers >/dev/null || fail "usercode maintainers"
  expect_exit 1 embargo notice preview $CASE fix --list maintainers --download-password-file "$SUITE_TMP/pw"
  expect_contains "$ERR" "list 'maintainers' gets sign mail, so the password would travel in clear"
  expect_ok embargo notice preview $CASE fix --list maintainers
  expect_contains "$OUT" "The password is not in this message"
  expect_not_contains "$OUT" "$pw" "the notice without the password"
  expect_ok embargo notice preview $CASE fix --list maintainers --download-password-file "$SUITE_TMP/pw" \
    --send-password-in-clear
  expect_contains "$OUT" "$pw"

  TEST "a password sent in clear is sealed in the outbox: the database alone does not hold it"
  local mpw
  mpw=$(embargo usercode rotate $CASE --list maintainers | sed -n 's/^  password: //p')
  [ -n "$mpw" ] || fail "usercode rotate printed no password"
  printf '%s\n' "$mpw" >"$SUITE_TMP/mpw" && chmod 600 "$SUITE_TMP/mpw"
  expect_ok embargo notice send $CASE fix --list maintainers --download-password-file "$SUITE_TMP/mpw" \
    --send-password-in-clear
  expect_contains "$(tr -d '\r' <"$(last_mail)")" "$mpw"
  expect_equal "$(grep -c -a -F "$mpw" "$EMBARGO_DATA/embargo.db" "$EMBARGO_DATA/embargo.db-wal" 2>/dev/null |
    awk -F: '{n += $2} END {print n + 0}')" 0 "the password in the database files"
  expect_equal "$(sqlite3 "$EMBARGO_DATA/embargo.db" "SELECT count(*) FROM outbox WHERE message NOT LIKE 'embargo-sealed-v1:%'")" \
    0 "outbox rows in clear"
  [ -f "$EMBARGO_DATA/secrets/outbox.key" ] || fail "no secrets/outbox.key"
  expect_equal "$(stat -c %a "$EMBARGO_DATA/secrets/outbox.key")" 600 "the outbox key's mode"

  TEST "the release announcement links the public files and the advisory page, never the embargoed area"
  expect_ok embargo notice preview $CASE release --list oss-security
  expect_contains "$OUT" "X-Embargo-Protection: clearsign"
  expect_contains "$OUT" "Advisory:  https://www.exim.org/static/doc/security/$CASE.html"
  expect_contains "$OUT" "Downloads: https://ftp.exim.org/pub/exim/exim4/"
  expect_not_contains "$OUT" "/embargo/" "the release announcement"
  expect_contains "$OUT" "The files are signed with the release signing key $KEY."
  expect_contains "$OUT" "This message is signed with the team's key $TEAM_FPR."

  TEST "GET /api/v1/cases/{id} carries the duties as case show --format json does"
  local token pw_tina
  pw_tina=$(embargo user add tina --role team | sed -n 's/.*shown this once: //p')
  token=$(embargo user token tina | tail -1)
  curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$HTTP_PORT/api/v1/cases/$CASE" >"$SUITE_TMP/api.json"
  expect_ok embargo case show $CASE --format json
  expect_equal "$(jq -c '[.duties[] | del(.detail)]' "$SUITE_TMP/api.json")" "$(jq -c '[.duties[] | del(.detail)]' <<<"$OUT")" \
    "duties from the API and from case show"
  expect_equal "$(jq -r '[.duties[].rule] | join(",")' "$SUITE_TMP/api.json")" \
    "first-message-date,max-embargo,oss-security-post" "the API's duties"

  answers_tests "$token" "$pw_tina" "$question_id"
  duties_tests
}

# Answers from the API and the case page, and exploit material (embargod still runs).
answers_tests() {
  local token=$1 api="http://127.0.0.1:$HTTP_PORT/api/v1/cases/$CASE/replies" q2="q2.$RANDOM@debian.example"
  TEST "the team answers a list from the API: queued, sent by embargod's mail thread, threaded and encrypted"
  printf 'From: Dee Packager <dee@debian.example>\nTo: distros@vs.openwall.org\nSubject: Re: [vs] [EMBARGO] Exim: advance notice of a security release\nMessage-ID: <%s>\nIn-Reply-To: <%s>\nList-Id: <distros.vs.openwall.org>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nDoes the fix change the config?\n' \
    "$q2" "$3" >"$SUITE_TMP/q2.eml"
  expect_ok embargo intake mail <"$SUITE_TMP/q2.eml"
  expect_equal "$(curl -s -o "$SUITE_TMP/r.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d '{"list":"distros","message":"No configuration change is needed."}' "$api")" 200
  expect_equal "$(jq -r '.state + " " + .in_reply_to' "$SUITE_TMP/r.json")" "queued $q2"
  local answer="" i
  for i in $(seq 1 100); do
    answer=$(grep -l -F "In-Reply-To: <$q2>" "$SMTP_DIR"/*.eml 2>/dev/null | head -1)
    [ -n "$answer" ] && break
    sleep 0.2
  done
  [ -n "$answer" ] || fail "embargod did not send the answer: $(cat "$SUITE_TMP/d.err")"
  expect_contains "$($MAILTOOL header "$answer" Subject)" "[vs]"
  expect_contains "$(decrypt_as "$K/distros" "$answer")" "No configuration change is needed."

  TEST "an answer is refused with the field named, and only the team sends one"
  expect_equal "$(curl -s -o "$SUITE_TMP/r.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d '{"list":"nonesuch","message":"x"}' "$api")" 400
  expect_contains "$(jq -r .message "$SUITE_TMP/r.json")" "list: "
  expect_equal "$(curl -s -o "$SUITE_TMP/r.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d '{"list":"distros","message":"x","exploit":"yes"}' "$api")" 400
  expect_contains "$(jq -r .message "$SUITE_TMP/r.json")" "exploit: must be true or false"
  embargo user add mo --role maintainer >/dev/null
  embargo user grant $CASE mo --write >/dev/null || fail "grant"
  local mo
  mo=$(embargo user token mo | tail -1)
  expect_equal "$(curl -s -o "$SUITE_TMP/r.json" -w '%{http_code}' -H "Authorization: Bearer $mo" \
    -H 'Content-Type: application/json' -d '{"list":"distros","message":"x"}' "$api")" 403 "a maintainer answering"
  expect_contains "$(jq -r .message "$SUITE_TMP/r.json")" "only admin and team accounts answer the lists"

  TEST "the case page lists the questions and answers one, marking exploit material"
  local pw_tina=$2 jar="$SUITE_TMP/jar" url="http://127.0.0.1:$HTTP_PORT"
  curl -s -c "$jar" -b "$jar" -o "$SUITE_TMP/login.html" "$url/login"
  curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "csrf=$(csrf_of "$SUITE_TMP/login.html")" \
    --data-urlencode name=tina --data-urlencode "password=$pw_tina" "$url/login"
  curl -s -b "$jar" -o "$SUITE_TMP/case.html" "$url/cases/$CASE"
  expect_contains "$(cat "$SUITE_TMP/case.html")" "Questions from the lists"
  expect_contains "$(cat "$SUITE_TMP/case.html")" "<option value=\"$q2\">"
  expect_equal "$(curl -s -b "$jar" -o "$SUITE_TMP/a.html" -w '%{http_code}' \
    --data-urlencode "csrf=$(csrf_of "$SUITE_TMP/case.html")" -d list=distros --data-urlencode "in_reply_to=$q2" \
    --data-urlencode "message=A reproducer: swaks --to x --data @poc.eml" -d exploit=1 "$url/cases/$CASE/answer")" 200
  expect_contains "$(cat "$SUITE_TMP/a.html")" "in reply to <code>&lt;$q2&gt;</code>"
  expect_contains "$(embargo timeline $CASE)" "exploit material shared with distros: post it publicly within 7 days of the public disclosure"

  TEST "exploit material shared with distros must be posted to oss-security within 7 days of the release"
  expect_ok embargo case show $CASE --format json
  local due
  due=$(date -u -d "$(jq -r .release_at <<<"$OUT") + 7 days" +%FT%H:%M)
  expect_equal "$(jq -r '.duties[] | select(.rule == "exploit-post") | .state + " " + .list + " " + .due[0:16]' <<<"$OUT")" \
    "open distros $due" "the exploit duty"
  expect_ok embargo release status $CASE
  expect_contains "$OUT" "exploit-post"
  expect_contains "$OUT" "post it to oss-security by "
  expect_ok embargo case exploit $CASE --list oss-security
  expect_contains "$OUT" "exploit material posted to oss-security"
  expect_ok embargo case show $CASE --format json
  expect_equal "$(jq -r '.duties[] | select(.rule == "exploit-post") | .state' <<<"$OUT")" "done"
  expect_exit 1 embargo case exploit $CASE --list nonesuch
  expect_contains "$ERR" "--list: "
}

# The disclosure duties, on a data directory of their own (the suite's keys and SMTP server).
duties_tests() {
  export EMBARGO_DATA="$SUITE_TMP/d2"
  embargo init --project Exim --prefix EXIM >/dev/null
  configure
  embargo case new --title "heap overflow in SMTP" --reporter "Jane <jane@example.org>" --impact rce >/dev/null
  embargo vuln add $CASE --title "heap overflow" >/dev/null

  TEST "the first message to distros must propose the public date and time: refused before the case is planned"
  expect_exit 1 embargo notice preview $CASE advance --list distros
  expect_contains "$ERR" "advance notice to list 'distros': the list needs a proposed public disclosure date and time; plan the case first (\`embargo case plan $CASE\`)"
  expect_ok embargo notice preview $CASE advance --list maintainers

  TEST "disclosure duties: shown by release status and case show, from the recorded sending time"
  local day
  day=$(release_day)
  expect_ok embargo case plan $CASE --release "${day}T14:00" --tz Europe/London
  expect_ok embargo release status $CASE
  expect_not_contains "$OUT" "Disclosure duties" "before distros is told or planned"
  expect_ok embargo notice send $CASE advance --list distros
  expect_ok embargo release status $CASE
  expect_contains "$OUT" "Disclosure duties (the lists' rules)"
  expect_contains "$OUT" "done  first-message-date  distros: first message sent"
  expect_contains "$OUT" "ok    max-embargo         distros: release $(utc_of "$day 14:00") is "
  expect_contains "$OUT" "fail  oss-security-post   distros is told: the release must include a full post to oss-security"
  expect_ok embargo case show $CASE --format json
  expect_equal "$(jq -r '[.duties[] | .rule + "=" + .state] | join(" ")' <<<"$OUT")" \
    "first-message-date=done max-embargo=ok oss-security-post=fail" "case show's duties"

  TEST "release schedule refuses a release that told distros and posts nothing to oss-security"
  expect_exit 1 embargo release schedule $CASE
  expect_contains "$ERR" "oss-security-post: distros is told"

  TEST "a failing duty is reminded like the plan's dates, on a replayed clock: 7 days, 1 day, 2 hours before"
  local rel
  rel=$(date -u -d "$(iso_of "$day 14:00")" +%s)
  duty_reminders() {  # EPOCH: the duty reminders `remind run` queues at that instant
    embargo remind run --now "$(date -u -d "@$1" +%FT%TZ)" --format json |
      jq -r '[.[] | select(.condition | startswith("duty-")) | "\(.condition)/\(.threshold)"] | join(",")'
  }
  expect_equal "$(duty_reminders $((rel - 8 * 86400)))" "" "8 days before the release"
  expect_equal "$(duty_reminders $((rel - 7 * 86400 + 60)))" "duty-oss-security-post/7d" "7 days before"
  expect_equal "$(duty_reminders $((rel - 7 * 86400 + 120)))" "" "7 days before, again"
  expect_equal "$(duty_reminders $((rel - 86400 + 60)))" "duty-oss-security-post/1d" "1 day before"
  expect_equal "$(duty_reminders $((rel - 7200 + 60)))" "duty-oss-security-post/2h" "2 hours before"
  expect_contains "$(embargo timeline $CASE)" "reminder (team, duty-oss-security-post 2h): distros is told: the release must include a full post to oss-security"

  sed -i 's|^announce_lists = .*|announce_lists = ["oss-security"]|' "$EMBARGO_DATA/embargo.toml"
  expect_ok embargo release status $CASE
  expect_contains "$OUT" "ok    oss-security-post   oss-security: the release announcement goes to oss-security at the release"
}
