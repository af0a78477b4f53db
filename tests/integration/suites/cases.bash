# The case commands of the CLI against a real data directory: the happy path,
# output formats, and bad input that must change nothing.

new_case() {
  embargo case new --title "heap overflow in string_vformat" --reporter "Jane Roe <jane@example.org>" \
    --reporter-credit "Jane Roe (Example Lab)" --reporter-deadline 2026-03-01 --impact rce "$@"
}

SUITE_cases_SETUP() {
  rm -rf "$SUITE_TMP/sec"
  export EMBARGO_DATA="$SUITE_TMP/sec"
  export EMBARGO_NOW=2026-02-02T10:00:00Z
  embargo init >/dev/null
}

SUITE_cases() {
  TEST "init refuses a non-empty directory and a second init"
  expect_exit 1 embargo init
  expect_contains "$ERR" "not empty"
  mkdir -p "$SUITE_TMP/other" && echo x >"$SUITE_TMP/other/file"
  expect_exit 1 embargo init --data "$SUITE_TMP/other"
  expect_equal "$(ls "$SUITE_TMP/other")" "file" "other directory"

  TEST "init prints the admin password once and stores only its hash"
  rm -rf "$SUITE_TMP/fresh"
  expect_ok embargo init --data "$SUITE_TMP/fresh" --project Exim --prefix EXIM
  password=$(sed -n 's/^Password, shown this once: //p' <<<"$OUT")
  expect_equal "${#password}" 24 "password length"
  if grep -qa "$password" "$SUITE_TMP/fresh/embargo.db"; then fail "password stored in clear"; fi
  expect_equal "$(sqlite3 "$SUITE_TMP/fresh/embargo.db" 'select substr(password_hash,1,10) from users')" '$argon2id$'
  expect_ok embargo --data "$SUITE_TMP/fresh" case new --title t --reporter x@example.org
  expect_equal "$OUT" "EXIM-2026-0001" "case id with the configured prefix"

  TEST "the issue's walk-through"
  expect_ok new_case
  expect_equal "$OUT" "EMB-2026-0001"
  expect_ok embargo case list --state reported
  expect_contains "$OUT" "EMB-2026-0001"
  expect_ok embargo case note EMB-2026-0001 "confirmed with reporter; reproducer works on 4.99"
  expect_ok embargo case move EMB-2026-0001 confirmed --why "reproduced"
  expect_ok embargo vuln add EMB-2026-0001 --title "heap overflow" --cwe CWE-787 --affected ">=4.92,<4.99.1"
  expect_ok embargo case show EMB-2026-0001
  expect_contains "$OUT" "state         confirmed"
  expect_contains "$OUT" "Jane Roe (Example Lab)"
  expect_contains "$OUT" ">=4.92,<4.99.1"
  expect_ok embargo case list --state reported
  expect_equal "$OUT" "" "reported list after the move"
  expect_ok embargo timeline EMB-2026-0001
  expect_contains "$OUT" "reported -> confirmed: reproduced"
  expect_ok embargo timeline verify EMB-2026-0001
  expect_contains "$OUT" "ok: 4 entries in 1 cases verified"

  TEST "json output is valid and complete"
  new_case >/dev/null
  expect_ok embargo case show EMB-2026-0001 --format json
  expect_equal "$(jq -r '.state, .reporter.deadline, .impact' <<<"$OUT" | tr '\n' ' ')" "reported 2026-03-01 rce "
  expect_ok embargo case list --format json
  expect_equal "$(jq length <<<"$OUT")" 1
  expect_ok embargo timeline EMB-2026-0001 --format json
  expect_equal "$(jq -r '.[0].kind' <<<"$OUT")" "created"
  expect_ok embargo timeline EMB-2026-0001 --format markdown
  expect_contains "$OUT" "| 1 |"

  TEST "bad input: clear error, exit 1, nothing changed"
  new_case >/dev/null
  before=$(sqlite3 "$EMBARGO_DATA/embargo.db" 'select count(*) from timeline')
  expect_exit 1 embargo case show EMB-2026-0099
  expect_contains "$ERR" "case EMB-2026-0099 does not exist"
  expect_exit 1 embargo case move EMB-2026-0001 published --why x
  expect_contains "$ERR" "state: unknown value 'published'"
  expect_exit 1 embargo case move EMB-2026-0001 fixing --why x
  expect_contains "$ERR" "cannot move from reported to fixing"
  expect_exit 1 embargo case new --title " " --reporter a@example.org
  expect_contains "$ERR" "title: must not be empty"
  expect_exit 1 embargo case new --title t --reporter a@example.org --reporter-deadline 2026-02-30
  expect_contains "$ERR" "reporter-deadline: date '2026-02-30' does not exist"
  expect_exit 1 embargo vuln add EMB-2026-0001 --title x --affected ">=5,<4"
  expect_contains "$ERR" "affected: range '>=5,<4' contains no version"
  expect_exit 1 embargo vuln add EMB-2026-0001 --title x --affected "~4.9"
  expect_contains "$ERR" "unknown operator"
  expect_exit 1 embargo case new --title x --reporter "Jane <jane>"
  expect_contains "$ERR" "reporter:"
  expect_exit 1 embargo case new --title x --reporter a@example.org --impact catastrophic
  expect_contains "$ERR" "impact: unknown value"
  expect_equal "$(sqlite3 "$EMBARGO_DATA/embargo.db" 'select count(*) from timeline')" "$before" "timeline rows"
  expect_equal "$(sqlite3 "$EMBARGO_DATA/embargo.db" 'select count(*) from cases')" "1" "cases"

  TEST "usage errors exit 2"
  expect_exit 2 embargo case move EMB-2026-0001 confirmed
  expect_exit 2 embargo case frobnicate
  expect_exit 2 embargo case list --format yaml
  expect_exit 2 embargo timeline

  TEST "a directory that is not ours, or missing"
  mkdir -p "$SUITE_TMP/notours"
  expect_exit 1 embargo case list --data "$SUITE_TMP/notours"
  expect_contains "$ERR" "is not an embargo data directory"
  expect_exit 1 embargo case list --data "$SUITE_TMP/missing"
  expect_contains "$ERR" "does not exist"
  EMBARGO_DATA= expect_exit 1 embargo case list
  expect_contains "$ERR" "no data directory"
  sqlite3 "$SUITE_TMP/notours/embargo.db" 'create table mine(x)'
  cp "$EMBARGO_DATA/embargo.toml" "$SUITE_TMP/notours/"
  expect_exit 1 embargo case list --data "$SUITE_TMP/notours"
  expect_contains "$ERR" "not an embargo store"

  TEST "a locked store: clear error, nothing changed"
  new_case >/dev/null
  sed -i 's/busy_timeout_ms = 5000/busy_timeout_ms = 100/' "$EMBARGO_DATA/embargo.toml"
  (echo "BEGIN EXCLUSIVE; INSERT INTO case_counters VALUES ('EMB', 1999, 1);"; sleep 3; echo "ROLLBACK;") |
    sqlite3 "$EMBARGO_DATA/embargo.db" &
  sleep 0.5
  expect_exit 1 embargo case note EMB-2026-0001 "while locked"
  expect_contains "$ERR" "locked"
  wait
  expect_ok embargo case note EMB-2026-0001 "after the lock"
  expect_ok embargo timeline verify
  expect_not_contains "$(embargo timeline EMB-2026-0001)" "while locked"

  TEST "fix-shared needs a signed release on the case"
  new_case >/dev/null
  embargo case move EMB-2026-0001 confirmed --why r >/dev/null
  embargo vuln add EMB-2026-0001 --title v >/dev/null
  embargo case move EMB-2026-0001 fixing --why f >/dev/null
  embargo case move EMB-2026-0001 notified --why n >/dev/null
  expect_exit 1 embargo case move EMB-2026-0001 fix-shared --why s
  expect_contains "$ERR" "no release with a verified signature"

  TEST "edit and the reporter's preferences"
  new_case >/dev/null
  expect_ok embargo case edit EMB-2026-0001 --anonymous --reporter-deadline none
  expect_ok embargo case show EMB-2026-0001 --format json
  expect_equal "$(jq -r '.reporter.anonymous, .reporter.credit, .reporter.deadline' <<<"$OUT" | tr '\n' ' ')" \
    "true null null "
  expect_exit 2 embargo case edit EMB-2026-0001 --anonymous --credited
}
