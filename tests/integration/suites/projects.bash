# Several projects on one embargod (issue 12): [[projects]] in embargo.toml,
# `embargo case new --project`, project teams, and the cross-project rows of
# the authorisation matrix over real HTTP (pages and API): a member of
# project A does not see project B's cases unless a case is shared.

SUITE_projects_PROBE() {
  command -v curl >/dev/null || { echo "curl is not installed"; return 1; }
  command -v jq >/dev/null || { echo "jq is not installed"; return 1; }
}

# Starts embargod on the suite's data: SERVER_PID, URL.
start_server() {
  embargod --data "$EMBARGO_DATA" --listen 127.0.0.1:0 --access-log "$SUITE_TMP/access.log" \
    >"$SUITE_TMP/server.out" 2>"$SUITE_TMP/server.err" &
  SERVER_PID=$!
  URL=$(listening_url "$SUITE_TMP/server.out")
  [ -n "$URL" ] || { fail "embargod did not start: $(cat "$SUITE_TMP/server.err")"; return 1; }
}

api() { curl -s -o body -w '%{http_code}' -H "Authorization: Bearer $1" "${@:3}" "$URL/api/v1/$2"; }

login() {  # JAR NAME PASSWORD
  curl -s -c "$1" -o login.html "$URL/login"
  local tok
  tok=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' login.html | head -1)
  curl -s -c "$1" -b "$1" -o /dev/null --data-urlencode "csrf=$tok" -d "name=$2" --data-urlencode "password=$3" "$URL/login"
}

# post_form JAR CASE ACTION [FIELD=VALUE...]: the status of a case page form's POST.
post_form() {
  local jar=$1 id=$2 action=$3 tok
  shift 3
  curl -s -b "$jar" -o form.html "$URL/cases"  # every page of a session holds its csrf token
  tok=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' form.html | head -1)
  local args=(--data-urlencode "csrf=$tok")
  for f in "$@"; do args+=(--data-urlencode "$f"); done
  curl -s -b "$jar" -o posted.html -w '%{http_code}' "${args[@]}" "$URL/cases/$id/$action"
}

