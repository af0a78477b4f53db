# The web face in Debian's headless chromium driven by playwright-core
# (tests/browser/web_flow.cjs): report, triage, move, what the reporter sees.
# playwright-core is installed with npm into the build directory on first run
# (EMBARGO_BROWSER_DEPS overrides the place). Skipped, with the reason, when
# chromium, node or npm are missing or npm cannot install it.
# Screenshots go to $EMBARGO_SCREENSHOTS when set (to look at them).

source "$EMBARGO_SOURCE/tests/integration/lib/npm_deps.bash"

browser_deps() { echo "${EMBARGO_BROWSER_DEPS:-$EMBARGO_BIN/../browser-deps}"; }

SUITE_browser_PROBE() {
  [ -x /usr/bin/chromium ] || { echo "chromium is not installed (apt-get install chromium)"; return 1; }
  command -v node >/dev/null || { echo "node is not installed (apt-get install nodejs)"; return 1; }
  command -v npm >/dev/null || { echo "npm is not installed (apt-get install npm)"; return 1; }
  npm_deps "$(browser_deps)" "$EMBARGO_SOURCE/tests/browser/package.json" playwright-core
}

SUITE_browser() {
  TEST "report, triage and follow a case in chromium"
  embargod --data "$SUITE_TMP/d" --listen 127.0.0.1:0 --access-log "$SUITE_TMP/access.log" \
    >"$SUITE_TMP/server.out" 2>"$SUITE_TMP/err" &
  local pid=$! url
  url=$(listening_url "$SUITE_TMP/server.out")
  [ -n "$url" ] || { fail "embargod did not start: $(cat "$SUITE_TMP/err")"; return; }
  local shots=${EMBARGO_SCREENSHOTS:-$SUITE_TMP/shots}
  mkdir -p "$shots"
  local password
  password=$(sed -n 's/.*shown once: //p' "$SUITE_TMP/server.out")
  export EMBARGO_URL=$url EMBARGO_ADMIN_PASSWORD=$password SCREENSHOTS=$shots NODE_PATH="$(browser_deps)/node_modules"
  expect_ok timeout 120 node "$EMBARGO_SOURCE/tests/browser/web_flow.cjs"
  expect_contains "$OUT" "browser flow: ok"
  [ -f "$shots/05-case-page.png" ] || fail "no screenshot of the case page"
  kill -TERM "$pid"
  wait "$pid"

  TEST "the case page in chromium: the header's next step and time left, the parts in process order; CVSS; the plan"
  local d2="$SUITE_TMP/d2"
  EMBARGO_ACTOR=tester embargo init --data "$d2" >/dev/null
  sed -i 's|^zones = .*|zones = ["Europe/London", "America/New_York"]|' "$d2/embargo.toml"
  local case_id team_pw
  case_id=$(EMBARGO_DATA=$d2 EMBARGO_ACTOR=tester embargo case new --title "overflow" --reporter "r@example.org")
  EMBARGO_DATA=$d2 EMBARGO_ACTOR=tester embargo vuln add "$case_id" --title "heap overflow in the parser" >/dev/null
  # Planned and scheduled, so that the header has a next step with its time (issue 26).
  EMBARGO_DATA=$d2 EMBARGO_ACTOR=tester embargo case plan "$case_id" --release 2030-03-12T14:00Z >/dev/null ||
    fail "case plan"
  EMBARGO_DATA=$d2 EMBARGO_ACTOR=tester embargo release schedule "$case_id" >/dev/null || fail "release schedule"
  team_pw=$(EMBARGO_DATA=$d2 EMBARGO_ACTOR=tester embargo user add tina --role team | sed -n 's/.*shown this once: //p')
  embargod --data "$d2" --listen 127.0.0.1:0 --access-log "$SUITE_TMP/access2.log" \
    >"$SUITE_TMP/server2.out" 2>"$SUITE_TMP/err2" &
  pid=$!
  url=$(listening_url "$SUITE_TMP/server2.out")
  [ -n "$url" ] || { fail "embargod did not start: $(cat "$SUITE_TMP/err2")"; return; }
  export EMBARGO_URL=$url EMBARGO_CASE=$case_id EMBARGO_TEAM_PASSWORD=$team_pw
  expect_ok timeout 120 node "$EMBARGO_SOURCE/tests/browser/case_page.cjs"
  expect_contains "$OUT" "case page: ok"
  [ -f "$shots/06-case-overview.png" ] || fail "no full-page screenshot of the case page"
  kill -TERM "$pid"
  wait "$pid"
}
