# The suites' SMTP server (sourced): tests/mail/smtp_server.py (aiosmtpd),
# writing each message it accepts to a file in a directory, and refusing
# with 550 what the stand-in Openwall lists refuse.

# start_smtp [DIR]: a server on a free port writing to DIR (default
# $SUITE_TMP/smtp); sets SMTP_DIR, SMTP_PORT and SMTP_PID. Waits until it listens.
start_smtp() {
  SMTP_DIR="${1:-$SUITE_TMP/smtp}"
  mkdir -p "$SMTP_DIR"
  SMTP_PORT=$(free_port)
  /usr/bin/python3 "$EMBARGO_SOURCE/tests/mail/smtp_server.py" "$SMTP_DIR" "$SMTP_PORT" 2>"$SMTP_DIR.log" &
  SMTP_PID=$!
  for _ in $(seq 200); do [ -f "$SMTP_DIR/ready" ] && break; sleep 0.05; done
}

# stop_smtp: stops the server start_smtp started, if any.
stop_smtp() {
  if [ -n "${SMTP_PID:-}" ]; then
    kill "$SMTP_PID" 2>/dev/null
    wait "$SMTP_PID" 2>/dev/null
    SMTP_PID=""
  fi
}
