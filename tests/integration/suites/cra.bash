# The EU Cyber Resilience Act's clock (issue 25): a case whose exploitation
# becomes active carries the three reporting deadlines as duties, shown by
# `case show`, reminded on a replayed clock across Europe's DST change, and
# `embargo report cra` renders each stage for the manufacturers and records
# it sent.

CASE=EXIM-2026-0001

SUITE_cra_PROBE() {
  command -v jq >/dev/null || { echo "jq is not installed"; return 1; }
}

SUITE_cra() {
  export EMBARGO_DATA=$SUITE_TMP/data
  # Saturday 12:00 UTC, the day before the clocks go forward in Europe.
  export EMBARGO_NOW=2026-03-28T12:00:00Z
  expect_ok embargo init --project Exim --prefix EXIM
  cat >>"$EMBARGO_DATA/embargo.toml" <<'TOML'

[[mail.lists]]
name = "packagers"
address = "exim-packagers@example.org"
policy = "sign"

[[mail.lists.recipients]]
name = "debian"
contacts = ["team@security.debian.org"]
TOML
  sed -i 's/^manufacturers = \[\].*/manufacturers = ["debian"]/' "$EMBARGO_DATA/embargo.toml"
  expect_ok embargo case new --title "heap overflow in SMTP" --reporter "Jane <jane@example.org>"
  expect_ok embargo vuln add $CASE --title "heap overflow in BDAT" --affected ">=4.92,<4.99.1" --fixed ">=4.99.1"

  TEST "the clock is off unless [cra] enabled, and runs only for active exploitation"
  expect_ok embargo case edit $CASE --exploitation active
  expect_exit 1 embargo report cra $CASE --stage early-warning
  expect_contains "$ERR" "the CRA clock is off for its project ([cra] enabled = false)"
  sed -i '/^\[cra\]/,/^\[/ s/^enabled = false/enabled = true/' "$EMBARGO_DATA/embargo.toml"
  expect_ok embargo case edit $CASE --exploitation none
  expect_exit 1 embargo report cra $CASE --stage early-warning
  expect_contains "$ERR" "exploitation is 'none' (embargo case edit $CASE --exploitation active)"
  expect_exit 1 embargo report cra $CASE --stage final-report
  expect_contains "$ERR" "--stage: 'final-report' is not early-warning, notification or final"

  TEST "active exploitation starts the three deadlines, shown with the lists' duties"
  export EMBARGO_NOW=2026-03-28T12:00:00Z
  expect_ok embargo case edit $CASE --exploitation active
  expect_ok embargo case show $CASE --format json
  expect_equal "$(jq -r '[.duties[] | select(.rule | startswith("cra-")) | "\(.rule)=\(.state)@\(.due)"] | join(" ")' <<<"$OUT")" \
    "cra-early-warning=open@2026-03-29T12:00:00.000000Z cra-notification=open@2026-03-31T12:00:00.000000Z cra-final-report=ok@null" \
    "the CRA duties"
  expect_ok embargo case show $CASE
  expect_contains "$OUT" "cra-early-warning"

  TEST "each stage's report for the manufacturers, as text and JSON"
  expect_ok embargo report cra $CASE --stage early-warning
  expect_contains "$OUT" "Early warning: an actively exploited vulnerability (Exim, $CASE)"
  expect_contains "$OUT" "To: debian <team@security.debian.org>"
  expect_contains "$OUT" "Due: Sun 2026-03-29 12:00 UTC (open)"
  expect_contains "$OUT" "Affected versions: >=4.92,<4.99.1"
  expect_ok embargo report cra $CASE --stage notification --format json
  expect_equal "$(jq -r '.due + " " + .aware_at + " " + .vulnerabilities[0].fixed' <<<"$OUT")" \
    "2026-03-31T12:00:00.000000Z 2026-03-28T12:00:00.000000Z >=4.99.1" "the notification's facts"

  TEST "reminders on a replayed clock across the DST change: 24 real hours, 12:00 UTC"
  cra_reminders() {  # TIME: the CRA reminders `remind run` queues then
    embargo remind run --now "$1" --format json |
      jq -r '[.[] | select(.condition | startswith("duty-cra")) | "\(.condition)/\(.threshold)"] | sort | join(",")'
  }
  expect_equal "$(cra_reminders 2026-03-28T12:05:00Z)" "duty-cra-early-warning/1d,duty-cra-notification/7d" \
    "at once: less than a day and less than a week left"
  expect_equal "$(cra_reminders 2026-03-29T10:01:00Z)" "duty-cra-early-warning/2h" "2 hours before, after the change"
  expect_equal "$(cra_reminders 2026-03-30T12:01:00Z)" "duty-cra-notification/1d" "1 day before the notification"

  TEST "--sent records the report once and closes its duty"
  export EMBARGO_NOW=2026-03-29T09:00:00Z
  expect_ok embargo report cra $CASE --stage early-warning --sent
  expect_contains "$OUT" "Due: Sun 2026-03-29 12:00 UTC (done)"
  expect_exit 1 embargo report cra $CASE --stage early-warning --sent
  expect_contains "$ERR" "the early-warning report is already recorded as sent"
  expect_contains "$(embargo timeline $CASE)" "CRA early-warning report sent to debian"
  expect_equal "$(embargo case show $CASE --format json | jq -r '.duties[] | select(.rule == "cra-early-warning") | .state')" \
    "done" "the early warning's duty"
  expect_ok embargo timeline verify $CASE

  TEST "a CVE record CISA lists as known exploited imports as active: the clock runs from the import"
  export EMBARGO_NOW=2026-04-02T08:00:00Z
  jq '.containers.adp = [{"title": "CISA ADP Vulnrichment",
        "providerMetadata": {"orgId": "134c704f-9b21-4f2e-91b3-4a467353bcc0", "shortName": "CISA-ADP"},
        "metrics": [{"other": {"type": "kev", "content": {"dateAdded": "2021-11-03",
          "reference": "https://www.cisa.gov/known-exploited-vulnerabilities-catalog?search=CVE-2019-10149"}}}]}]' \
    "$EMBARGO_SOURCE/tests/data/cve/CVE-2019-10149.json" >"$SUITE_TMP/kev.json"
  expect_ok embargo import cve "$SUITE_TMP/kev.json"
  local imported=$OUT
  expect_contains "$ERR" "exploitation: active (CISA KEV, added 2021-11-03): with [cra] enabled, the CRA clock runs from now"
  expect_contains "$(embargo timeline "$imported")" "exploitation active (CISA KEV, added 2021-11-03)"
  expect_equal "$(embargo case show "$imported" --format json |
    jq -r '[.duties[] | select(.rule | startswith("cra-")) | "\(.rule)@\(.due)"] | join(" ")' | cut -d' ' -f1-2)" \
    "cra-early-warning@2026-04-03T08:00:00.000000Z cra-notification@2026-04-05T08:00:00.000000Z" "from the import"
}
