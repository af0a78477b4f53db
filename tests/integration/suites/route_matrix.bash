# The route x role x project matrix (issue 24): every route embargod serves,
# web and API, asked by every kind of caller about cases of the server's own
# project and of another project, with 0 unexpected allows.
#
# The routes are derived from the code (code_routes below: the prefixes given
# to the router, the actions and paths the handlers dispatch on, and the API's
# OpenAPI document), and the suite fails when one is not covered by a row of
# the matrix: a new route needs a row here.
#
# Roles, in the order of each row's expectations:
#   anon    nobody (no cookie, no token)
#   portal  the reporter's session opened from the private link of case C
#   recip   deb, a recipient's person (debian, on the distros list C was notified to)
#   maint   max, a maintainer granted read access to C
#   tin     olga, a team account on project other's team
#   tout    tina, a team account outside project other
#   admin   adam, an admin account outside project other
# Cases: C (the server's own, notified to distros, files from mail), C2 (the
# server's own, notified to nobody), O (project other's, files from mail).
# Expectations: y = let through (not 401/403/404 nor sent to the login page),
# n = refused, ? = either (a public page, or an answer that depends on the
# form). An "allow" is a 2xx answer or a redirect elsewhere than the login
# page; one on an n cell is an unexpected allow. A 5xx answer always fails.

source "$EMBARGO_SOURCE/tests/integration/suites/recipients.bash"  # rcp_setup, rcp_stop
source "$EMBARGO_SOURCE/tests/integration/suites/web.bash"         # start_web, st, login, session_csrf, password_in

SUITE_route_matrix_PROBE() { SUITE_recipients_PROBE && SUITE_web_PROBE && command -v jq >/dev/null; }

# code_routes: one key a line for every route the server registers and every
# sub-route its handlers dispatch on (IDs written as ID, file names as NAME).
code_routes() {
  local h="$EMBARGO_SOURCE/src/embargo/http" f
  grep -rho 'router\.add("[^"]*"' "$h" | sed 's/router\.add("//; s/"$//'
  sed -n 's/.*k_[a-z]*_prefix = "\([^"]*\)".*/\1/p' "$h/downloads/download_area.cpp"
  grep -rho 'path == "/[^"]*"' "$h/web" "$h/api" | sed 's/path == "//; s/"$//'
  for f in web_pages:/cases/ID/ web_case_actions:/cases/ID/ web_portal:/portal/ID/ web_quarantine:/quarantine/ID/ \
    web_totp:/account/totp/; do
    grep -o 'action [!=]= "[^"]*"' "$h/web/${f%%:*}.cpp" | sed "s|action [!=]= \"|${f#*:}|; s/\"\$//"
  done
  grep -o 'parts\[1\] != "[^"]*"' "$h/web/web_pages.cpp" | sed 's|parts\[1\] != "|/cases/ID/|; s|"$|/NAME|'
  # The API: every method and path of its OpenAPI document (api/openapi.cpp).
  curl -s "$URL/api/v1/openapi.json" |
    jq -r '.paths | to_entries[] | .key as $p | .value | keys[] | select(test("^(get|post|put|patch|delete)$")) |
      "API \(ascii_upcase) \($p)"'
}

# mail_with_file MESSAGE-ID: a report with an attachment.
mail_with_file() {
  printf 'From: Jane Roe <jane@example.net>\nTo: security@example.org\nSubject: report %s\nMessage-ID: <%s>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nThe overflow.\n--b\nContent-Type: text/plain\nContent-Disposition: attachment; filename="poc.txt"\n\nproof\n--b--\n' "$1" "$1"
}

# allowed STATUS LOCATION: the answer let the request through.
allowed() {
  case $1 in
    2??) return 0 ;;
    30[1237]) [[ $2 != */login* ]] ;;
    *) return 1 ;;
  esac
}

# refused STATUS LOCATION
refused() {
  case $1 in
    401 | 403 | 404) return 0 ;;
    30[1237]) [[ $2 == */login* ]] ;;
    *) return 1 ;;
  esac
}

