# embargod starts on a data directory and stops cleanly on SIGTERM.

SUITE_embargod() {
  TEST "refuses a non-empty directory that is not a data directory"
  # (A missing or empty one is a first start: web.bash tests that.)
  mkdir "$SUITE_TMP/other" && echo x >"$SUITE_TMP/other/file"
  expect_exit 1 embargod --data "$SUITE_TMP/other"
  expect_contains "$ERR" "embargo.toml"

  TEST "starts and stops on SIGTERM with status 0"
  embargo init --data "$SUITE_TMP/sec" >/dev/null
  embargod --data "$SUITE_TMP/sec" 2>"$SUITE_TMP/log" &
  pid=$!
  for _ in $(seq 50); do grep -q "waiting" "$SUITE_TMP/log" && break; sleep 0.1; done
  kill -TERM $pid
  wait $pid
  expect_equal "$?" 0 "exit status"
  expect_contains "$(cat "$SUITE_TMP/log")" "stopping"
}
