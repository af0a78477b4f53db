# `timeline verify` finds an entry changed with the sqlite3 command, at that entry.

SUITE_timeline_tamper_PROBE() {
  command -v sqlite3 >/dev/null || { echo "the sqlite3 command is not installed"; return 1; }
}

SUITE_timeline_tamper_SETUP() {
  rm -rf "$SUITE_TMP/sec"
  export EMBARGO_DATA="$SUITE_TMP/sec"
  embargo init >/dev/null
  for i in 1 2; do
    embargo case new --title "case $i" --reporter "r$i@example.org" >/dev/null
    for n in 1 2 3 4; do embargo case note "EMB-$(date -u +%Y)-000$i" "note $n" >/dev/null; done
  done
  year=$(date -u +%Y)
}

db() { sqlite3 "$EMBARGO_DATA/embargo.db" "$@"; }

SUITE_timeline_tamper() {
  TEST "an untouched store verifies"
  expect_ok embargo timeline verify
  expect_contains "$OUT" "ok: 10 entries in 2 cases verified"

  TEST "our own triggers refuse an UPDATE of the timeline"
  if db "UPDATE timeline SET text = 'x' WHERE seq = 3" 2>/dev/null; then fail "update was allowed"; fi

  TEST "an edited note is found at that entry"
  db "DROP TRIGGER timeline_append_only_update; UPDATE timeline SET text = 'nothing happened' WHERE case_id = 'EMB-$year-0002' AND seq = 3"
  expect_exit 1 embargo timeline verify
  expect_contains "$ERR" "EMB-$year-0002 entry 3: content does not match its hash"
  expect_not_contains "$ERR" "EMB-$year-0001"
  expect_ok embargo timeline verify "EMB-$year-0001"
  expect_exit 1 embargo timeline verify "EMB-$year-0002" --format json
  expect_equal "$(jq -r '.ok, .breaks[0].seq' <<<"$OUT" | tr '\n' ' ')" "false 3 "

  TEST "a changed time is found"
  db "DROP TRIGGER timeline_append_only_update; UPDATE timeline SET at = '2020-01-01T00:00:00.000000Z' WHERE case_id = 'EMB-$year-0001' AND seq = 2"
  expect_exit 1 embargo timeline verify
  expect_contains "$ERR" "EMB-$year-0001 entry 2:"

  TEST "a deleted last entry is found through the case's head"
  db "DROP TRIGGER timeline_append_only_delete; DELETE FROM timeline WHERE case_id = 'EMB-$year-0001' AND seq = 5"
  expect_exit 1 embargo timeline verify
  expect_contains "$ERR" "EMB-$year-0001 entry 5: the case records 5 entries but 4 were found"

  TEST "a deleted middle entry is found at the gap"
  db "DROP TRIGGER timeline_append_only_delete; DELETE FROM timeline WHERE case_id = 'EMB-$year-0001' AND seq = 2"
  expect_exit 1 embargo timeline verify
  expect_contains "$ERR" "EMB-$year-0001 entry 3: sequence number 3 where 2 was expected"

  TEST "a removed case whose entries remain is found"
  db "PRAGMA foreign_keys = OFF; DELETE FROM cases WHERE id = 'EMB-$year-0002'"
  expect_exit 1 embargo timeline verify
  expect_contains "$ERR" "EMB-$year-0002 entry 1: entries of a case that does not exist"
}