SUITE_projects() {
  export EMBARGO_DATA="$SUITE_TMP/d" EMBARGO_ACTOR=tester
  embargo init --project Coordinator >/dev/null
  cat >>"$EMBARGO_DATA/embargo.toml" <<'TOML'

[[projects]]
name = "exim"
display_name = "Exim"
case_prefix = "EXIM"

[[projects]]
name = "postfix"
display_name = "Postfix"
case_prefix = "PF"
TOML

  TEST "cases open in a project with its prefix; teams are kept per project; bad names are refused"
  expect_ok embargo case new --title "own case" --reporter "a@example.org"
  OWN=$OUT
  expect_ok embargo case new --title "exim case" --reporter "b@example.org" --project exim
  EX=$OUT
  expect_contains "$EX" "EXIM-"
  expect_ok embargo case new --title "postfix case" --reporter "c@example.org" --project postfix
  PF=$OUT
  expect_contains "$PF" "PF-"
  expect_exit 1 embargo case new --title "x" --reporter "d@example.org" --project sendmail
  expect_contains "$ERR" "project: 'sendmail' is not configured"
  expect_contains "$(embargo timeline "$EX")" "case of project exim (Exim)"
  TINA_PW=$(embargo user add tina --role team | sed -n 's/.*shown this once: //p')
  EVE_PW=$(embargo user add eve --role maintainer | sed -n 's/.*shown this once: //p')
  embargo user add paul --role maintainer >/dev/null
  expect_ok embargo project add-member exim eve
  expect_ok embargo project add-member postfix paul
  expect_exit 1 embargo project add-member exim ghost
  expect_exit 1 embargo project add-member sendmail eve
  expect_contains "$ERR" "not configured"
  expect_equal "$(embargo project members exim)" "eve"
  expect_ok embargo project list
  expect_contains "$OUT" "exim             EXIM     Exim (1 cases; team: eve; settings: embargo.toml)"
  cp "$EMBARGO_DATA/embargo.toml" "$SUITE_TMP/toml.bak"
  sed -i 's/^case_prefix = "PF"/case_prefix = "EXIM"/' "$EMBARGO_DATA/embargo.toml"
  expect_exit 1 embargo project list
  expect_contains "$ERR" "projects[1]: the name postfix or the case prefix EXIM is already used"
  cp "$SUITE_TMP/toml.bak" "$EMBARGO_DATA/embargo.toml"
  expect_ok embargo project list

  TEST "authorisation matrix across projects: pages and API"
  T_TINA=$(embargo user token tina | tail -1)
  T_EVE=$(embargo user token eve | tail -1)
  T_PAUL=$(embargo user token paul | tail -1)
  start_server || return
  local pid=$SERVER_PID url=$URL
  # route | tina (server team) | eve (exim team) | paul (postfix team)
  local matrix="
cases/$OWN|200 404 404
cases/$EX|404 200 404
cases/$PF|404 404 200
recipients/$EX|404 200 404"
  while IFS='|' read -r route want; do
    [ -z "$route" ] && continue
    local i=0 tokens=("$T_TINA" "$T_EVE" "$T_PAUL") names=(tina eve paul)
    for w in $want; do
      expect_equal "$(api "${tokens[$i]}" "$route")" "$w" "GET $route as ${names[$i]}"
      i=$((i + 1))
    done
  done <<<"$matrix"
  expect_equal "$(api "$T_EVE" "cases/$EX/notes" -H 'Content-Type: application/json' --data '{"text":"exim team note"}')" 200 "eve writes her project's case"
  expect_equal "$(api "$T_EVE" "cases/$PF/notes" -H 'Content-Type: application/json' --data '{"text":"x"}')" 404 "eve writes another project's case"
  expect_equal "$(api "$T_TINA" "cases/$EX/notes" -H 'Content-Type: application/json' --data '{"text":"x"}')" 404 "the server team writes a project's case"
  expect_equal "$(api "$T_EVE" cases)" 200
  expect_equal "$(jq -r '[.[].id] | join(" ")' body)" "$EX" "eve's case list"
  expect_equal "$(api "$T_TINA" cases)" 200
  expect_equal "$(jq -r '[.[].id] | join(" ")' body)" "$OWN" "tina's case list"
  embargo user grant "$PF" eve >/dev/null
  expect_equal "$(api "$T_EVE" "cases/$PF")" 200 "eve reads a case shared with her"
  expect_equal "$(api "$T_EVE" "cases/$PF/notes" -H 'Content-Type: application/json' --data '{"text":"x"}')" 403 "but may not change it"
  expect_equal "$(api "$T_EVE" cases)" 200
  expect_equal "$(jq -r '[.[].id] | join(" ")' body)" "$EX $PF" "eve's case list with the shared case"
  login jar eve "$EVE_PW"
  expect_equal "$(curl -s -o page.html -w '%{http_code}' -b jar "$url/cases")" 200
  expect_contains "$(cat page.html)" "$EX"
  expect_not_contains "$(cat page.html)" "$OWN" "eve's case list page"
  expect_equal "$(curl -s -o page.html -w '%{http_code}' -b jar "$url/cases/$EX")" 200
  expect_contains "$(cat page.html)" "exim team note"
  expect_equal "$(curl -s -o page.html -w '%{http_code}' -b jar "$url/cases/$OWN")" 404

  TEST "/stats, /team and /metrics show only the cases the caller may open (issue 24, finding 1)"
  expect_equal "$(curl -s -o page.html -w '%{http_code}' -b jar "$url/stats")" 200
  expect_contains "$(cat page.html)" "$EX" "eve's /stats shows her project's case"
  expect_contains "$(cat page.html)" "$PF" "eve's /stats shows the case shared with her"
  expect_not_contains "$(cat page.html)" "$OWN" "eve's /stats"
  login tjar tina "$TINA_PW"
  for page in stats team; do
    expect_equal "$(curl -s -o page.html -w '%{http_code}' -b tjar "$url/$page")" 200 "tina's /$page"
    expect_contains "$(cat page.html)" "$OWN" "tina's /$page"
    expect_not_contains "$(cat page.html)" "$EX" "tina's /$page"
    expect_not_contains "$(cat page.html)" "$PF" "tina's /$page"
  done
  curl -s -o metrics.txt -H "Authorization: Bearer $T_TINA" "$url/metrics"
  expect_contains "$(cat metrics.txt)" 'embargo_cases{state="reported"} 1' "tina's /metrics counts her one case"
  kill -TERM "$pid"
  wait "$pid"

  TEST "sharing a project's case: its team shares and makes links, on the timeline; others are refused"
  embargo user add rita --role reporter >/dev/null
  embargo user add vic --role maintainer >/dev/null
  embargo user grant "$EX" rita >/dev/null
  T_RITA=$(embargo user token rita | tail -1)
  embargo user grant "$PF" tina --write >/dev/null
  start_server || return
  local json=(-H 'Content-Type: application/json')
  expect_equal "$(api "$T_EVE" "cases/$EX/grants" "${json[@]}" --data '{"user":"paul"}')" 201 "eve shares her project's case"
  expect_contains "$(embargo timeline "$EX")" "shared with paul (read only)"
  expect_equal "$(api "$T_EVE" "cases/$EX/grants")" 200 "eve reads her project's access list"
  expect_contains "$(cat body)" '"paul"'
  # case | tina (server team, write grant on PF) | eve (exim team, read grant on PF) |
  # paul (postfix team, read grant on EX) | rita (reporter, granted EX)
  local matrix="
$EX|404 201 403 404
$PF|201 403 201 404
$OWN|201 404 404 404"
  while IFS='|' read -r id want; do
    [ -z "$id" ] && continue
    local i=0 tokens=("$T_TINA" "$T_EVE" "$T_PAUL" "$T_RITA") names=(tina eve paul rita)
    for w in $want; do
      expect_equal "$(api "${tokens[$i]}" "cases/$id/grants" "${json[@]}" --data '{"user":"vic"}')" "$w" \
        "share $id as ${names[$i]}"
      i=$((i + 1))
    done
  done <<<"$matrix"
  embargo user grant "$EX" paul --write >/dev/null
  expect_equal "$(api "$T_PAUL" "cases/$EX/grants" "${json[@]}" --data '{"user":"vic"}')" 403 \
    "another project's member with write access"
  expect_equal "$(api "$T_PAUL" "cases/$EX/grants")" 403 "nor reads its access list"

  login eve.jar eve "$EVE_PW"
  expect_equal "$(curl -s -o page.html -w '%{http_code}' -b eve.jar "$URL/cases/$EX")" 200
  expect_contains "$(cat page.html)" "Project: <strong>Exim (exim)</strong>"
  expect_contains "$(cat page.html)" "/cases/$EX/share"
  expect_equal "$(post_form eve.jar "$EX" share user=vic write=1)" 303 "eve shares on the page"
  expect_contains "$(embargo timeline "$EX")" "shared with vic (read and write)"
  expect_equal "$(post_form eve.jar "$EX" link)" 200 "eve makes a reporter link"
  expect_contains "$(cat posted.html)" "/portal/open?t="
  expect_contains "$(embargo timeline "$EX")" "new private link for the reporter"
  expect_equal "$(curl -s -o page.html -w '%{http_code}' -b eve.jar "$URL/cases/$PF")" 200
  expect_contains "$(cat page.html)" "Project: <strong>Postfix (postfix)</strong>"
  expect_not_contains "$(cat page.html)" "/share"
  expect_equal "$(post_form eve.jar "$PF" share user=eve write=1)" 403 "eve shares another project's case"
  expect_equal "$(post_form eve.jar "$PF" link)" 403 "eve makes a link for another project's case"
  login tina.jar tina "$TINA_PW"
  expect_equal "$(curl -s -o page.html -w '%{http_code}' -b tina.jar "$URL/cases/$OWN")" 200
  expect_contains "$(cat page.html)" "Project: <strong>Coordinator</strong>"
  expect_equal "$(post_form tina.jar "$PF" share user=vic)" 303 "the server team with write access shares"
  expect_equal "$(post_form tina.jar "$EX" share user=vic)" 404 "the server team without access"
  expect_not_contains "$(embargo timeline "$PF")" "shared with eve (read and write)"
  kill -TERM "$SERVER_PID"
  wait "$SERVER_PID"
}