matrix_setup() {
  rcp_setup
  unset EMBARGO_NOW
  cat >>"$EMBARGO_DATA/embargo.toml" <<'TOML'

[[projects]]
name = "other"
display_name = "Other"
case_prefix = "OTH"
TOML
  sed -i 's|^deliver_on_intake = true|deliver_on_intake = false|' "$EMBARGO_DATA/embargo.toml"
  MC=$(mail_with_file c@example.net | embargo intake mail 2>/dev/null | awk '$1 == "new-case" {print $2}')
  O=$(mail_with_file o@example.net | embargo intake mail --project other 2>/dev/null | awk '$1 == "new-case" {print $2}')
  embargo vuln add "$MC" --title "overflow" >/dev/null
  embargo vuln add "$O" --title "overflow" >/dev/null
  embargo notice send "$MC" advance --list distros >/dev/null
  FILE=$(embargo case files "$MC" --format json | jq -r '.[0].name')
  OFILE=$(embargo case files "$O" --format json | jq -r '.[0].name')
  RFILE=exim-9.9.9.tar.gz  # a release file on C and on O (GET /cases/ID/files/NAME)
  printf 'release bytes\n' >"$RFILE"
  embargo files add "$MC" "$RFILE" >/dev/null
  embargo files add "$O" "$RFILE" >/dev/null
  printf 'no header here, only text\n' | embargo intake mail >/dev/null 2>&1
  QS=$(embargo quarantine list --format json | jq -r '.[0].id')
  printf 'no header here either, other text\n' | embargo intake mail --project other >/dev/null 2>&1
  QO=$(embargo quarantine list --format json | jq -r '.[] | select(.project == "other") | .id')
  ADAM_PW=$(password_in "$(embargo user add adam --role admin)")
  TINA_PW=$(password_in "$(embargo user add tina --role team)")
  OLGA_PW=$(password_in "$(embargo user add olga --role team)")
  MAX_PW=$(password_in "$(embargo user add max --role maintainer)")
  DEB_PW=$(password_in "$(embargo user add deb --role maintainer)")
  embargo project add-member other olga >/dev/null
  embargo user grant "$MC" max >/dev/null
  TOK_recip=$(embargo user token deb | tail -1)
  TOK_maint=$(embargo user token max | tail -1)
  TOK_tin=$(embargo user token olga | tail -1)
  TOK_tout=$(embargo user token tina | tail -1)
  TOK_admin=$(embargo user token adam | tail -1)
  USERCODE_PW=$(embargo usercode new "$MC" --list distros | sed -n 's/^  password: //p')
}

