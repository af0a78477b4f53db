# Two-step login in Debian's headless chromium driven by playwright-core
# (tests/browser/totp_flow.cjs). Uses the same playwright-core install as the
# browser suite (installed into the build directory on first run) and skips,
# with the reason, when chromium, node or npm are missing.
# Screenshots go to $EMBARGO_SCREENSHOTS when set.

source "$EMBARGO_SOURCE/tests/integration/suites/browser.bash"

SUITE_browser_totp_PROBE() { SUITE_browser_PROBE; }

SUITE_browser_totp() {
  TEST "turn on two-step login and log in with a code in chromium"
  embargod --data "$SUITE_TMP/d" --listen 127.0.0.1:0 >"$SUITE_TMP/server.out" 2>"$SUITE_TMP/err" &
  local pid=$! url
  url=$(listening_url "$SUITE_TMP/server.out")
  [ -n "$url" ] || { fail "embargod did not start: $(cat "$SUITE_TMP/err")"; return; }
  local shots=${EMBARGO_SCREENSHOTS:-$SUITE_TMP/shots}
  mkdir -p "$shots"
  export EMBARGO_URL=$url SCREENSHOTS=$shots NODE_PATH="$(browser_deps)/node_modules"
  EMBARGO_ADMIN_PASSWORD=$(sed -n 's/.*shown once: //p' "$SUITE_TMP/server.out")
  export EMBARGO_ADMIN_PASSWORD
  expect_ok timeout 120 node "$EMBARGO_SOURCE/tests/browser/totp_flow.cjs"
  expect_contains "$OUT" "totp flow: ok"
  [ -f "$shots/11-totp-enrol.png" ] || fail "no screenshot of the enrolment"
  kill -TERM "$pid"
  wait "$pid"
}
