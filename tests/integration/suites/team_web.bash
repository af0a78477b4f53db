# The team's pages of issue 13 over real HTTP: /team (who holds what, who is
# away), /stats (response times, cases over policy in red) and /metrics
# (Prometheus text, aggregates only), with who may see what.

# The web suite's helpers: start_web, st, login, password_in.
source "$EMBARGO_SOURCE/tests/integration/suites/web.bash"

SUITE_team_web_PROBE() { SUITE_web_PROBE; }

SUITE_team_web() {
  export EMBARGO_ACTOR=tester
  local D="$SUITE_TMP/data"
  start_web first "$D"
  kill -TERM "$PID"
  wait "$PID"
  export EMBARGO_DATA="$D"
  # An old case nobody answered, and a fresh one answered at once.
  C1=$(EMBARGO_NOW=2026-01-05T09:00:00Z embargo case new --title "SECRET-TITLE-ONE" --reporter "r1@example.org")
  C2=$(embargo case new --title "SECRET-TITLE-TWO" --reporter "r2@example.org")
  expect_ok embargo case move "$C2" confirmed --why "reproduced"
  TEAM_PW=$(password_in "$(embargo user add tina --role team)")
  embargo user add tom --role team >/dev/null
  MAINT_PW=$(password_in "$(embargo user add max --role maintainer)")
  REP_PW=$(password_in "$(embargo user add rita --role reporter)")
  expect_ok embargo user grant "$C2" max
  expect_ok embargo user grant "$C2" rita
  expect_ok embargo case assign "$C1" --owner tina --backup tom
  expect_ok embargo user away tina --from 2026-01-01 --until 2099-12-31
  T_TEAM=$(embargo user token tina | tail -1)
  T_MAINT=$(embargo user token max | tail -1)
  T_REP=$(embargo user token rita | tail -1)
  start_web team "$D"

  TEST "/metrics: 401 without credentials, 404 for maintainers and reporters, aggregates for the team"
  expect_equal "$(st "$URL/metrics")" "401"
  expect_equal "$(st -H "Authorization: Bearer $T_MAINT" "$URL/metrics")" "404"
  expect_equal "$(st -H "Authorization: Bearer $T_REP" "$URL/metrics")" "404"
  expect_equal "$(st -H "Authorization: Bearer not-a-token" "$URL/metrics")" "401"
  expect_equal "$(st -H "Authorization: Bearer $T_TEAM" "$URL/metrics")" "200"
  expect_contains "$(cat headers)" "text/plain; version=0.0.4"
  expect_contains "$(cat body)" 'embargo_cases{state="reported"} 1'
  expect_contains "$(cat body)" 'embargo_cases{state="confirmed"} 1'
  expect_contains "$(cat body)" 'embargo_cases_over_policy 1'
  expect_contains "$(cat body)" 'embargo_response_cases{step="confirm"} 1'
  expect_contains "$(cat body)" 'embargo_response_median_seconds{step="confirm"}'
  expect_not_contains "$(cat body)" "EMB-"
  expect_not_contains "$(cat body)" "SECRET-TITLE"

  TEST "/stats: every case for the team with the late one in red; a maintainer sees only what is shared"
  login tj tina "$TEAM_PW"
  expect_equal "$(st -b tj "$URL/stats")" "200"
  expect_contains "$(cat body)" "$C1"
  expect_contains "$(cat body)" "$C2"
  expect_contains "$(cat body)" "<tr class=\"error\"><td><a href=\"/cases/$C1\">"
  expect_contains "$(cat body)" "over policy: acknowledge, stale"
  expect_not_contains "$(cat body)" "<tr class=\"error\"><td><a href=\"/cases/$C2\">"
  login mj max "$MAINT_PW"
  expect_equal "$(st -b mj "$URL/stats")" "200"
  expect_contains "$(cat body)" "$C2"
  expect_not_contains "$(cat body)" "$C1"
  login rj rita "$REP_PW"
  expect_equal "$(st -b rj "$URL/stats")" "404"
  expect_equal "$(st "$URL/stats")" "404"

  TEST "/team: who holds what and who is away, for the team only"
  expect_equal "$(st -b tj "$URL/team")" "200"
  expect_contains "$(cat body)" "<td>tina</td><td>no key</td><td>away</td>"
  expect_contains "$(cat body)" "<td><a href=\"/cases/$C1\">$C1</a></td><td>tina</td><td>tom</td><td>tom</td>"
  expect_contains "$(cat body)" "<td><a href=\"/cases/$C2\">$C2</a></td><td>state-change</td><td>tester</td>"
  expect_contains "$(cat body)" "<td><a href=\"/cases/$C2\">$C2</a></td><td>new-report</td>"
  expect_not_contains "$(cat body)" "SECRET-TITLE"
  expect_equal "$(st -b mj "$URL/team")" "404"
  expect_equal "$(st -b rj "$URL/team")" "404"

  TEST "/: the front page says what is due, overdue in red, only of the cases the viewer may open"
  expect_equal "$(st -b tj "$URL/")" "200"
  expect_contains "$(cat body)" "<h1>What is due</h1>"
  # C1 waited since January for an acknowledgement: overdue, with its acting holder (tina is away: tom).
  expect_contains "$(cat body)" "<tr class=\"error\"><td><strong>OVERDUE</strong>"
  expect_contains "$(cat body)" "<a href=\"/cases/$C1\">$C1</a></td><td>acknowledge the reporter</td><td>tom</td>"
  expect_contains "$(cat body)" "<a href=\"/cases/$C2\">$C2</a>"
  for id in due releases quarantine unacknowledged duties; do
    expect_contains "$(cat body)" "<section id=\"$id\">"
  done
  expect_contains "$(cat body)" "No release is scheduled in the next 14 days."
  expect_contains "$(cat body)" "<nav><a href=\"/\">Due</a>"
  expect_not_contains "$(cat body)" "SECRET-TITLE"
  # A maintainer: only the case shared with them; no quarantine section's contents for them either.
  expect_equal "$(st -b mj "$URL/")" "200"
  expect_contains "$(cat body)" "$C2"
  expect_not_contains "$(cat body)" "$C1"
  # A reporter's account goes to the portal, nobody to the login page; a POST is refused.
  expect_equal "$(st -b rj "$URL/")" "303"
  expect_contains "$(tr A-Z a-z <headers)" "location: /portal/"
  expect_equal "$(st "$URL/")" "303"
  expect_contains "$(tr A-Z a-z <headers)" "location: /login"
  expect_equal "$(st -b tj -X POST "$URL/")" "405"

  TEST "embargo report stats: the same figures, and a maintainer's view"
  expect_ok embargo report stats --format json
  expect_equal "$(echo "$OUT" | jq -r '.median.cases, .median.over_policy')" "2
1"
  expect_equal "$(echo "$OUT" | jq -r ".cases[] | select(.case==\"$C1\") | .over_policy | join(\",\")")" "acknowledge,stale"
  EMBARGO_ACTOR=max expect_ok embargo report stats --format json
  expect_equal "$(echo "$OUT" | jq -r '[.cases[].case] | join(",")')" "$C2"
  expect_ok embargo report stats --since 2026-06-01 --format json
  expect_equal "$(echo "$OUT" | jq -r '[.cases[].case] | join(",")')" "$C2"
  expect_exit 1 embargo report stats --since yesterday
  expect_contains "$ERR" "since:"
  kill -TERM "$PID"
  wait "$PID"
}