SUITE_route_matrix() {
  TEST "every route x every role x two projects: 0 unexpected allows, and every route in the code is covered"
  matrix_setup
  for v in MC O C2 FILE OFILE RFILE QS QO; do
    [ -n "${!v}" ] && [ "${!v}" != null ] || fail "setup: $v is empty"
  done
  start_web matrix "$EMBARGO_DATA"
  login jar_recip deb "$DEB_PW"
  login jar_maint max "$MAX_PW"
  login jar_tin olga "$OLGA_PW"
  login jar_tout tina "$TINA_PW"
  login jar_admin adam "$ADAM_PW"
  touch jar_anon
  expect_equal "$(st -b jar_admin -X POST --data-urlencode "csrf=$(session_csrf jar_admin "/cases/$MC")" \
    "$URL/cases/$MC/link")" 200 "a private link for C"
  LINK=$(sed -n 's/.*<pre>\(http[^<]*\)<\/pre>.*/\1/p' body | sed 's/&amp;/\&/g')
  expect_equal "$(open_private_link jar_portal "$LINK")" 303 "the portal session"
  local role roles=(anon portal recip maint tin tout admin)
  declare -A CSRF
  for role in "${roles[@]}"; do
    CSRF[$role]=""
    [ "$role" = anon ] && continue
    CSRF[$role]=$(session_csrf "jar_$role" /cases)
    [ -n "${CSRF[$role]}" ] || CSRF[$role]=$(session_csrf "jar_$role" "/portal/$MC")
  done
  C=$MC
  # KEY | MODE METHOD PATH | anon portal recip maint tin tout admin
  # MODE: W = the role's session cookie (forms carry its CSRF token), A = its API token (the portal: its cookie).
  local matrix="
/|W GET /|???????
/static/|W GET /static/style.css|yyyyyyy
/static/cvss.js|W GET /static/cvss.js|yyyyyyy
/static/style.css|W GET /static/style.css|yyyyyyy
/static/openpgp.min.js|W GET /static/openpgp.min.js|???????
/static/report.js|W GET /static/report.js|???????
/login|W GET /login|???????
/logout|W GET /logout|???????
/login/code|W GET /login/code|???????
/account|W GET /account|nnyyyyy
/account/totp/start|W POST /account/totp/start|n??????
/account/totp/confirm|W POST /account/totp/confirm|n??????
/account/totp/disable|W POST /account/totp/disable|n??????
/cases|W GET /cases|nnyyyyy
/cases/|W GET /cases/|nnyyyyy
/cases|W GET /cases/$C|nnnyyyy
/cases|W GET /cases/$C2|nnnnyyy
/cases|W GET /cases/$O|nnnnynn
/cases|W GET /cases/$O?notice=ack|nnnnynn
/cases/ID/mailfiles/NAME|W GET /cases/$C/mailfiles/$FILE|nnnyyyy
/cases/ID/mailfiles/NAME|W GET /cases/$O/mailfiles/$OFILE|nnnnynn
/cases/ID/mailfiles/NAME|W GET /cases/$O/mailfiles/$FILE|nnnn?nn
/cases/ID/files/NAME|W GET /cases/$C/files/$RFILE|nnnyyyy
/cases/ID/files/NAME|W GET /cases/$O/files/$RFILE|nnnnynn
/cases/ID/files/NAME|W GET /cases/$C/files/$OFILE|nnnnnnn
/cases/ID/note|W POST /cases/$C/note|nnnnyyy
/cases/ID/note|W POST /cases/$O/note|nnnnynn
/cases/ID/reply|W POST /cases/$O/reply|nnnn?nn
/cases/ID/tested-on|W POST /cases/$C/tested-on|nnn????
/cases/ID/tested-on|W POST /cases/$O/tested-on|nnnn?nn
/cases/ID/answer|W POST /cases/$O/answer|nnnn?nn
/cases/ID/move|W POST /cases/$O/move|nnnn?nn
/cases/ID/move|W POST /cases/$C/move|nnnn???
/cases/ID/edit|W POST /cases/$O/edit|nnnn?nn
/cases/ID/share|W POST /cases/$O/share|nnnn?nn
/cases/ID/share|W POST /cases/$C/share|nnnn???
/cases/ID/link|W POST /cases/$O/link|nnnnynn
/cases/ID/revoke-link|W POST /cases/$O/revoke-link|nnnn?nn
/cases/ID/vuln|W POST /cases/$O/vuln|nnnn?nn
/cases/ID/cvss|W POST /cases/$O/cvss|nnnn?nn
/cases/ID/ids|W POST /cases/$O/ids|nnnn?nn
/cases/ID/plan|W POST /cases/$O/plan|nnnn?nn
/cases/ID/plan|W POST /cases/$C/plan|nnnn???
/report|W GET /report|???????
/portal/|W GET /portal/$C|nynyyyy
/portal/|W GET /portal/$O|nnnnynn
/portal/open|W GET /portal/open?t=guess|???????
/portal/ID/message|W POST /portal/$C/message|nynnnnn
/portal/ID/message|W POST /portal/$O/message|nnnnnnn
/portal/ID/preferences|W POST /portal/$O/preferences|nnnnnnn
/portal/ID/key|W POST /portal/$O/key|nnnnnnn
/portal/ID/credit|W POST /portal/$O/credit|nnnnnnn
/recipients/|W GET /recipients/$C|nnyyyyy
/recipients/|W GET /recipients/$C2|nnnnyyy
/recipients/|W GET /recipients/$O|nnnnynn
/recipients/|W POST /recipients/$O|nnnn?nn
/team|W GET /team|nnnnyyy
/stats|W GET /stats|nnyyyyy
/metrics|A GET /metrics|nnnnyyy
/quarantine|W GET /quarantine|nnnnyyy
/quarantine/|W GET /quarantine/|nnnnyyy
/quarantine|W GET /quarantine/$QS|nnnnyyy
/quarantine|W GET /quarantine/$QO|nnnnynn
/quarantine/ID/release|W POST /quarantine/$QO/release|nnnn?nn
/quarantine/ID/discard|W POST /quarantine/$QO/discard|nnnn?nn
/quarantine/ID/release|W POST /quarantine/$QS/release|nnnn???
/embargo/|W GET /embargo/$C/|nnnnnnn
/embargo/|W GET /embargo/$O/|nnnnnnn
/public/|W GET /public/$O/|???????
/api/|A GET /api/v1/cases|nnyyyyy
/api/v1/openapi.json|A GET /api/v1/openapi.json|yyyyyyy
API GET /me|A GET /api/v1/me|nnyyyyy
API GET /cases|A GET /api/v1/cases|nnyyyyy
API POST /cases|A POST /api/v1/cases|nn?????
API GET /cases/{id}|A GET /api/v1/cases/$C|nnnyyyy
API GET /cases/{id}|A GET /api/v1/cases/$O|nnnnynn
API PATCH /cases/{id}|A PATCH /api/v1/cases/$O|nnnn?nn
API POST /cases/{id}/notes|A POST /api/v1/cases/$O/notes|nnnn?nn
API POST /cases/{id}/notes|A POST /api/v1/cases/$C/notes|nnnn???
API POST /cases/{id}/messages|A POST /api/v1/cases/$O/messages|nnnn?nn
API POST /cases/{id}/replies|A POST /api/v1/cases/$O/replies|nnnn?nn
API GET /cases/{id}/vulnerabilities|A GET /api/v1/cases/$O/vulnerabilities|nnnnynn
API POST /cases/{id}/vulnerabilities|A POST /api/v1/cases/$O/vulnerabilities|nnnn?nn
API PATCH /cases/{id}/vulnerabilities/{n}|A PATCH /api/v1/cases/$O/vulnerabilities/1|nnnn?nn
API GET /cases/{id}/grants|A GET /api/v1/cases/$O/grants|nnnnynn
API POST /cases/{id}/grants|A POST /api/v1/cases/$O/grants|nnnn?nn
API GET /cases/{id}/plan|A GET /api/v1/cases/$O/plan|nnnnynn
API POST /cases/{id}/plan|A POST /api/v1/cases/$O/plan|nnnn?nn
API POST /cases/{id}/plan/propose|A POST /api/v1/cases/$O/plan/propose|nnnn?nn
API POST /cases/{id}/plan/check|A POST /api/v1/cases/$O/plan/check|nnnn?nn
API POST /cases/{id}/state|A POST /api/v1/cases/$O/state|nnnn?nn
API POST /cases/{id}/credit|A POST /api/v1/cases/$O/credit|nnnn?nn
API POST /cases/{id}/tested-on|A POST /api/v1/cases/$C/tested-on|nnn????
API POST /cases/{id}/tested-on|A POST /api/v1/cases/$O/tested-on|nnnn?nn
API GET /recipients/{id}|A GET /api/v1/recipients/$C|nnyyyyy
/api/v1/recipients/|A GET /api/v1/recipients/$C2|nnnnyyy
API GET /recipients/{id}|A GET /api/v1/recipients/$O|nnnnynn
API POST /recipients/{id}|A POST /api/v1/recipients/$O|nnnn?nn
API POST /recipients/{id}|A POST /api/v1/recipients/$C2|nnnn???"

  # Every route in the code has a row.
  local covered keys missing=0
  covered=$(cut -d'|' -f1 <<<"$matrix" | sort -u)
  keys=$(code_routes | sort -u)
  [ "$(wc -l <<<"$keys")" -gt 40 ] || fail "code_routes found only $(wc -l <<<"$keys") routes: $keys"
  while IFS= read -r key; do
    [ -z "$key" ] && continue
    if ! grep -qxF -- "$key" <<<"$covered"; then
      fail "route $key (from the code) has no row in the matrix"
      missing=$((missing + 1))
    fi
  done <<<"$keys"

  local n=0 unexpected=0 key req want method path mode i got loc w args
  while IFS='|' read -r key req want; do
    [ -z "$key" ] && continue
    read -r mode method path <<<"$req"
    for i in "${!roles[@]}"; do
      role=${roles[$i]}
      w=${want:$i:1}
      args=(-s -o body -D headers -w '%{http_code}' -X "$method")
      if [ "$mode" = A ] && [ "$role" != portal ]; then
        local tv="TOK_$role"
        [ "$role" != anon ] && args+=(-H "Authorization: Bearer ${!tv}")
        [ "$method" != GET ] && args+=(-H 'Content-Type: application/json' --data '{"text":"matrix"}')
      else
        args+=(-b "jar_$role")
        [ "$method" != GET ] && args+=(--data-urlencode "csrf=${CSRF[$role]}" -d text=matrix)
      fi
      got=$(curl "${args[@]}" "$URL$path")
      loc=$(sed -n 's/^[Ll]ocation: *//p' headers | tr -d '\r')
      n=$((n + 1))
      case $got in 5??) fail "$method $path as $role: $got" ;; esac
      if [ "$w" = n ] && allowed "$got" "$loc"; then
        unexpected=$((unexpected + 1))
        fail "unexpected allow: $method $path as $role: $got $loc"
      elif [ "$w" = y ] && ! { allowed "$got" "$loc" || ! refused "$got" "$loc"; }; then
        fail "$method $path as $role: refused ($got $loc), expected to be let through"
      fi
    done
  done <<<"$matrix"

  # The download area by its own credentials: the usercode of C's list is taken for C (403: its area opens with
  # the release window, which C has not) and not for O (401).
  got=$(curl -s -o body -w '%{http_code}' --digest -u "distros:$USERCODE_PW" "$URL/embargo/$C/")
  n=$((n + 1))
  expect_equal "$got" 403 "C's usercode on C"
  expect_contains "$(cat body)" "is not open yet" "C's usercode on C"
  got=$(curl -s -o body -w '%{http_code}' --digest -u "distros:$USERCODE_PW" "$URL/embargo/$O/")
  n=$((n + 1))
  if [ "$got" != 401 ]; then
    unexpected=$((unexpected + 1))
    fail "unexpected answer: /embargo/$O/ with C's usercode: $got"
  fi
  echo "matrix: $n requests, $unexpected unexpected allows ($(wc -l <<<"$keys") routes from the code, $missing uncovered)"
  kill -TERM "$PID"
  wait "$PID"
  rcp_stop
}
