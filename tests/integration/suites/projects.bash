# Several projects on one embargod (issue 12): [[projects]] in embargo.toml,
# `embargo case new --project`, project teams, and the cross-project rows of
# the authorisation matrix over real HTTP (pages and API): a member of
# project A does not see project B's cases unless a case is shared.

SUITE_projects_PROBE() {
  command -v curl >/dev/null || { echo "curl is not installed"; return 1; }
  command -v jq >/dev/null || { echo "jq is not installed"; return 1; }
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
  embargod --data "$EMBARGO_DATA" --listen 127.0.0.1:0 --access-log "$SUITE_TMP/access.log" \
    >"$SUITE_TMP/server.out" 2>"$SUITE_TMP/server.err" &
  local pid=$! url=""
  for _ in $(seq 200); do
    url=$(sed -n 's/^embargod: listening on //p' "$SUITE_TMP/server.out")
    [ -n "$url" ] && break
    sleep 0.05
  done
  [ -n "$url" ] || { fail "embargod did not start: $(cat "$SUITE_TMP/server.err")"; return; }
  api() { curl -s -o body -w '%{http_code}' -H "Authorization: Bearer $1" "${@:3}" "$url/api/v1/$2"; }
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
  curl -s -c jar -o login.html "$url/login"
  tok=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' login.html | head -1)
  curl -s -c jar -b jar -o /dev/null --data-urlencode "csrf=$tok" -d name=eve --data-urlencode "password=$EVE_PW" "$url/login"
  expect_equal "$(curl -s -o page.html -w '%{http_code}' -b jar "$url/cases")" 200
  expect_contains "$(cat page.html)" "$EX"
  expect_not_contains "$(cat page.html)" "$OWN" "eve's case list page"
  expect_equal "$(curl -s -o page.html -w '%{http_code}' -b jar "$url/cases/$EX")" 200
  expect_contains "$(cat page.html)" "exim team note"
  expect_equal "$(curl -s -o page.html -w '%{http_code}' -b jar "$url/cases/$OWN")" 404
  kill -TERM "$pid"
  wait "$pid"
}
