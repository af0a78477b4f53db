# `embargo --server URL --token TOKEN case list|show|note|move` against a
# real embargod on 127.0.0.1: the same output as the local commands, the
# token from EMBARGO_TOKEN, and the denials (no token, a bad token, a
# maintainer's token on a case not shared with them, a read-only grant).

SUITE_cli_remote_PROBE() {
  command -v curl >/dev/null || { echo "curl is not installed"; return 1; }
}

SUITE_cli_remote() {
  export EMBARGO_ACTOR=tester
  local D="$SUITE_TMP/data"
  embargo init --data "$D" >/dev/null || fail "embargo init"
  export EMBARGO_DATA="$D"
  C1=$(embargo case new --title "heap overflow in the SMTP parser" --reporter "Jane Roe <jane@example.org>")
  C2=$(embargo case new --title "second case" --reporter "r2@example.org")
  embargo vuln add "$C1" --title "overflow in smtp_in.c" >/dev/null 2>&1
  embargo user add tina --role team >/dev/null
  embargo user add max --role maintainer >/dev/null
  embargo user grant "$C1" max >/dev/null
  T_TEAM=$(embargo user token tina | tail -1)
  T_MAINT=$(embargo user token max | tail -1)
  embargod --data "$D" --listen 127.0.0.1:0 --access-log "$SUITE_TMP/access.log" \
    >"$SUITE_TMP/out" 2>"$SUITE_TMP/err" &
  local pid=$! url
  url=$(listening_url "$SUITE_TMP/out")
  [ -n "$url" ] || { fail "embargod did not start: $(cat "$SUITE_TMP/err")"; return; }

  TEST "case list against the server prints what the local command prints (text and json)"
  expect_ok embargo case list
  local local_list=$OUT
  expect_ok env -u EMBARGO_DATA EMBARGO_TOKEN="$T_TEAM" embargo --server "$url" case list
  expect_equal "$OUT" "$local_list" "remote case list"
  expect_ok embargo case list --format json
  local local_json=$OUT
  expect_ok env -u EMBARGO_DATA embargo --server "$url/" --token "$T_TEAM" case list --format json
  expect_equal "$OUT" "$local_json" "remote case list --format json"
  expect_ok env -u EMBARGO_DATA EMBARGO_TOKEN="$T_TEAM" embargo --server "$url" case list --state reported --limit 1
  expect_equal "$(wc -l <<<"$OUT")" 1 "lines with --limit 1"

  TEST "case note and case move against the server, recorded as the token's account"
  expect_ok env -u EMBARGO_DATA EMBARGO_TOKEN="$T_TEAM" embargo --server "$url" case note "$C1" "REMOTE-NOTE-1"
  expect_equal "$OUT" "" "case note output"
  expect_ok env -u EMBARGO_DATA EMBARGO_TOKEN="$T_TEAM" embargo --server "$url" case move "$C1" confirmed \
    --why "reproduced remotely"
  expect_equal "$OUT" "$C1 is now confirmed"
  expect_ok embargo timeline "$C1"
  expect_contains "$OUT" "REMOTE-NOTE-1"
  expect_contains "$OUT" "tina"
  expect_contains "$OUT" "reproduced remotely"
  expect_ok env -u EMBARGO_DATA EMBARGO_TOKEN="$T_TEAM" embargo --server "$url" case move "$C1" fixing \
    --why "fix under way" --format json
  expect_contains "$OUT" '"state": "fixing"'

  TEST "case show against the server prints what the local command prints"
  expect_ok embargo case show "$C1"
  local local_show=$OUT
  expect_ok env -u EMBARGO_DATA EMBARGO_TOKEN="$T_TEAM" embargo --server "$url" case show "$C1"
  expect_equal "$OUT" "$local_show" "remote case show"
  expect_ok env -u EMBARGO_DATA EMBARGO_TOKEN="$T_TEAM" embargo --server "$url" case show "$C1" --format json
  expect_contains "$OUT" '"next_states"'
  expect_contains "$OUT" '"vulnerabilities"'

  TEST "denials: no token, a bad token, a maintainer's token on a case not shared, a read-only grant"
  expect_exit 1 env -u EMBARGO_DATA -u EMBARGO_TOKEN embargo --server "$url" case list
  expect_contains "$ERR" "--token: missing"
  expect_exit 1 env -u EMBARGO_DATA EMBARGO_TOKEN=emb_not-a-token embargo --server "$url" case list
  expect_contains "$ERR" "token was refused (401)"
  expect_not_contains "$ERR" "emb_not-a-token" "the error"
  expect_exit 1 env -u EMBARGO_DATA EMBARGO_TOKEN="$T_MAINT" embargo --server "$url" case show "$C2"
  expect_contains "$ERR" "not found (404)"
  expect_exit 1 env -u EMBARGO_DATA EMBARGO_TOKEN="$T_MAINT" embargo --server "$url" case note "$C2" "x"
  expect_contains "$ERR" "not found (404)"
  expect_exit 1 env -u EMBARGO_DATA EMBARGO_TOKEN="$T_MAINT" embargo --server "$url" case note "$C1" "x"
  expect_contains "$ERR" "not allowed (403)"
  expect_ok env -u EMBARGO_DATA EMBARGO_TOKEN="$T_MAINT" embargo --server "$url" case list
  expect_contains "$OUT" "$C1"
  expect_not_contains "$OUT" "$C2" "a maintainer's list"
  # Issue 22: a read-only grant records a test of the release (it may not change the case otherwise).
  expect_ok env -u EMBARGO_DATA EMBARGO_TOKEN="$T_MAINT" embargo --server "$url" release tested-on "$C1" \
    --platform "Debian 12 amd64" --result ok --format json
  expect_equal "$(jq -r '.actor + " " + .text' <<<"$OUT")" "max tested on Debian 12 amd64: ok" "remote tested-on"
  expect_exit 1 env -u EMBARGO_DATA EMBARGO_TOKEN="$T_MAINT" embargo --server "$url" release tested-on "$C2" \
    --platform "Debian 12 amd64" --result ok
  expect_contains "$ERR" "not found (404)"
  expect_exit 1 env -u EMBARGO_DATA EMBARGO_TOKEN="$T_MAINT" embargo --server "$url" release tested-on "$C1" \
    --platform "Debian 12 amd64" --result maybe
  expect_contains "$ERR" "--result: must be ok or failed"
  expect_exit 1 env -u EMBARGO_DATA EMBARGO_TOKEN="$T_TEAM" embargo --server "$url" case move "$C1" public --why x
  expect_contains "$ERR" "server:"

  TEST "bad input: an unknown state, a server URL without scheme, a command that needs a data directory"
  expect_exit 1 env -u EMBARGO_DATA EMBARGO_TOKEN="$T_TEAM" embargo --server "$url" case list --state nonsense
  expect_exit 1 env -u EMBARGO_DATA EMBARGO_TOKEN="$T_TEAM" embargo --server "${url#http://}" case list
  expect_contains "$ERR" "--server: must start with http"
  expect_exit 1 env -u EMBARGO_DATA EMBARGO_TOKEN="$T_TEAM" embargo --server "$url" user list
  expect_contains "$ERR" "--server: this command works only on a data directory"
  expect_exit 1 env -u EMBARGO_DATA EMBARGO_TOKEN="$T_TEAM" embargo --server "http://127.0.0.1:1" case list
  expect_not_contains "$ERR" "$T_TEAM" "the error"
  expect_not_contains "$(cat "$SUITE_TMP/access.log")" "$T_TEAM" "the access log"
  kill -TERM "$pid"
  wait "$pid"
}
