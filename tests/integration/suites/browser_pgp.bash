# The report form's optional encryption in the browser (OpenPGP.js, bundled
# and served by embargod) in headless chromium (tests/browser/report_pgp.cjs):
# the store holds the armoured message as sent, and gpg decrypts it with the
# team key made here. Installs openpgp with scripts/fetch-openpgp.sh into
# <build>/share/embargo/static and playwright-core as the browser suite does;
# skips with the reason when chromium, node, npm or gpg are missing.

source "$EMBARGO_SOURCE/tests/integration/suites/browser.bash"

static_dir() { echo "${EMBARGO_STATIC_DIR:-$EMBARGO_BIN/../share/embargo/static}"; }

SUITE_browser_pgp_PROBE() {
  command -v gpg >/dev/null || { echo "gpg is not installed"; return 1; }
  SUITE_browser_PROBE || return 1
  if [ ! -f "$(static_dir)/openpgp.min.js" ]; then
    "$EMBARGO_SOURCE/scripts/fetch-openpgp.sh" "$(static_dir)" >/dev/null 2>"$SUITE_TMP/fetch.err" || {
      echo "could not fetch OpenPGP.js: $(tail -1 "$SUITE_TMP/fetch.err")"
      return 1
    }
  fi
}

SUITE_browser_pgp() {
  export GNUPGHOME="$SUITE_TMP/gnupg"
  mkdir -m 700 "$GNUPGHOME"
  gpg --batch --passphrase '' --quick-gen-key "Security team <security@example.org>" default default never \
    >/dev/null 2>&1 || fail "gpg could not make the team key"
  export EMBARGO_ACTOR=tester EMBARGO_DATA="$SUITE_TMP/d"
  embargo init --data "$EMBARGO_DATA" >/dev/null || fail "embargo init"
  gpg --armor --export security@example.org >"$EMBARGO_DATA/report-key.asc"

  TEST "with the team key and OpenPGP.js, embargod offers in-browser encryption and serves the files itself"
  EMBARGO_STATIC_DIR=$(static_dir) embargod --data "$EMBARGO_DATA" --listen 127.0.0.1:0 \
    >"$SUITE_TMP/server.out" 2>"$SUITE_TMP/err" &
  local pid=$! url
  url=$(listening_url "$SUITE_TMP/server.out")
  [ -n "$url" ] || { fail "embargod did not start: $(cat "$SUITE_TMP/err")"; return; }
  expect_not_contains "$(cat "$SUITE_TMP/err")" "no in-browser encryption" "embargod's stderr"
  expect_equal "$(curl -s -o /dev/null -w '%{http_code}' "$url/static/openpgp.min.js")" 200
  expect_equal "$(curl -s -o /dev/null -w '%{http_code}' "$url/static/report.js")" 200
  expect_contains "$(curl -s -D - -o /dev/null "$url/report")" "script-src 'self'"

  TEST "encrypted in chromium; the store holds the armoured message and gpg decrypts it"
  local shots=${EMBARGO_SCREENSHOTS:-$SUITE_TMP/shots}
  mkdir -p "$shots"
  export EMBARGO_URL=$url SCREENSHOTS=$shots NODE_PATH="$(browser_deps)/node_modules"
  expect_ok timeout 120 node "$EMBARGO_SOURCE/tests/browser/report_pgp.cjs"
  expect_contains "$OUT" "report pgp flow: ok"
  local ids encrypted plain
  ids=$(sed -n 's/^case //p' <<<"$OUT")
  encrypted=${ids% *}
  plain=${ids#* }
  expect_ok embargo timeline "$encrypted" --format json
  local stored
  stored=$(python3 -c 'import json,sys; print(next(e["text"] for e in json.load(sys.stdin) if e["kind"] == "reporter"))' <<<"$OUT")
  expect_contains "$stored" "-----BEGIN PGP MESSAGE-----"
  expect_not_contains "$stored" "SECRET-DETAILS" "the stored report"
  local decrypted
  decrypted=$(gpg --batch --quiet --decrypt <<<"$stored" 2>/dev/null)
  expect_equal "$decrypted" "SECRET-DETAILS: send 5000 bytes to port 25 <b>bold</b> & more" "gpg's plaintext"

  TEST "without JavaScript the plain form still works and the details are stored as typed"
  expect_ok embargo timeline "$plain" --format json
  expect_contains "$OUT" "SECRET-DETAILS: send 5000 bytes"
  kill -TERM "$pid"
  wait "$pid"

  TEST "without the team key the form is the plain one, and embargod says why"
  rm "$EMBARGO_DATA/report-key.asc"
  EMBARGO_STATIC_DIR=$(static_dir) embargod --data "$EMBARGO_DATA" --listen 127.0.0.1:0 \
    >"$SUITE_TMP/server2.out" 2>"$SUITE_TMP/err2" &
  pid=$!
  url=$(listening_url "$SUITE_TMP/server2.out")
  expect_contains "$(cat "$SUITE_TMP/err2")" "no in-browser encryption: no $EMBARGO_DATA/report-key.asc"
  expect_not_contains "$(curl -s "$url/report")" "openpgp.min.js" "the plain form"
  expect_equal "$(curl -s -o /dev/null -w '%{http_code}' "$url/static/openpgp.min.js")" 404
  kill -TERM "$pid"
  wait "$pid"

  TEST "a report-key.asc that is not a public key stops embargod with a clear message"
  echo "not a key" >"$EMBARGO_DATA/report-key.asc"
  expect_exit 1 env EMBARGO_STATIC_DIR="$(static_dir)" embargod --data "$EMBARGO_DATA" --listen 127.0.0.1:0
  expect_contains "$ERR" "report-key.asc: not an ASCII-armoured OpenPGP public key"
}
