# The disclosure planner: embargo plan propose | check, embargo case plan.

SUITE_plan_PROBE() {
  if [ ! -e /usr/share/zoneinfo/Europe/London ]; then
    echo "no tz database in /usr/share/zoneinfo (install tzdata)"
    return 1
  fi
}

SUITE_plan_SETUP() {
  unset EMBARGO_DATA EMBARGO_NOW
}

# python3 with the icalendar module (Debian python3-icalendar), if any.
ical_python() {
  local p
  for p in /usr/bin/python3 python3; do
    if "$p" -c 'import icalendar' 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

SUITE_plan() {
  TEST "propose: the earliest timeline, in text with <-- NOW"
  expect_ok embargo plan propose --fix-ready 2026-03-03T11:00Z --exploitation none --now 2026-03-02T09:00Z
  expect_contains "$OUT" "Thu 2026-03-05 14:00 UTC  release"
  expect_contains "$OUT" "advance-notice    <-- NOW"
  expect_contains "$OUT" "America/Los_Angeles Thu 06:00 PST"
  expect_contains "$OUT" "Every rule passes."

  TEST "propose: JSON as the issue shows it"
  expect_ok embargo plan propose --fix-ready 2026-03-03T11:00Z --exploitation none --now 2026-03-02T09:00Z \
    --format json
  expect_contains "$OUT" '"name": "release"'
  expect_contains "$OUT" '"at": "2026-03-05T14:00:00Z"'
  expect_contains "$OUT" '"America/Los_Angeles": "2026-03-05T06:00:00-08:00"'
  expect_contains "$OUT" '"Asia/Tokyo": "2026-03-05T23:00:00+09:00"'
  expect_contains "$OUT" '"rule": "weekday"'
  expect_contains "$OUT" '"ok": true'
  if command -v jq >/dev/null; then
    expect_equal "$(echo "$OUT" | jq -r '.events | map(.name) | join(",")')" \
      "advance-notice,fix-to-packagers,heads-up,release" "event names"
    expect_equal "$(echo "$OUT" | jq -r '[.checks[].rule] | join(",")')" \
      "weekday,release-hour,packager-window,distros-max-embargo,reporter-deadline,heads-up,order" "rules"
  fi

  TEST "propose: US summer time before Europe's: 07:00 in Los Angeles"
  expect_ok embargo plan propose --fix-ready 2026-03-09T08:00Z --exploitation none --now 2026-03-09T08:00Z \
    --format json
  expect_contains "$OUT" '"America/Los_Angeles": "2026-03-11T07:00:00-07:00"'

  TEST "propose: a deadline too near exits 4 with the least bad timeline"
  # Thursday would leave five hours for packagers and the heads-up (two
  # failing rules since issue 21: a heads-up under heads_up_lead fails), Friday
  # is no release day: the least bad is the next Monday, after the deadline.
  expect_exit 4 embargo plan propose --fix-ready 2026-03-05T09:00Z --exploitation none \
    --reporter-deadline 2026-03-06 --now 2026-03-05T09:00Z
  expect_contains "$OUT" "FAILING RULES: reporter-deadline"

  TEST "propose: poc-public may take that Friday with a warning"
  expect_ok embargo plan propose --fix-ready 2026-03-05T09:00Z --exploitation poc-public \
    --reporter-deadline 2026-03-06 --now 2026-03-05T09:00Z
  expect_contains "$OUT" "Fri 2026-03-06 14:00 UTC  release"
  expect_contains "$OUT" "warn  weekday"

  TEST "propose: a local date with --tz"
  expect_ok embargo plan propose --fix-ready 2026-07-01T09:00 --tz Europe/London --exploitation active \
    --now 2026-07-01T08:00Z --format json
  expect_contains "$OUT" '"at": "2026-07-03T13:00:00Z"'

  TEST "check: exit 0, 4"
  expect_ok embargo plan check --release 2026-03-10T14:00Z --fix-to-packagers 2026-03-08T14:00Z \
    --advance-notice 2026-03-03T10:00Z --heads-up 2026-03-09T14:00Z --exploitation none
  expect_contains "$OUT" "Every rule passes."
  expect_exit 4 embargo plan check --release 2026-03-06T14:00Z --fix-to-packagers 2026-03-04T14:00Z \
    --advance-notice 2026-03-02T10:00Z --exploitation none --format json
  expect_contains "$OUT" '"ok": false'
  expect_contains "$OUT" '"status": "fail"'
  expect_ok embargo plan check --release 2026-03-06T14:00Z --fix-to-packagers 2026-03-04T14:00Z \
    --advance-notice 2026-03-02T10:00Z --exploitation poc-public

  TEST "bad input: exit 1 with the reason; usage: exit 2"
  expect_exit 1 embargo plan check --release 2026-03-06T14:00 --fix-to-packagers 2026-03-04T14:00Z \
    --advance-notice 2026-03-02T10:00Z --exploitation none
  expect_contains "$ERR" "--release: '2026-03-06T14:00' has no zone"
  expect_contains "$ERR" "--tz ZONE"
  expect_exit 1 embargo plan propose --fix-ready 2026-03-03 --exploitation none
  expect_contains "$ERR" "is a date without a zone"
  expect_exit 1 embargo plan propose --fix-ready 2026-03-03 --tz Mars/Base --exploitation none
  expect_contains "$ERR" "--tz: unknown time zone 'Mars/Base'"
  expect_exit 1 embargo plan check --release 2026-03-01T14:00Z --fix-to-packagers 2026-03-04T14:00Z \
    --advance-notice 2026-03-02T10:00Z --exploitation none
  expect_contains "$ERR" "is before advance-notice"
  expect_exit 1 embargo plan propose --fix-ready 2026-03-03T11:00Z --exploitation maybe
  expect_contains "$ERR" "exploitation"
  expect_contains "$ERR" "poc-public"
  expect_exit 1 embargo plan propose --fix-ready 2026-03-03T11:00Z --exploitation none --reporter-deadline 2026-02-30
  expect_contains "$ERR" "--reporter-deadline"
  expect_exit 2 embargo plan propose --exploitation none
  expect_exit 2 embargo plan check --release 2026-03-06T14:00Z --exploitation none
  expect_exit 2 embargo plan propose --fix-ready 2026-03-03T11:00Z --exploitation none --format pdf

  TEST "holidays from an iCalendar file are avoided"
  printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:h1\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20260305\r\nSUMMARY:Holiday\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' \
    >"$SUITE_TMP/holidays.ics"
  expect_ok embargo plan propose --fix-ready 2026-03-03T11:00Z --exploitation none --now 2026-03-02T09:00Z \
    --holidays "$SUITE_TMP/holidays.ics" --format json
  expect_contains "$OUT" '"at": "2026-03-09T14:00:00Z"'
  echo "not a calendar" >"$SUITE_TMP/bad.ics"
  expect_exit 1 embargo plan propose --fix-ready 2026-03-03T11:00Z --exploitation none --holidays "$SUITE_TMP/bad.ics"
  expect_contains "$ERR" "--holidays: $SUITE_TMP/bad.ics: not an iCalendar file"

  TEST "ics: a valid calendar with one event per step"
  expect_ok embargo plan propose --fix-ready 2026-03-03T11:00Z --exploitation none --now 2026-03-02T09:00Z \
    --format ics
  expect_contains "$OUT" "BEGIN:VCALENDAR"
  expect_equal "$(echo "$OUT" | grep -c '^BEGIN:VEVENT')" 4 "VEVENT count"
  echo "$OUT" >"$SUITE_TMP/plan.ics"
  if py=$(ical_python); then
    expect_ok "$py" -c '
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
events = cal.walk("VEVENT")
assert len(events) == 4, events
starts = [e["dtstart"].dt.strftime("%Y-%m-%dT%H:%MZ") for e in events]
assert starts[-1] == "2026-03-05T14:00Z", starts
assert all(str(e["uid"]).endswith("@embargo") for e in events)
print("ok")' "$SUITE_TMP/plan.ics"
  else
    echo "(python3-icalendar not installed: ICS checked by the unit tests with libical only)"
  fi

  TEST "config: the [policy] of the data directory applies"
  export EMBARGO_DATA="$SUITE_TMP/data"
  rm -rf "$EMBARGO_DATA"
  expect_ok embargo init --project Exim --prefix EXIM
  sed -i 's/^release_time = "14:00"/release_time = "16:00"/' "$EMBARGO_DATA/embargo.toml"
  expect_ok embargo plan propose --fix-ready 2026-03-03T11:00Z --exploitation none --now 2026-03-02T09:00Z \
    --format json
  expect_contains "$OUT" '"at": "2026-03-05T16:00:00Z"'
  cp "$SUITE_TMP/holidays.ics" "$EMBARGO_DATA/holidays.ics"
  sed -i 's/^holidays_file = ""/holidays_file = "holidays.ics"/' "$EMBARGO_DATA/embargo.toml"
  expect_ok embargo plan propose --fix-ready 2026-03-03T11:00Z --exploitation none --now 2026-03-02T09:00Z \
    --format json
  expect_contains "$OUT" '"at": "2026-03-09T16:00:00Z"'
  sed -i 's/^release_time = "16:00"/release_hour = 16/' "$EMBARGO_DATA/embargo.toml"
  expect_exit 1 embargo plan propose --fix-ready 2026-03-03T11:00Z --exploitation none
  expect_contains "$ERR" "policy.release_hour is not a known setting"

  TEST "case plan: stores the plan, sets the release, records it, exports ics"
  export EMBARGO_DATA="$SUITE_TMP/data" EMBARGO_NOW=2026-03-02T09:00Z
  rm -rf "$EMBARGO_DATA"
  expect_ok embargo init --project Exim --prefix EXIM
  expect_ok embargo case new --title "heap overflow in SMTP" --reporter "Jane <jane@example.org>" \
    --reporter-deadline 2026-03-20 --exploitation poc-public
  expect_ok embargo case plan EXIM-2026-0001 --ics "$SUITE_TMP/case.ics"
  expect_contains "$OUT" "Wed 2026-03-04 14:00 UTC  release"
  expect_equal "$(grep -c '^BEGIN:VEVENT' "$SUITE_TMP/case.ics")" 4 "VEVENT count"
  expect_contains "$(cat "$SUITE_TMP/case.ics")" "UID:EXIM-2026-0001-release@embargo"
  expect_ok embargo case show EXIM-2026-0001
  expect_contains "$OUT" "release       2026-03-04 14:00:00 UTC"
  expect_contains "$OUT" "Disclosure plan 1"
  expect_contains "$OUT" "heads-up          2026-03-03 14:00:00 UTC"
  expect_ok embargo case show EXIM-2026-0001 --format json
  expect_contains "$OUT" '"release_at": "2026-03-04T14:00:00.000000Z"'
  expect_contains "$OUT" '"plan": {'
  expect_ok embargo timeline EXIM-2026-0001
  expect_contains "$OUT" "disclosure plan 1: release 2026-03-04 14:00:00 UTC (every rule passes)"

  TEST "case plan: a fixed release that breaks the rules is printed, exit 4, not stored; --override --why stores it"
  export EMBARGO_DATA="$SUITE_TMP/data" EMBARGO_NOW=2026-03-02T09:00Z
  expect_exit 4 embargo case plan EXIM-2026-0001 --release 2026-03-21T14:00Z --format json
  expect_contains "$OUT" '"ok": false'
  expect_contains "$ERR" "plan for EXIM-2026-0001 not stored: failing rules: weekday, reporter-deadline"
  expect_ok embargo case show EXIM-2026-0001
  expect_not_contains "$OUT" "Disclosure plan 2"
  expect_contains "$OUT" "release       2026-03-04 14:00:00 UTC"
  expect_exit 1 embargo case plan EXIM-2026-0001 --release 2026-03-21T14:00Z --override
  expect_contains "$ERR" "--why"
  expect_ok embargo case plan EXIM-2026-0001 --release 2026-03-21T14:00Z --override --why "the reporter agreed" \
    --format json
  expect_contains "$ERR" "stored plan 2 of EXIM-2026-0001 with an override (the reporter agreed)"
  expect_ok embargo timeline EXIM-2026-0001
  expect_contains "$OUT" "stored with an override (the reporter agreed): failing rules: weekday, reporter-deadline"
  expect_ok embargo case show EXIM-2026-0001
  expect_contains "$OUT" "Disclosure plan 2"
  expect_contains "$OUT" "fail weekday"
  expect_ok embargo case plan EXIM-2026-0001 --format ics
  expect_contains "$OUT" "BEGIN:VEVENT"
  expect_ok embargo timeline verify EXIM-2026-0001
  expect_ok sqlite3 "$EMBARGO_DATA/embargo.db" "SELECT seq, ok, release_at FROM plans ORDER BY seq"
  expect_equal "$OUT" "$(printf '1|1|2026-03-04T14:00:00.000000Z\n2|0|2026-03-21T14:00:00.000000Z\n3|1|2026-03-04T14:00:00.000000Z')" "plans rows"
  expect_exit 1 embargo case plan EXIM-2026-0099
  expect_contains "$ERR" "EXIM-2026-0099"
  expect_exit 1 embargo case plan EXIM-2026-0001 --release 2026-03-21
  expect_contains "$ERR" "--release"
  expect_ok embargo case move EXIM-2026-0001 rejected --why "not a bug"
  expect_exit 1 embargo case plan EXIM-2026-0001
  expect_contains "$ERR" "is rejected: a disclosure plan no longer applies"
}
