# `embargo backup` makes a consistent copy while another process writes.

SUITE_backup_SETUP() {
  rm -rf "$SUITE_TMP/sec" "$SUITE_TMP"/*.db
  export EMBARGO_DATA="$SUITE_TMP/sec"
  embargo init >/dev/null
}

SUITE_backup() {
  TEST "backup while a writer adds cases and notes"
  embargo case new --title first --reporter a@example.org >/dev/null
  (
    for i in $(seq 1 60); do
      embargo case new --title "case $i" --reporter "r$i@example.org" >/dev/null || exit 1
      embargo case note "$(embargo case list --limit 1 | cut -d' ' -f1)" "note $i" >/dev/null || exit 1
    done
  ) &
  writer=$!
  for n in 1 2 3 4 5; do
    expect_ok embargo backup "$SUITE_TMP/copy$n.db"
    sleep 0.1
  done
  wait $writer || fail "the writer failed while backups ran"
  for n in 1 2 3 4 5; do
    copy="$SUITE_TMP/copy$n.db"
    expect_equal "$(sqlite3 "$copy" 'PRAGMA integrity_check')" "ok" "integrity of copy $n"
    # The copy is a snapshot: every case's recorded count matches its rows.
    mismatched=$(sqlite3 "$copy" "SELECT count(*) FROM cases c WHERE timeline_count != (SELECT count(*) FROM timeline t WHERE t.case_id = c.id)")
    expect_equal "$mismatched" 0 "cases whose timeline is cut in copy $n"
    # And the copy is itself a usable data directory.
    mkdir -p "$SUITE_TMP/restore$n"
    cp "$EMBARGO_DATA/embargo.toml" "$SUITE_TMP/restore$n/"
    cp "$copy" "$SUITE_TMP/restore$n/embargo.db"
    expect_ok embargo timeline verify --data "$SUITE_TMP/restore$n"
  done
  expect_equal "$(sqlite3 "$EMBARGO_DATA/embargo.db" 'select count(*) from cases')" 61 "cases written"

  TEST "an existing file is not replaced without --force"
  expect_ok embargo backup "$SUITE_TMP/one.db"
  expect_exit 1 embargo backup "$SUITE_TMP/one.db"
  expect_contains "$ERR" "--force"
  expect_ok embargo backup --force "$SUITE_TMP/one.db"

  TEST "an unwritable destination fails cleanly"
  expect_exit 1 embargo backup "$SUITE_TMP/no/such/dir/x.db"
}
