# Participants in Debian's headless chromium (tests/browser/participants_flow.cjs):
# the reporter's credit acceptance in the portal and a recipient's status
# change on the recipients page. playwright-core comes from npm as in the
# browser suite (the same directory, installed once); skipped (125) with the
# reason when chromium, node or npm are missing.

pb_deps() { echo "${EMBARGO_BROWSER_DEPS:-$EMBARGO_BIN/../browser-deps}"; }

SUITE_participants_browser_PROBE() {
  [ -x /usr/bin/chromium ] || { echo "chromium is not installed (apt-get install chromium)"; return 1; }
  command -v node >/dev/null || { echo "node is not installed (apt-get install nodejs)"; return 1; }
  command -v npm >/dev/null || { echo "npm is not installed (apt-get install npm)"; return 1; }
  command -v curl >/dev/null || { echo "curl is not installed"; return 1; }
  local deps
  deps=$(pb_deps)
  if [ ! -d "$deps/node_modules/playwright-core" ]; then
    mkdir -p "$deps" && cp "$EMBARGO_SOURCE/tests/browser/package.json" "$deps/" || return 1
    if ! (cd "$deps" && npm install --no-audit --no-fund --silent >npm.log 2>&1); then
      echo "npm could not install playwright-core: $(tail -1 "$deps/npm.log")"
      return 1
    fi
  fi
}

SUITE_participants_browser() {
  TEST "the reporter accepts, edits and declines the credit; a distribution sets its own status"
  export EMBARGO_DATA="$SUITE_TMP/d" EMBARGO_ACTOR=tester
  embargo init --project Exim >/dev/null
  cat >>"$EMBARGO_DATA/embargo.toml" <<'TOML'

[[mail.lists]]
name = "distros"
address = "distros@lists.example.net"
policy = "sign"

[[mail.lists.recipients]]
name = "debian"
contacts = ["team@security.debian.org"]
users = ["deb"]

[[mail.lists.recipients]]
name = "redhat"
contacts = ["secalert@redhat.com"]
users = ["rh"]
TOML
  local c
  c=$(embargo case new --title "heap overflow" --reporter "Jane Roe <jane@example.org>" \
    --reporter-credit "Jane Roe (Example Lab)" --impact rce)
  embargo vuln add "$c" --title "overflow in HELO" >/dev/null
  embargo vuln add "$c" --title "overflow in AUTH" >/dev/null
  local team_pw deb_pw
  team_pw=$(embargo user add tina --role team | sed -n 's/.*shown this once: //p')
  deb_pw=$(embargo user add deb --role maintainer | sed -n 's/.*shown this once: //p')
  embargo user add rh --role maintainer >/dev/null
  embargo user grant "$c" deb >/dev/null
  embargod --data "$EMBARGO_DATA" --listen 127.0.0.1:0 --access-log "$SUITE_TMP/access.log" \
    >"$SUITE_TMP/server.out" 2>"$SUITE_TMP/err" &
  local pid=$! url
  url=$(listening_url "$SUITE_TMP/server.out")
  [ -n "$url" ] || { fail "embargod did not start: $(cat "$SUITE_TMP/err")"; return; }
  csrf_of() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$1" | head -1; }
  curl -s -c jar -b jar -o login.html "$url/login"
  curl -s -c jar -b jar -o /dev/null --data-urlencode "csrf=$(csrf_of login.html)" -d name=tina \
    --data-urlencode "password=$team_pw" "$url/login"
  curl -s -b jar -o case.html "$url/cases/$c"
  curl -s -b jar -o link.html --data-urlencode "csrf=$(csrf_of case.html)" "$url/cases/$c/link"
  local link
  link=$(sed -n 's/.*<pre>\(http[^<]*\)<\/pre>.*/\1/p' link.html | sed 's/&amp;/\&/g')
  [ -n "$link" ] || fail "no reporter link"
  local shots=${EMBARGO_SCREENSHOTS:-$SUITE_TMP/shots}
  mkdir -p "$shots"
  export EMBARGO_URL=$url EMBARGO_LINK=$link EMBARGO_CASE=$c EMBARGO_DEB_PASSWORD=$deb_pw SCREENSHOTS=$shots \
    NODE_PATH="$(pb_deps)/node_modules"
  expect_ok timeout 120 node "$EMBARGO_SOURCE/tests/browser/participants_flow.cjs"
  expect_contains "$OUT" "participants flow: ok"
  expect_equal "$(embargo credit show "$c")" "$c credit: Jane Roe (Example Lab) (accepted)"
  local kinds
  kinds=$(embargo timeline "$c" --format json | jq -r '[.[] | select(.kind == "credit") | .actor] | join(",")')
  expect_equal "$kinds" "reporter,reporter,reporter,reporter" "credit entries by the reporter"
  expect_equal "$(embargo recipient list "$c" --format json | jq -r '.[] | select(.recipient == "debian") | .status // "-"' | tr '\n' ' ')" \
    "- packages-ready " "debian's statuses"
  expect_equal "$(embargo recipient list "$c" --format json | jq -r '[.[] | select(.recipient == "redhat") | .status // "-"] | join(" ")')" \
    "- -" "redhat's statuses"
  curl -s -b jar -o case.html "$url/cases/$c"
  expect_contains "$(cat case.html)" "packages-ready" "the case page shows who is ready"
  kill -TERM "$pid"
  wait "$pid"
}
