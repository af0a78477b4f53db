# The CLI against the PostgreSQL store, on a server this suite starts on
# 127.0.0.1 (tests/pg/pg_server): init --store, the case walk-through,
# timeline verify, two "nodes" (data directories) sharing one database and
# writing at once, backup pointing to pg_dump, a foreign database refused.

PG_DIR=""
PG_ADMIN=""

SUITE_postgres_PROBE() {
  command -v psql >/dev/null || { echo "psql (postgresql-client) is not installed"; return 1; }
  return 0
}

pg_start() {
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/embargo-it-pg-XXXXXX")
  trap 'bash "$EMBARGO_SOURCE/tests/pg/pg_server" stop "$PG_DIR"; cleanup' EXIT
  PG_ADMIN=$(bash "$EMBARGO_SOURCE/tests/pg/pg_server" start "$PG_DIR") || exit 125
}

new_database() {  # prints the URL of a new empty database (runs in $(...): the count is in a file)
  local n
  n=$(($(cat "$PG_DIR/databases" 2>/dev/null || echo 0) + 1))
  echo "$n" >"$PG_DIR/databases"
  psql -q "$PG_ADMIN" -c "CREATE DATABASE it$n" >/dev/null
  echo "${PG_ADMIN%/*}/it$n"
}

SUITE_postgres_SETUP() {
  rm -rf "$SUITE_TMP/sec" "$SUITE_TMP/node2"
  export EMBARGO_DATA="$SUITE_TMP/sec"
  export EMBARGO_NOW=2026-02-02T10:00:00Z
}

SUITE_postgres() {
  pg_start

  TEST "init --store postgresql://, then the case walk-through"
  url=$(new_database)
  expect_ok embargo init --store "$url" --project Exim
  expect_contains "$(cat "$EMBARGO_DATA/embargo.toml")" "url = \"$url\""
  [ -e "$EMBARGO_DATA/embargo.db" ] && fail "a SQLite file was made"
  expect_equal "$(psql -qtA "$url" -c "select role from users")" "admin" "admin account in PostgreSQL"
  expect_ok embargo case new --title "heap overflow" --reporter "Jane Roe <jane@example.org>" --impact rce
  expect_equal "$OUT" "EMB-2026-0001"
  expect_ok embargo case note EMB-2026-0001 "reproduced on 4.99"
  expect_ok embargo case move EMB-2026-0001 confirmed --why "reproduced"
  expect_ok embargo case list --state confirmed
  expect_contains "$OUT" "EMB-2026-0001"
  expect_ok embargo case show EMB-2026-0001
  expect_contains "$OUT" "reproduced on 4.99"
  expect_ok embargo timeline verify
  expect_equal "$(psql -qtA "$url" -c "select count(*) from timeline")" "3" "timeline rows"
  # An entry changed behind embargo's back (the trigger disabled first) is found.
  psql -q "$url" -c "ALTER TABLE timeline DISABLE TRIGGER timeline_append_only" \
    -c "UPDATE timeline SET text = 'forged' WHERE seq = 2" >/dev/null
  expect_exit 1 embargo timeline verify
  expect_contains "$OUT$ERR" "EMB-2026-0001"

  TEST "two nodes on one database write at once: unique case ids, intact chains"
  url=$(new_database)
  expect_ok embargo init --store "$url"
  mkdir -p "$SUITE_TMP/node2" && cp "$EMBARGO_DATA/embargo.toml" "$SUITE_TMP/node2/"
  expect_ok embargo case new --title shared --reporter r@example.org
  for node in "$EMBARGO_DATA" "$SUITE_TMP/node2"; do
    (
      for i in $(seq 10); do
        embargo --data "$node" case new --title "from $node $i" --reporter r@example.org >/dev/null || echo "new failed" >&2
        embargo --data "$node" case note EMB-2026-0001 "note $i from $node" || echo "note failed" >&2
      done
    ) 2>>"$SUITE_TMP/node-errors" &
  done
  wait
  expect_equal "$(cat "$SUITE_TMP/node-errors")" "" "errors of the concurrent writers"
  expect_equal "$(psql -qtA "$url" -c "select count(distinct id) || '/' || count(*) from cases")" "21/21" "cases"
  expect_equal "$(psql -qtA "$url" -c "select timeline_count from cases where id = 'EMB-2026-0001'")" "21" "notes"
  expect_ok embargo --data "$SUITE_TMP/node2" timeline verify
  expect_ok embargo --data "$SUITE_TMP/node2" case list
  expect_contains "$OUT" "EMB-2026-0021"

  TEST "backup refuses and names pg_dump"
  url=$(new_database)
  expect_ok embargo init --store "$url"
  expect_exit 1 embargo backup "$SUITE_TMP/copy.db"
  expect_contains "$ERR" "pg_dump"
  [ -e "$SUITE_TMP/copy.db" ] && fail "a backup file was written"

  TEST "a database holding someone else's tables is refused; nothing is left behind"
  url=$(new_database)
  psql -q "$url" -c "CREATE TABLE accounts (id integer)" >/dev/null
  expect_exit 1 embargo init --store "$url"
  expect_contains "$ERR" "not an embargo store"
  [ -e "$EMBARGO_DATA" ] && fail "init left $EMBARGO_DATA behind"

  TEST "an unreachable server is a one-line error without the password"
  expect_exit 1 embargo init --store "postgresql://embargo:s3cret@127.0.0.1:1/nothing"
  expect_contains "$ERR" "cannot connect"
  expect_not_contains "$ERR" "s3cret"
}
