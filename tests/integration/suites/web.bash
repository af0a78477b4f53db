# The web pages, the reporter portal and the JSON API of embargod over real
# HTTP on 127.0.0.1, with curl as the browser: first start, logins, the
# authorisation matrix (every route x every role and nobody), CSRF, XSS,
# oversized bodies, logout everywhere, and that secrets stay out of the store
# and the access log.

SUITE_web_PROBE() {
  for tool in curl python3 sqlite3; do
    if ! command -v "$tool" >/dev/null; then
      echo "$tool is not installed"
      return 1
    fi
  done
}

# start_web NAME DIR: embargod on a free port; sets URL, PID, and OUT_FILE.
start_web() {
  local name=$1 dir=$2
  embargod --data "$dir" --listen 127.0.0.1:0 --access-log "$SUITE_TMP/$name.log" \
    >"$SUITE_TMP/$name.out" 2>"$SUITE_TMP/$name.err" &
  PID=$!
  URL=$(listening_url "$SUITE_TMP/$name.out")
  [ -n "$URL" ] || fail "embargod did not start: $(cat "$SUITE_TMP/$name.err")"
}

# st ARGS...: the HTTP status of a curl request; body in ./body, headers in ./headers.
st() { curl -s -o body -D headers -w '%{http_code}' "$@"; }

# csrf_in FILE: the first csrf token of a page.
csrf_in() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$1" | head -1; }

# login JAR NAME PASSWORD: a session in the cookie jar JAR.
login() {
  curl -s -c "$1" -b "$1" -o login.html "$URL/login"
  local token
  token=$(csrf_in login.html)
  curl -s -c "$1" -b "$1" -o /dev/null --data-urlencode "csrf=$token" --data-urlencode "name=$2" \
    --data-urlencode "password=$3" "$URL/login"
}

# session_csrf JAR PATH: the csrf token of a page seen with that session.
session_csrf() { curl -s -b "$1" "$URL$2" -o csrf.html; csrf_in csrf.html; }

password_in() { sed -n 's/.*shown this once: //p' <<<"$1"; }

