# Two-step login (TOTP) in embargod over real HTTP on 127.0.0.1, with curl as
# the browser and python3 computing the codes (RFC 6238) from the otpauth://
# URI the account page shows once: enrol, confirm, login asks for the code,
# wrong and replayed codes refused, throttling, `embargo user totp-reset`,
# and the secret stays out of the store and the access log.

SUITE_web_totp_PROBE() {
  for tool in curl python3 sqlite3; do
    if ! command -v "$tool" >/dev/null; then
      echo "$tool is not installed"
      return 1
    fi
  done
}

# totp SECRET OFFSET: the 6-digit code of base32 SECRET, OFFSET steps from now.
totp() {
  python3 - "$1" "$2" <<'PY'
import base64, hashlib, hmac, struct, sys, time
key = base64.b32decode(sys.argv[1] + "=" * (-len(sys.argv[1]) % 8))
step = int(time.time()) // 30 + int(sys.argv[2])
mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
o = mac[-1] & 15
print("%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7fffffff) % 1000000))
PY
}

st() { curl -s -o body -D headers -w '%{http_code}' "$@"; }
csrf_in() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$1" | head -1; }

# password_step JAR NAME PASSWORD: posts the login form; prints the status, headers in ./headers.
password_step() {
  curl -s -c "$1" -b "$1" -o login.html "$URL/login"
  st -c "$1" -b "$1" --data-urlencode "csrf=$(csrf_in login.html)" --data-urlencode "name=$2" \
    --data-urlencode "password=$3" "$URL/login"
}

# code_step JAR CODE: posts the code form; prints the status.
code_step() {
  curl -s -c "$1" -b "$1" -o code.html "$URL/login/code"
  st -c "$1" -b "$1" --data-urlencode "csrf=$(csrf_in code.html)" --data-urlencode "code=$2" "$URL/login/code"
}

SUITE_web_totp() {
  export EMBARGO_ACTOR=tester EMBARGO_DATA="$SUITE_TMP/data"
  embargo init --data "$EMBARGO_DATA" >/dev/null || fail "embargo init"
  local pw
  pw=$(embargo user add tina --role team | sed -n 's/.*shown this once: //p')
  embargod --data "$EMBARGO_DATA" --listen 127.0.0.1:0 --access-log "$SUITE_TMP/access.log" \
    >"$SUITE_TMP/out" 2>"$SUITE_TMP/err" &
  local pid=$!
  URL=$(listening_url "$SUITE_TMP/out")
  [ -n "$URL" ] || { fail "embargod did not start: $(cat "$SUITE_TMP/err")"; return; }

  TEST "the account page offers two-step login; it is off, and login needs only the password"
  expect_equal "$(password_step jar tina "$pw")" 303
  expect_contains "$(cat headers)" "Location: /"$'\r'
  expect_equal "$(st -b jar "$URL/account")" 200
  expect_contains "$(cat body)" "Turn on two-step login"
  expect_contains "$(cat headers)" "no-store"
  cp body account.html

  TEST "enrolling without the form's CSRF token is refused"
  expect_equal "$(st -b jar -X POST "$URL/account/totp/start")" 403

  TEST "enrolment shows the otpauth URI once; a wrong code does not turn it on, the right one does"
  expect_equal "$(st -b jar --data-urlencode "csrf=$(csrf_in account.html)" "$URL/account/totp/start")" 200
  local uri secret
  uri=$(sed -n 's/.*<pre id="otpauth">\([^<]*\)<\/pre>.*/\1/p' body | sed 's/&amp;/\&/g')
  expect_contains "$uri" "otpauth://totp/"
  secret=$(sed -n 's/.*secret=\([A-Z2-7]*\).*/\1/p' <<<"$uri")
  expect_equal "${#secret}" 32 "base32 secret length"
  expect_contains "$(cat body)" "<pre id=\"totp-key\">${secret:0:4} ${secret:4:4} "
  expect_equal "$(st -b jar "$URL/account")" 200
  expect_not_contains "$(cat body)" "$secret" "the account page, later"
  expect_contains "$(cat body)" "Started but not confirmed"
  local wrong
  wrong=$(totp "$secret" 5)
  expect_equal "$(st -b jar --data-urlencode "csrf=$(csrf_in account.html)" -d "code=$wrong" \
    "$URL/account/totp/confirm")" 400
  expect_contains "$(cat body)" "code: wrong"
  expect_equal "$(st -b jar --data-urlencode "csrf=$(csrf_in account.html)" -d "code=$(totp "$secret" 0)" \
    "$URL/account/totp/confirm")" 303
  expect_equal "$(st -b jar "$URL/account")" 200
  expect_contains "$(cat body)" "On: logging in asks for a code"

  TEST "login now asks for the code: the password alone gives no session"
  expect_equal "$(password_step jar2 tina "$pw")" 303
  expect_contains "$(cat headers)" "Location: /login/code"
  expect_not_contains "$(cat headers)" "embargo_session=" "headers after the password"
  expect_equal "$(st -b jar2 "$URL/cases")" 303
  expect_equal "$(st -b jar2 "$URL/login/code")" 200
  expect_contains "$(cat body)" "One-time code"

  TEST "a wrong code is refused; the right one opens a session; it cannot be replayed"
  expect_equal "$(code_step jar2 000000)" 401
  local code
  code=$(totp "$secret" 1)
  expect_equal "$(code_step jar2 "$code")" 303
  expect_contains "$(cat headers)" "embargo_session="
  expect_equal "$(st -b jar2 "$URL/cases")" 200
  expect_equal "$(password_step jar3 tina "$pw")" 303
  expect_equal "$(code_step jar3 "$code")" 401 "a replayed code"
  expect_equal "$(st -b jar3 "$URL/cases")" 303

  TEST "without a pending login the code page sends back to the login page"
  expect_equal "$(st "$URL/login/code")" 303
  expect_equal "$(st -b "embargo_pending=made-up" -X POST -d csrf=x -d code=123456 "$URL/login/code")" 403

  TEST "wrong codes are throttled (429) and the pending login dies after five"
  expect_equal "$(password_step jar4 tina "$pw")" 303
  local s i
  for i in 1 2 3 4 5; do
    s=$(code_step jar4 000000)
  done
  expect_equal "$s" 401
  expect_equal "$(code_step jar4 "$(totp "$secret" 1)")" 303 "after five wrong codes"
  expect_contains "$(cat headers)" "Location: /login"$'\r'
  for i in $(seq 12); do
    s=$(password_step jar5 tina "$pw")
    [ "$s" = 429 ] && break
    s=$(code_step jar5 000000)
    [ "$s" = 429 ] && break
  done
  expect_equal "$s" 429 "after many wrong codes from one address"

  TEST "the secret is sealed in the store and never in the access log"
  local row
  row=$(sqlite3 "$EMBARGO_DATA/embargo.db" "SELECT secret_sealed, confirmed FROM user_totp WHERE user='tina'")
  expect_contains "$row" "|1"
  expect_not_contains "$row" "$secret" "the stored row"
  [ -f "$EMBARGO_DATA/secrets/totp.key" ] || fail "no TOTP key file"
  expect_equal "$(stat -c %a "$EMBARGO_DATA/secrets/totp.key")" 600 "key file mode"
  expect_not_contains "$(cat "$SUITE_TMP/access.log")" "$secret" "access log"
  expect_not_contains "$(cat "$SUITE_TMP/access.log")" "$code" "access log"

  TEST "embargo user totp-reset turns it off: the password is enough again"
  expect_ok embargo user totp-reset tina
  expect_contains "$OUT" "two-step login turned off"
  expect_ok embargo user totp-reset tina
  expect_contains "$OUT" "had no two-step login"
  expect_exit 1 embargo user totp-reset nobody
  expect_contains "$ERR" "nobody"
  kill -TERM "$pid"
  wait "$pid"
  embargod --data "$EMBARGO_DATA" --listen 127.0.0.1:0 >"$SUITE_TMP/out2" 2>"$SUITE_TMP/err2" &
  pid=$!
  URL=$(listening_url "$SUITE_TMP/out2")
  expect_equal "$(password_step jar6 tina "$pw")" 303
  expect_contains "$(cat headers)" "embargo_session="
  kill -TERM "$pid"
  wait "$pid"
}
