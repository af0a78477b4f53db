# embargo export cve|osv and embargo validate against the shipped schemas.

SUITE_export_SETUP() {
  rm -rf "$SUITE_TMP/sec"
  export EMBARGO_DATA="$SUITE_TMP/sec"
  export EMBARGO_NOW=2026-02-02T10:00:00Z
  embargo init --project Exim >/dev/null
  embargo case new --title "heap overflow in string_vformat" --reporter "Jane Roe <jane@example.org>" \
    --reporter-credit "Jane Roe (Example Lab)" --impact rce >/dev/null
  embargo vuln add EMB-2026-0001 --title "heap overflow in string_vformat" --cwe 787 \
    --affected ">=4.92,<4.99.1" --id CVE-2026-1234 >/dev/null
}

configure_advisory() {
  sed -i 's/^cna_org_id = ""/cna_org_id = "b7c3e2a1-1c2d-4e5f-8a9b-0123456789ab"/;
          s|^advisory_url = ""|advisory_url = "https://www.exim.org/static/doc/security/{id}.txt"|;
          s|^repository_url = ""|repository_url = "https://git.exim.org/exim.git"|' "$EMBARGO_DATA/embargo.toml"
}

SUITE_export() {
  TEST "a record without a reference or CNA is refused before anything is written"
  expect_exit 1 embargo export cve EMB-2026-0001
  expect_contains "$ERR" "advisory.advisory_url is not configured"
  expect_equal "$OUT" "" "output"

  TEST "export cve validates, and embargo validate agrees"
  configure_advisory
  expect_ok embargo export cve EMB-2026-0001
  echo "$OUT" >"$SUITE_TMP/record.json"
  expect_equal "$(jq -r '.containers.cna.affected[0].versions[0].lessThan' "$SUITE_TMP/record.json")" "4.99.1"
  expect_ok embargo validate cve "$SUITE_TMP/record.json"
  expect_contains "$OUT" "valid cve"
  expect_ok embargo export cve EMB-2026-0001 --container --vuln CVE-2026-1234
  echo "$OUT" >"$SUITE_TMP/container.json"
  expect_ok embargo validate cve "$SUITE_TMP/container.json"

  TEST "validate names every failing pointer and exits 1"
  configure_advisory
  embargo export cve EMB-2026-0001 | jq '.containers.cna.affected[0].versions[0].status = "maybe" | del(.containers.cna.descriptions)' >"$SUITE_TMP/bad.json"
  expect_exit 1 embargo validate cve "$SUITE_TMP/bad.json"
  expect_contains "$OUT" "/containers/cna/affected/0/versions/0/status"
  expect_exit 1 embargo validate cve "$SUITE_TMP/bad.json" --format json
  expect_equal "$(jq -r .valid <<<"$OUT")" "false"
  echo '{"broken": ' >"$SUITE_TMP/notjson.json"
  expect_exit 1 embargo validate osv "$SUITE_TMP/notjson.json"
  expect_contains "$ERR" "not JSON"
  expect_exit 2 embargo validate spdx "$SUITE_TMP/bad.json"

  TEST "export osv with a GIT range"
  configure_advisory
  expect_ok embargo export osv EMB-2026-0001 --fix-commit 0123456789abcdef0123456789abcdef01234567
  echo "$OUT" >"$SUITE_TMP/osv.json"
  expect_equal "$(jq -r '.affected[0].ranges[1].repo' "$SUITE_TMP/osv.json")" "https://git.exim.org/exim.git"
  expect_ok embargo validate osv "$SUITE_TMP/osv.json"

  TEST "export csaf for the whole case passes the schema and the mandatory tests"
  configure_advisory
  embargo vuln add EMB-2026-0001 --title "second bug" --affected "<4.99.1" --fixed ">=4.99.1" --id CVE-2026-1235 >/dev/null
  expect_ok embargo export csaf EMB-2026-0001
  echo "$OUT" >"$SUITE_TMP/csaf.json"
  expect_equal "$(jq -r '.vulnerabilities | length' "$SUITE_TMP/csaf.json")" 2
  expect_ok embargo validate csaf "$SUITE_TMP/csaf.json"
  expect_contains "$OUT" "mandatory tests run: 6.1.1"
  jq '.vulnerabilities[1].cve = .vulnerabilities[0].cve' "$SUITE_TMP/csaf.json" >"$SUITE_TMP/dup.json"
  expect_exit 1 embargo validate csaf "$SUITE_TMP/dup.json"
  expect_contains "$OUT" "CSAF test 6.1.23"
  jq '.document.lang = "EZ"' "$SUITE_TMP/csaf.json" >"$SUITE_TMP/lang.json"
  expect_exit 1 embargo validate csaf "$SUITE_TMP/lang.json"
  expect_contains "$OUT" "CSAF test 6.1.12"
  # 6.1.11 against MITRE's CWE names shipped in data/schemas/cwe (the standard's Example 59, then mended).
  jq '.vulnerabilities[0].cwe = {"id": "CWE-79", "name": "Improper Input Validation"}' "$SUITE_TMP/csaf.json" >"$SUITE_TMP/cwe.json"
  expect_exit 1 embargo validate csaf "$SUITE_TMP/cwe.json"
  expect_contains "$OUT" "CSAF test 6.1.11: CWE-79 is named \"Improper Neutralization of Input During Web Page Generation"
  jq '.vulnerabilities[0].cwe = {"id": "CWE-20", "name": "Improper Input Validation"}' "$SUITE_TMP/csaf.json" >"$SUITE_TMP/cwe.json"
  expect_ok embargo validate csaf "$SUITE_TMP/cwe.json"
  # A non-string where the CVE schema names a format is a problem, not a crash.
  expect_ok embargo export cve EMB-2026-0001 --vuln 1
  jq '.containers.cna.references[0].url = {"a": 1}' <<<"$OUT" >"$SUITE_TMP/badurl.json"
  expect_exit 1 embargo validate cve "$SUITE_TMP/badurl.json"
  expect_contains "$OUT" "/containers/cna/references/0/url"

  TEST "choosing among several vulnerabilities"
  configure_advisory
  embargo vuln add EMB-2026-0001 --title "second bug" --affected "<4.99.1" --id CVE-2026-1235 >/dev/null
  expect_exit 1 embargo export cve EMB-2026-0001
  expect_contains "$ERR" "choose one with --vuln"
  expect_ok embargo export cve EMB-2026-0001 --vuln 2
  expect_equal "$(jq -r .cveMetadata.cveId <<<"$OUT")" "CVE-2026-1235"
  expect_exit 1 embargo export cve EMB-2026-0001 --vuln CVE-2026-9999
  expect_contains "$ERR" "--vuln:"

  TEST "scored vectors are written into the CVE record, CSAF and OSV, and still validate"
  configure_advisory
  expect_ok embargo vuln set EMB-2026-0001 1 --cvss 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' \
    --cvss 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'
  expect_ok embargo export cve EMB-2026-0001
  echo "$OUT" >"$SUITE_TMP/scored.json"
  expect_equal "$(jq -c '[.containers.cna.metrics[] | keys[] | select(startswith("cvss"))] | sort' "$SUITE_TMP/scored.json")" \
    '["cvssV3_1","cvssV4_0"]' "metric keys"
  expect_equal "$(jq -r '.containers.cna.metrics[] | select(.cvssV3_1) | .cvssV3_1.baseScore' "$SUITE_TMP/scored.json")" "9.8"
  expect_equal "$(jq -r '.containers.cna.metrics[] | select(.cvssV4_0) | .cvssV4_0.baseSeverity' "$SUITE_TMP/scored.json")" "CRITICAL"
  expect_ok embargo validate cve "$SUITE_TMP/scored.json"
  expect_ok embargo export csaf EMB-2026-0001
  expect_equal "$(jq -r '.vulnerabilities[0].scores[0].cvss_v3.baseScore' <<<"$OUT")" "9.8"
  expect_ok embargo export osv EMB-2026-0001
  expect_equal "$(jq -r '[.severity[].type] | join(",")' <<<"$OUT")" "CVSS_V3,CVSS_V4"
}
