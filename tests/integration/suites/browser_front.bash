# The team's front page and the case page in Debian's headless chromium
# (tests/browser/front_page.cjs), over the data directory `embargo demo`
# leaves: a release under embargo with its schedule half done, a public case,
# a fresh report. Uses the browser suite's playwright-core install and skips,
# with the reason, when chromium, node or npm are missing. The screenshots
# stay in the build directory, in screenshots/front (EMBARGO_SCREENSHOTS
# overrides the place).

source "$EMBARGO_SOURCE/tests/integration/suites/browser.bash"

SUITE_browser_front_PROBE() {
  SUITE_browser_PROBE || return 1
  for tool in git gpg gpgconf cc; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed"; return 1; }
  done
}

SUITE_browser_front() {
  export EMBARGO_DATA=$SUITE_TMP/sec
  TEST "the front page and a case page over a rehearsed release, in chromium"
  expect_ok embargo demo --data "$EMBARGO_DATA" --url http://127.0.0.1:8470 || return
  trap 'gpgconf --homedir "$EMBARGO_DATA/gnupg" --kill gpg-agent 2>/dev/null; cleanup' EXIT
  EMBARGO_EMBARGOED=$(sed -n 's/^  \([A-Z0-9-]*\)  under embargo:.*/\1/p' <<<"$OUT")
  EMBARGO_FRESH=$(sed -n 's/^  \([A-Z0-9-]*\)  a new report/\1/p' <<<"$OUT")
  EMBARGO_ADMIN_PASSWORD=$(sed -n 's/.*log in as admin, password \([^ ,;]*\).*/\1/p' <<<"$OUT")
  [ -n "$EMBARGO_EMBARGOED" ] && [ -n "$EMBARGO_ADMIN_PASSWORD" ] || { fail "the demo did not say: $OUT"; return; }
  embargod --data "$EMBARGO_DATA" --listen 127.0.0.1:0 >"$SUITE_TMP/server.out" 2>"$SUITE_TMP/err" &
  local pid=$! url
  url=$(listening_url "$SUITE_TMP/server.out")
  [ -n "$url" ] || { fail "embargod did not start: $(cat "$SUITE_TMP/err")"; return; }
  local shots=${EMBARGO_SCREENSHOTS:-$EMBARGO_BIN/../screenshots/front}
  mkdir -p "$shots"
  export EMBARGO_URL=$url EMBARGO_ADMIN_PASSWORD EMBARGO_EMBARGOED EMBARGO_FRESH SCREENSHOTS=$shots
  export NODE_PATH="$(browser_deps)/node_modules"
  expect_ok timeout 120 node "$EMBARGO_SOURCE/tests/browser/front_page.cjs"
  expect_contains "$OUT" "front page: ok"
  [ -s "$shots/20-front-page.png" ] || fail "no screenshot of the front page"
  [ -s "$shots/21-case-page.png" ] || fail "no screenshot of the case page"
  kill -TERM "$pid"
  wait "$pid"
}
