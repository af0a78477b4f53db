# `embargo demo` (issue 26): on a fresh directory it rehearses a whole
# release and leaves a public case with its advisory page, index and feed,
# a case under embargo with its downloads open and its schedule pending,
# and a new report; nothing is sent (the mail sink holds the notices). The
# embargoed case's download answers 200 with the demo's usercode over real
# HTTP (embargod on 127.0.0.1, curl with Digest), and each case's timeline
# verifies. One demo run serves every test (it is the slow part).

SUITE_demo_PROBE() {
  for tool in git gpg gpgconf jq curl cc; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed"; return 1; }
  done
}

# state_of CASE: the case's state, from `embargo case list`.
state_of() { embargo case list --format json | jq -r --arg id "$1" '.[] | select(.id == $id) | .state'; }

SUITE_demo() {
  export EMBARGO_DATA=$SUITE_TMP/sec
  local started=$SECONDS
  TEST "the demo runs on a fresh directory and says what to look at"
  expect_ok embargo demo --data "$EMBARGO_DATA" --url http://127.0.0.1:8470 || return
  echo "demo took $((SECONDS - started)) s"
  expect_contains "$OUT" "The demo is ready"
  trap 'gpgconf --homedir "$EMBARGO_DATA/gnupg" --kill gpg-agent 2>/dev/null; cleanup' EXIT
  PUBLIC=$(sed -n 's/^  \([A-Z0-9-]*\)  public:.*/\1/p' <<<"$OUT")
  EMBARGOED=$(sed -n 's/^  \([A-Z0-9-]*\)  under embargo:.*/\1/p' <<<"$OUT")
  FRESH=$(sed -n 's/^  \([A-Z0-9-]*\)  a new report/\1/p' <<<"$OUT")
  USERCODE=$(sed -n 's/.*curl --digest -u distros:\([^ ]*\) .*/\1/p' <<<"$OUT")
  expect_contains "$OUT" "log in as admin, password "

  TEST "every state is there: public, under embargo, a new report"
  expect_equal "$(state_of "$PUBLIC")" public "state of $PUBLIC"
  expect_equal "$(state_of "$EMBARGOED")" fix-shared "state of $EMBARGOED"
  expect_equal "$(state_of "$FRESH")" reported "state of $FRESH"

  TEST "the public case's advisory page, index and feed are published; its notices are in the mail sink"
  expect_ok test -s "$EMBARGO_DATA/web/$PUBLIC.html"
  expect_contains "$(cat "$EMBARGO_DATA/web/index.html")" "$PUBLIC"
  expect_contains "$(cat "$EMBARGO_DATA/web/atom.xml")" "$PUBLIC"
  expect_ok test -s "$EMBARGO_DATA/pub/exim-4.99.1.tar.gz"
  expect_contains "$(cat "$EMBARGO_DATA"/mail-out/*.eml)" "To: distros@vs.openwall.org"
  expect_contains "$(cat "$EMBARGO_DATA"/mail-out/*.eml)" "oss-security@lists.openwall.com"

  TEST "the embargoed case's downloads are open and the rest of its schedule is pending"
  expect_ok embargo release status "$EMBARGOED" --format json
  expect_equal "$(jq -r '.jobs[] | select(.kind == "open-downloads") | .state' <<<"$OUT")" done "open-downloads"
  expect_equal "$(jq -r '.jobs[] | select(.kind == "notice-fix") | .state' <<<"$OUT")" done "notice-fix"
  expect_equal "$(jq -r '.jobs[] | select(.kind == "make-public") | .state' <<<"$OUT")" pending "make-public"

  TEST "a download with the demo's usercode answers 200 over HTTP"
  embargod --data "$EMBARGO_DATA" --listen 127.0.0.1:0 >"$SUITE_TMP/d.out" 2>"$SUITE_TMP/d.err" &
  local pid=$! url
  url=$(listening_url "$SUITE_TMP/d.out")
  [ -n "$url" ] || { fail "embargod did not start: $(cat "$SUITE_TMP/d.err")"; return; }
  expect_equal "$(curl -s -o "$SUITE_TMP/dl" -w '%{http_code}' --digest -u "distros:$USERCODE" \
    "$url/embargo/$EMBARGOED/exim-4.99.2.tar.gz")" 200 "download status"
  expect_ok cmp "$SUITE_TMP/dl" "$EMBARGO_DATA/demo/release-exim-4.99.2/exim-4.99.2.tar.gz"
  expect_equal "$(curl -s -o /dev/null -w '%{http_code}' --digest -u "distros:wrong" \
    "$url/embargo/$EMBARGOED/exim-4.99.2.tar.gz")" 401 "wrong password"
  kill $pid 2>/dev/null

  TEST "every case's timeline verifies"
  expect_ok embargo timeline verify
  for id in "$PUBLIC" "$EMBARGOED" "$FRESH"; do
    expect_ok embargo timeline verify "$id"
  done
}
