# Group commit of mail intake (issue 6): `embargo intake mail --batch DIR`
# stores a spool of messages with one transaction per group and removes a
# file only once it is durably stored. Checked: a broken message in the middle
# is quarantined on its own, the others stored; kill -9 during a batch loses
# nothing that was answered (removed) and a rerun stores nothing twice.

SUITE_mail_batch_PROBE() {
  command -v sqlite3 >/dev/null || { echo "sqlite3 is not installed"; return 1; }
}

SUITE_mail_batch_SETUP() {
  rm -rf "$SUITE_TMP/sec" "$SUITE_TMP/spool"
  export EMBARGO_DATA="$SUITE_TMP/sec"
  unset EMBARGO_NOW EMBARGO_FAULT
  embargo init --project Exim >/dev/null
  sed -i 's/^deliver_on_intake = true/deliver_on_intake = false/;
          s/^max_per_sender_per_hour = .*/max_per_sender_per_hour = 1000000/' "$EMBARGO_DATA/embargo.toml"
  mkdir -p "$SUITE_TMP/spool"
}

spool_reports() {  # FIRST LAST: one file per message, m00001 ...
  local i
  for i in $(seq "$1" "$2"); do
    printf 'From: r%d@example.net\nSubject: report %d\nMessage-ID: <m%d@batch>\n\nThe parser overflows with input %d.\n' \
      $((i % 7)) "$i" "$i" "$i" >"$SUITE_TMP/spool/m$(printf %05d "$i")"
  done
}

stored() { sqlite3 "$EMBARGO_DATA/embargo.db" "select count(*) from mail_messages"; }
stored_ids() { sqlite3 "$EMBARGO_DATA/embargo.db" "select message_id from mail_messages order by 1"; }
cases() { sqlite3 "$EMBARGO_DATA/embargo.db" "select count(*) from cases"; }

SUITE_mail_batch() {
  TEST "a batch with a broken message in the middle: that one quarantined, the others stored, all removed"
  spool_reports 1 5
  printf 'This is not a mail message at all\n' >"$SUITE_TMP/spool/m00003"
  expect_ok embargo intake mail --batch "$SUITE_TMP/spool" --batch-size 10
  expect_equal "$(grep -c ' new-case EMB-' <<<"$OUT")" "4" "new cases"
  expect_contains "$OUT" "m00003 quarantined"
  expect_equal "$(ls "$SUITE_TMP/spool")" "" "spool after the batch"
  expect_equal "$(stored)" "4" "stored messages"
  expect_equal "$(ls "$EMBARGO_DATA/quarantine" | grep -c '\.eml$')" "1" "quarantined"
  expect_contains "$(embargo timeline EMB-2026-0004)" "input 5"

  TEST "a message delivered again (same Message-ID) is answered duplicate and stored once"
  spool_reports 1 3
  expect_ok embargo intake mail --batch "$SUITE_TMP/spool"
  spool_reports 2 4
  expect_ok embargo intake mail --batch "$SUITE_TMP/spool" --format json
  expect_equal "$(jq -r .outcome <<<"$OUT" | sort | uniq -c | tr -s ' ' | xargs)" "2 duplicate 1 new-case"
  expect_equal "$(stored)" "4" "stored messages"
  expect_equal "$(cases)" "4" "cases"

  TEST "the single-message pipe path answers duplicate for a message the batch stored"
  spool_reports 1 1
  expect_ok embargo intake mail --batch "$SUITE_TMP/spool"
  spool_reports 1 1
  expect_ok embargo intake mail <"$SUITE_TMP/spool/m00001"
  expect_equal "$OUT" "duplicate EMB-2026-0001 <m1@batch>"

  TEST "a sender over the hourly limit: that message stays in the spool (exit 75), the others are stored"
  sed -i 's/^max_per_sender_per_hour = .*/max_per_sender_per_hour = 1/' "$EMBARGO_DATA/embargo.toml"
  spool_reports 1 2
  spool_reports 8 8  # r1@example.net again, as m1
  expect_exit 75 embargo intake mail --batch "$SUITE_TMP/spool"
  expect_contains "$OUT" "m00008 deferred"
  expect_equal "$(ls "$SUITE_TMP/spool")" "m00008" "spool"
  expect_equal "$(stored)" "2" "stored messages"

  TEST "kill -9 during batches: every removed file is stored, a rerun stores the rest exactly once"
  spool_reports 1 600
  local round
  for round in 1 2 3 4 5 6; do
    embargo intake mail --batch "$SUITE_TMP/spool" --batch-size 25 >/dev/null 2>&1 &
    local pid=$!
    sleep "0.$((round * 7))"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    # Answered (removed from the spool) implies stored.
    local missing
    missing=$(comm -23 <(seq 1 600 | while read -r i; do
                [ -e "$SUITE_TMP/spool/m$(printf %05d "$i")" ] || echo "m$i@batch"; done | sort) \
                       <(stored_ids))
    expect_equal "$missing" "" "removed but not stored (round $round)"
  done
  expect_ok embargo intake mail --batch "$SUITE_TMP/spool" --batch-size 25
  expect_equal "$(ls "$SUITE_TMP/spool")" "" "spool after the rerun"
  expect_equal "$(stored)" "600" "stored messages"
  expect_equal "$(cases)" "600" "cases"
  expect_equal "$(sqlite3 "$EMBARGO_DATA/embargo.db" "select count(*) from timeline where kind='mail-received'")" \
    "600" "mail-received timeline entries"
}