SUITE_web() {
  export EMBARGO_ACTOR=tester
  local D="$SUITE_TMP/data"

  TEST "first start makes the data directory and prints the URL and a one-time admin login"
  start_web first "$D"
  expect_contains "$(cat "$SUITE_TMP/first.out")" "embargod: log in at $URL/login as admin"
  ADMIN_PW=$(sed -n 's/.*shown once: //p' "$SUITE_TMP/first.out")
  expect_equal "${#ADMIN_PW}" 24 "admin password length"
  kill -TERM "$PID"
  wait "$PID"
  start_web second "$D"
  expect_not_contains "$(cat "$SUITE_TMP/second.out")" "shown once" "second start"
  kill -TERM "$PID"
  wait "$PID"

  export EMBARGO_DATA="$D"
  C1=$(embargo case new --title "first case" --reporter "r1@example.org")
  C2=$(embargo case new --title "second case" --reporter "r2@example.org")
  expect_ok embargo case note "$C1" "INTERNAL-NOTE-C1"
  TEAM_PW=$(password_in "$(embargo user add tina --role team)")
  MAINT_PW=$(password_in "$(embargo user add max --role maintainer)")
  REP_PW=$(password_in "$(embargo user add rita --role reporter)")
  MWRITE_PW=$(password_in "$(embargo user add wes --role maintainer)")
  expect_ok embargo user add gus --role maintainer # only ever shared by the API rows of the matrix
  expect_ok embargo user grant "$C1" wes --write
  expect_ok embargo user grant "$C1" max
  expect_ok embargo user grant "$C1" rita
  T_ADMIN=$(embargo user token admin | tail -1)
  T_TEAM=$(embargo user token tina | tail -1)
  T_MAINT=$(embargo user token max | tail -1)
  T_REP=$(embargo user token rita | tail -1)
  T_MWRITE=$(embargo user token wes | tail -1)
  start_web main "$D"

  TEST "login: wrong password refused, right one gives a HttpOnly SameSite=Strict session cookie"
  curl -s -c jar0 -o login.html "$URL/login"
  expect_equal "$(st -b jar0 --data-urlencode "csrf=$(csrf_in login.html)" -d name=admin -d password=wrong "$URL/login")" 401
  expect_equal "$(st -b jar0 -c jar0 --data-urlencode "csrf=$(csrf_in login.html)" -d name=admin \
    --data-urlencode "password=$ADMIN_PW" "$URL/login")" 303
  expect_contains "$(cat headers)" "HttpOnly; SameSite=Strict"
  expect_equal "$(st -b jar0 "$URL/cases")" 200
  expect_contains "$(cat body)" "$C1"

  TEST "login form without its CSRF token is refused"
  expect_equal "$(st -b jar0 -d name=admin --data-urlencode "password=$ADMIN_PW" "$URL/login")" 403

  login jar_admin admin "$ADMIN_PW"
  login jar_team tina "$TEAM_PW"
  login jar_maint max "$MAINT_PW"
  login jar_rep rita "$REP_PW"
  login jar_mwrite wes "$MWRITE_PW"
  touch jar_nobody

  TEST "the reporter's private link opens their case only"
  expect_equal "$(st -b jar_admin -X POST --data-urlencode "csrf=$(session_csrf jar_admin "/cases/$C1")" \
    "$URL/cases/$C1/link")" 200
  LINK=$(sed -n 's/.*<pre>\(http[^<]*\)<\/pre>.*/\1/p' body | sed 's/&amp;/\&/g')
  expect_contains "$LINK" "/portal/open?t="
  expect_equal "$(st -c jar_link "$LINK")" 200
  expect_contains "$(cat body)" "Open $C1"
  expect_equal "$(st -b jar_link "$URL/portal/$C1")" 404 "the link's page alone opens no session (issue 24, 8)"
  expect_equal "$(open_private_link jar_link "$LINK")" 303 "its button opens the case"
  expect_equal "$(st -b jar_link "$URL/portal/$C1")" 200
  expect_not_contains "$(cat body)" "INTERNAL-NOTE-C1" "portal page"
  expect_equal "$(st "${LINK}x")" 404 "a guessed link"

  TEST "authorisation matrix: every route as every role and as nobody"
  # route | nobody admin team maintainer(read on C1) maintainer(write on C1) reporter-account(C1)
  # reporter-link(C1); by cookie.
  # 303 = sent to the login page; 404 = not visible (same as a case that does not exist); 403 = visible, not allowed.
  local matrix="
GET /cases|303 200 200 200 200 404 404
GET /cases/$C1|303 200 200 200 200 404 404
GET /cases/$C2|303 200 200 404 404 404 404
POST /cases/$C1/note|303 303 303 403 303 404 404
POST /cases/$C2/note|303 303 303 404 404 404 404
POST /cases/$C1/share|303 303 303 403 403 404 404
POST /cases/$C1/link|303 200 200 403 403 404 404
POST /cases/$C1/revoke-link|303 400 400 403 403 404 404
POST /cases/$C1/answer|303 400 400 403 403 404 404
GET /portal/$C1|404 200 200 200 200 200 200
GET /portal/$C2|404 200 200 404 404 404 404
POST /portal/$C1/message|404 403 403 403 403 303 303
POST /portal/$C2/message|404 403 403 404 404 404 404
GET /cases/$C1?notice=fix&list=reporter|303 200 200 200 200 404 404
GET /cases/$C2?notice=ack|303 200 200 404 404 404 404
POST /cases/$C1/vuln|303 303 303 403 303 404 404
POST /cases/$C2/vuln|303 303 303 404 404 404 404
POST /cases/$C1/cvss|303 303 303 403 303 404 404
POST /cases/$C2/cvss|303 303 303 404 404 404 404
POST /cases/$C1/plan|303 303 303 403 303 404 404
POST /cases/$C2/plan|303 303 303 404 404 404 404
GET /static/cvss.js|200 200 200 200 200 200 200
GET /account|303 200 200 200 200 200 404
POST /account/totp/confirm|303 400 400 400 400 400 404"
  local roles=(nobody admin team maint mwrite rep link)
  while IFS='|' read -r route want; do
    [ -z "$route" ] && continue
    local method=${route%% *} path=${route#* }
    local i=0
    for w in $want; do
      local role=${roles[$i]}
      i=$((i + 1))
      local args=(-b "jar_$role")
      if [ "$method" = POST ]; then
        local token=""
        [ "$role" != nobody ] && token=$(session_csrf "jar_$role" /portal/)
        [ "$role" != nobody ] && [ -z "$token" ] && token=$(session_csrf "jar_$role" /cases)
        [ "$role" != nobody ] && [ -z "$token" ] && token=$(session_csrf "jar_$role" "/portal/$C1")
        args+=(-X POST --data-urlencode "csrf=$token" -d text=hello -d user=max -d why=x -d to=confirmed
          -d title=matrix -d number=1 -d vector=CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H)
      fi
      local got
      got=$(curl -s -o /dev/null -w '%{http_code}' "${args[@]}" "$URL$path")
      [ "$got" = "$w" ] || fail "$method $path as $role: $got, expected $w"
    done
  done <<<"$matrix"
  # API by bearer token
  local api="
GET /api/v1/cases/$C1|401 200 200 200 200 200
GET /api/v1/cases/$C2|401 200 200 404 404 404
POST /api/v1/cases/$C1/notes|401 200 200 403 200 404
PATCH /api/v1/cases/$C1|401 200 200 403 200 404
POST /api/v1/cases/$C2/messages|401 200 200 404 404 404
POST /api/v1/cases|401 201 201 403 403 403
GET /api/v1/cases/$C1/vulnerabilities|401 200 200 200 200 404
GET /api/v1/cases/$C2/vulnerabilities|401 200 200 404 404 404
POST /api/v1/cases/$C1/vulnerabilities|401 201 201 403 201 404
POST /api/v1/cases/$C2/vulnerabilities|401 201 201 404 404 404
PATCH /api/v1/cases/$C1/vulnerabilities/1|401 200 200 403 200 404
PATCH /api/v1/cases/$C2/vulnerabilities/1|401 200 200 404 404 404
PATCH /api/v1/cases/$C1/vulnerabilities/99|401 404 404 403 404 404
GET /api/v1/cases/$C1/grants|401 200 200 403 403 404
GET /api/v1/cases/$C2/grants|401 200 200 404 404 404
POST /api/v1/cases/$C1/grants|401 201 201 403 403 404
POST /api/v1/cases/$C2/grants|401 201 201 404 404 404
GET /api/v1/cases/$C1/plan|401 200 200 200 200 404
GET /api/v1/cases/$C2/plan|401 200 200 404 404 404
POST /api/v1/cases/$C1/plan|401 201 201 403 201 404
POST /api/v1/cases/$C2/plan|401 201 201 404 404 404
POST /api/v1/cases/$C1/plan/propose|401 200 200 200 200 404
POST /api/v1/cases/$C2/plan/propose|401 200 200 404 404 404
POST /api/v1/cases/$C1/plan/check|401 200 200 200 200 404
POST /api/v1/cases/$C2/plan/check|401 200 200 404 404 404
GET /api/v1/cases/$C1/plan/other|401 404 404 404 404 404
DELETE /api/v1/cases/$C1/grants|401 405 405 405 405 405
GET /api/v1/cases/NOPE-1/plan|401 404 404 404 404 404"
  local tokens=("" "$T_ADMIN" "$T_TEAM" "$T_MAINT" "$T_MWRITE" "$T_REP")
  local api_roles=(nobody admin team maint mwrite rep)
  while IFS='|' read -r route want; do
    [ -z "$route" ] && continue
    local method=${route%% *} path=${route#* }
    local i=0
    for w in $want; do
      local t=${tokens[$i]}
      i=$((i + 1))
      local args=(-X "$method")
      [ -n "$t" ] && args+=(-H "Authorization: Bearer $t")
      [ "$method" != GET ] && args+=(-H 'Content-Type: application/json' -d '{"text":"api note","title":"via api","user":"gus","release":"2030-03-12T14:00:00Z","fix_to_packagers":"2030-03-05T14:00:00Z","advance_notice":"2030-03-01T14:00:00Z"}')
      local got
      got=$(curl -s -o /dev/null -w '%{http_code}' "${args[@]}" "$URL$path")
      [ "$got" = "$w" ] || fail "API $method $path as ${api_roles[$((i - 1))]}: $got, expected $w"
    done
  done <<<"$api"

  TEST "a reporter's API view has no internal notes; the team's has"
  expect_equal "$(st -H "Authorization: Bearer $T_REP" "$URL/api/v1/cases/$C1")" 200
  expect_not_contains "$(cat body)" "INTERNAL-NOTE-C1" "reporter API view"
  expect_equal "$(st -H "Authorization: Bearer $T_MAINT" "$URL/api/v1/cases/$C1")" 200
  expect_contains "$(cat body)" "INTERNAL-NOTE-C1"
  expect_contains "$(cat "$SUITE_TMP/main.log")" "\"event\":\"case_read\""

  TEST "CSRF: a session POST without the token, or with another session's, is refused"
  expect_equal "$(st -b jar_team -X POST -d text=x "$URL/cases/$C1/note")" 403
  expect_equal "$(st -b jar_team -X POST --data-urlencode "csrf=$(session_csrf jar_admin /cases)" -d text=x \
    "$URL/cases/$C1/note")" 403

  TEST "XSS: a report titled with HTML and script is shown escaped everywhere"
  curl -s -c jar_x -o form.html "$URL/report"
  expect_equal "$(st -b jar_x --data-urlencode "csrf=$(csrf_in form.html)" \
    --data-urlencode 'title=<script>alert(1)</script> & "quotes"' --data-urlencode 'details=<img src=x onerror=alert(2)>' \
    -d name=Eve -d email=eve@example.org "$URL/report")" 201
  XLINK=$(sed -n 's/.*<pre>\(http[^<]*\)<\/pre>.*/\1/p' body)
  expect_equal "$(st -b jar_admin "$URL/cases")" 200
  expect_not_contains "$(cat body)" "<script>alert(1)" "case list"
  expect_contains "$(cat body)" "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"
  XC=$(embargo case list --format json | python3 -c 'import json,sys; print([c["id"] for c in json.load(sys.stdin) if "script" in c["title"]][0])')
  expect_equal "$(st -b jar_admin "$URL/cases/$XC")" 200
  expect_not_contains "$(cat body)" "<img src=x" "case page"
  expect_contains "$(cat headers)" "Content-Security-Policy: default-src 'none'"
  expect_equal "$(open_private_link jar_xr "$XLINK")" 303
  expect_equal "$(st -b jar_xr "$URL/portal/$XC")" 200
  expect_not_contains "$(cat body)" "<script>alert" "portal page"

  TEST "the case list follows changes made by another process at once (its cache keys on the store's counter)"
  expect_equal "$(st -b jar_admin "$URL/cases")" 200
  expect_not_contains "$(cat body)" "renamed by the CLI" "list before the edit"
  expect_ok embargo case edit "$XC" --title "renamed by the CLI"
  expect_equal "$(st -b jar_admin "$URL/cases")" 200
  expect_contains "$(cat body)" "renamed by the CLI"
  expect_equal "$(st -b jar_admin "$URL/cases?state=reported")" 200
  expect_contains "$(cat body)" "renamed by the CLI"
  expect_ok embargo case move "$XC" rejected --why "not a bug"
  expect_equal "$(st -b jar_admin "$URL/cases?state=reported")" 200
  expect_not_contains "$(cat body)" "renamed by the CLI" "reported list after the move"

  TEST "bad form input gets a clear message, not a crash"
  curl -s -c jar_b -o form.html "$URL/report"
  expect_equal "$(st -b jar_b --data-urlencode "csrf=$(csrf_in form.html)" -d title=x -d details=y -d deadline=2026-02-30 "$URL/report")" 400
  expect_contains "$(cat body)" "deadline"
  expect_equal "$(st -b jar_admin -X POST --data-urlencode "csrf=$(session_csrf jar_admin /cases)" -d to=public -d why=x "$URL/cases/$C1/move")" 409
  expect_equal "$(st -H "Authorization: Bearer $T_TEAM" -X PATCH -d '{"impact":"huge"}' "$URL/api/v1/cases/$C1")" 400
  expect_contains "$(cat body)" "impact"
  expect_equal "$(st -H "Authorization: Bearer $T_TEAM" -X POST -d 'not json' "$URL/api/v1/cases/$C1/notes")" 400

  TEST "oversized bodies are refused by the server"
  head -c 200000 /dev/zero | tr '\0' a >big.txt
  expect_equal "$(st -b jar_team -X POST --data-binary @big.txt "$URL/cases/$C1/note")" 413
  expect_equal "$(st -H "Authorization: Bearer $T_TEAM" -X POST --data-binary @big.txt "$URL/api/v1/cases")" 413

  TEST "the team's actions land on the timeline; the reporter sees replies, not notes"
  local tc
  tc=$(session_csrf jar_team /cases)
  expect_equal "$(st -b jar_team -X POST --data-urlencode "csrf=$tc" -d "text=web note" "$URL/cases/$C1/note")" 303
  expect_equal "$(st -b jar_team -X POST --data-urlencode "csrf=$tc" -d "text=Thanks, confirmed" "$URL/cases/$C1/reply")" 303
  expect_equal "$(st -b jar_team -X POST --data-urlencode "csrf=$tc" -d to=confirmed -d "why=reproduced" "$URL/cases/$C1/move")" 303
  expect_equal "$(st -b jar_team -X POST --data-urlencode "csrf=$tc" -d "title=first case, renamed" -d impact=rce \
    -d exploitation=none "$URL/cases/$C1/edit")" 303
  expect_ok embargo timeline "$C1"
  expect_contains "$OUT" "web note"
  expect_contains "$OUT" "reported -> confirmed: reproduced"
  expect_contains "$OUT" "tina"
  expect_ok embargo timeline verify
  local lc
  lc=$(session_csrf jar_link "/portal/$C1")
  expect_equal "$(st -b jar_link -X POST --data-urlencode "csrf=$lc" -d credit="Rita R." -d deadline=2027-01-31 \
    "$URL/portal/$C1/preferences")" 303
  expect_equal "$(st -b jar_link "$URL/portal/$C1")" 200
  expect_contains "$(cat body)" "Thanks, confirmed"
  expect_contains "$(cat body)" "confirmed as a security problem"
  expect_not_contains "$(cat body)" "web note" "portal"
  expect_not_contains "$(cat body)" "reproduced" "portal"
  expect_ok embargo case show "$C1" --format json
  expect_contains "$OUT" "2027-01-31"

  TEST "secrets are not in the store or the access log"
  local dump
  dump=$(sqlite3 "$D/embargo.db" .dump)
  expect_not_contains "$dump" "$T_TEAM" "store"
  expect_not_contains "$dump" "${LINK##*t=}" "store"
  expect_not_contains "$(cat "$SUITE_TMP/main.log")" "${LINK##*t=}" "access log"
  expect_not_contains "$(cat "$SUITE_TMP/main.log")" "$ADMIN_PW" "access log"
  expect_not_contains "$(cat "$SUITE_TMP/main.log")" "$T_TEAM" "access log"

  TEST "the reporter's links are listed and revoked with their sessions; a revoked link opens nothing (issue 24, 3)"
  expect_ok embargo case link list "$C1" --format json
  local lid
  lid=$(jq -r --arg h "$(printf '%s' "${LINK##*t=}" | sha256sum | cut -c1-12)" '.[] | select(.id == $h) | .id' <<<"$OUT")
  expect_equal "$lid" "$(printf '%s' "${LINK##*t=}" | sha256sum | cut -c1-12)" "the web link's id"
  expect_equal "$(jq -r --arg i "$lid" '.[] | select(.id == $i) | "\(.label) \(.sessions) \(.expires_at != null)"' <<<"$OUT")" \
    "case page 1 true" "its label, sessions and expiry"
  expect_not_contains "$OUT" "${LINK##*t=}" "the listing"
  expect_equal "$(st -b jar_admin "$URL/cases/$C1")" 200
  expect_contains "$(cat body)" "<code>$lid</code>"
  expect_equal "$(st -b jar_admin -X POST --data-urlencode "csrf=$(session_csrf jar_admin "/cases/$C1")" -d "link=$lid" \
    "$URL/cases/$C1/revoke-link")" 303
  expect_equal "$(st -b jar_link "$URL/portal/$C1")" 404 "the session opened from the revoked link"
  expect_equal "$(st "$LINK")" 404 "the revoked link"
  expect_contains "$(embargo timeline "$C1")" "reporter link $lid revoked (1 link, with its sessions)"
  expect_exit 1 embargo case link revoke "$C1" "$lid"
  expect_contains "$ERR" "$C1 has no reporter link '$lid' (\`embargo case link list $C1\`)"
  expect_ok embargo case link revoke "$C1" all
  expect_contains "$(embargo case link list "$C1")" "no live reporter link"

  TEST "OpenAPI document is served and lists the routes"
  expect_equal "$(st "$URL/api/v1/openapi.json")" 200
  expect_ok python3 -c 'import json,sys; d=json.load(open("body")); assert d["openapi"].startswith("3."); assert "/cases/{id}" in d["paths"]'

  TEST "a grant revoked with the CLI ends the maintainer's access at once, recorded"
  expect_equal "$(st -H "Authorization: Bearer $T_MAINT" "$URL/api/v1/cases/$C1")" 200
  expect_ok embargo user revoke "$C1" max
  expect_equal "$(st -H "Authorization: Bearer $T_MAINT" "$URL/api/v1/cases/$C1")" 404
  expect_equal "$(st -b jar_maint "$URL/cases")" 200
  expect_not_contains "$(cat body)" "$C1" "the maintainer's case list"
  expect_exit 1 embargo user revoke "$C1" max
  expect_contains "$ERR" "has no grant"
  expect_ok embargo timeline "$C1"
  expect_contains "$OUT" "no longer shared with max"

  TEST "logout everywhere ends every session of the account"
  login jar_team2 tina "$TEAM_PW"
  expect_equal "$(st -b jar_team2 "$URL/cases")" 200
  expect_equal "$(st -b jar_team -X POST --data-urlencode "csrf=$(session_csrf jar_team /cases)" -d everywhere=1 "$URL/logout")" 303
  expect_equal "$(st -b jar_team "$URL/cases")" 303
  expect_equal "$(st -b jar_team2 "$URL/cases")" 303
  expect_equal "$(st -H "Authorization: Bearer $T_TEAM" "$URL/api/v1/me")" 200 "API token survives a logout"
  expect_ok embargo user logout tina
  expect_equal "$(st -H "Authorization: Bearer $T_TEAM" "$URL/api/v1/me")" 401 "after user logout"

  TEST "the report form: addresses cannot add recipients, CSRF tokens are the server's, a flood is throttled (issue 24, 4 and 6)"
  curl -s -c jar_r -o form.html "$URL/report"
  expect_equal "$(st -b jar_r --data-urlencode "csrf=$(csrf_in form.html)" -d title=x -d details=y \
    --data-urlencode $'email=eve@example.org\nbob@example.net' "$URL/report")" 400 "an address with a newline"
  expect_contains "$(cat body)" "email: an e-mail address cannot hold spaces or control characters"
  expect_equal "$(st -b jar_r --data-urlencode "csrf=$(csrf_in form.html)" -d title=x -d details=y \
    --data-urlencode $'email=eve@example.org\r\nRCPT TO:<bob@example.net>' "$URL/report")" 400 "an address with CR LF"
  expect_equal "$(st -b 'embargo_csrf=made-up' -d csrf=made-up -d title=x -d details=y "$URL/report")" 403 \
    "a cookie and field pair the caller made up"
  local accepted=0 code
  for i in 1 2 3 4 5 6; do
    code=$(st -b jar_r --data-urlencode "csrf=$(csrf_in form.html)" -d "title=flood $i" -d details=y "$URL/report")
    [ "$code" = 201 ] && accepted=$((accepted + 1))
    [ "$code" = 429 ] && break
  done
  expect_equal "$code" 429 "a flood of reports from one address"
  expect_contains "$(cat headers)" "Retry-After: 120"
  expect_contains "$(cat body)" "write to the security address by mail"
  [ "$accepted" -le 5 ] || fail "$accepted reports accepted before the throttle"

  kill -TERM "$PID"
  wait "$PID"
}
