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

  TEST "export cve writes CVE 5.2 with the package URL of [advisory] purl"
  configure_advisory
  sed -i 's|^purl = ""|purl = "pkg:github/Exim/exim"|' "$EMBARGO_DATA/embargo.toml"
  expect_ok embargo export cve EMB-2026-0001
  echo "$OUT" >"$SUITE_TMP/record52.json"
  expect_equal "$(jq -r .dataVersion "$SUITE_TMP/record52.json")" "5.2"
  expect_equal "$(jq -r '.containers.cna.affected[0].packageURL' "$SUITE_TMP/record52.json")" "pkg:github/Exim/exim"
  expect_ok embargo validate cve "$SUITE_TMP/record52.json"
  sed -i 's|^purl = .*|purl = "pkg:github/Exim/exim@4.99"|' "$EMBARGO_DATA/embargo.toml"
  expect_exit 1 embargo export cve EMB-2026-0001
  expect_contains "$ERR" "advisory.purl 'pkg:github/Exim/exim@4.99' names a version"
  sed -i 's|^purl = .*|purl = "github/Exim/exim"|' "$EMBARGO_DATA/embargo.toml"
  expect_exit 1 embargo export cve EMB-2026-0001
  expect_contains "$ERR" "advisory.purl 'github/Exim/exim'"

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

  identifier_tests
  reference_tests
  revision_tests
}

# Issue 25: CSAF revisions after the advisory was published, and their publication. An imported
# published CVE record gives a public case cheaply.
import_public_case() {
  embargo import cve "$EMBARGO_SOURCE/tests/data/cve/CVE-2019-10149.json" --format json | jq -r .case_id
}

revision_tests() {
  local case stem web
  TEST "CSAF revisions: revision 1 once public, a change is revision 2 only with --summary"
  configure_advisory
  case=$(import_public_case)
  expect_equal "$(embargo case show "$case" --format json | jq -r .state)" "public" "imported case state"
  expect_ok embargo export csaf "$case"
  echo "$OUT" >"$SUITE_TMP/rev1.json"
  expect_contains "$ERR" "recorded CSAF revision 1 of $case: Initial release"
  expect_equal "$(jq -c '.document.tracking | [.status, .version, (.revision_history | map(.number + ":" + .summary))]' \
    "$SUITE_TMP/rev1.json")" '["final","1",["1:Initial release"]]' "revision 1"
  expect_ok embargo validate csaf "$SUITE_TMP/rev1.json"
  expect_ok embargo export csaf "$case"
  expect_equal "$(jq -r .document.tracking.version <<<"$OUT")" "1" "unchanged: still revision 1"
  expect_not_contains "$ERR" "recorded"
  expect_ok embargo vuln set "$case" 1 --fixed ">=4.92"
  expect_exit 1 embargo export csaf "$case"
  expect_contains "$ERR" "the CSAF advisory of $case changed since revision 1 (published 2026-02-02 10:00:00 UTC)"
  expect_contains "$ERR" 'give --summary "what changed" to publish revision 2'
  expect_equal "$OUT" "" "output"
  EMBARGO_NOW=2026-02-05T10:00:00Z expect_ok embargo export csaf "$case" --summary "Fixed in 4.92"
  echo "$OUT" >"$SUITE_TMP/rev2.json"
  expect_equal "$(jq -c '.document.tracking | [.version, .initial_release_date, .current_release_date,
    (.revision_history | map(.number + ":" + .summary))]' "$SUITE_TMP/rev2.json")" \
    '["2","2026-02-02T10:00:00.000Z","2026-02-05T10:00:00.000Z",["1:Initial release","2:Fixed in 4.92"]]' "revision 2"
  expect_ok embargo validate csaf "$SUITE_TMP/rev2.json"
  expect_contains "$(embargo timeline "$case")" "CSAF revision 2: Fixed in 4.92"
  EMBARGO_NOW=2026-02-06T10:00:00Z expect_exit 1 embargo export csaf "$case" --summary "again"
  expect_contains "$ERR" "has not changed since revision 2"
  expect_exit 1 embargo export csaf EMB-2026-0001 --summary "early"
  expect_contains "$ERR" "EMB-2026-0001 is not public yet"

  TEST "advisory publish: the newest CSAF revision into web_dir, the earlier ones stay"
  configure_advisory
  sed -i 's|^# web_dir = .*|web_dir = "web"|' "$EMBARGO_DATA/embargo.toml"
  case=$(import_public_case)
  stem=$(tr 'A-Z' 'a-z' <<<"$case")
  web=$EMBARGO_DATA/web
  expect_ok embargo advisory publish "$case"
  expect_contains "$OUT" "CSAF csaf/$stem.json (2 of 2 files written); recorded CSAF revision 1"
  expect_equal "$(jq -r .document.tracking.version "$web/csaf/$stem.json")" "1" "published version"
  cmp -s "$web/csaf/$stem.json" "$web/csaf/$stem/1.json" || fail "csaf/$stem/1.json is not the newest revision"
  expect_ok embargo validate csaf "$web/csaf/$stem.json"
  cp "$web/csaf/$stem/1.json" "$SUITE_TMP/published-rev1.json"
  expect_ok embargo advisory publish "$case"
  expect_contains "$OUT" "(0 of 2 files written)"
  expect_ok embargo vuln set "$case" 1 --fixed ">=4.92"
  expect_ok embargo advisory publish "$case"
  expect_contains "$OUT" "CSAF not published: the CSAF advisory of $case changed since revision 1"
  expect_contains "$OUT" "embargo export csaf $case --summary"
  EMBARGO_NOW=2026-02-05T10:00:00Z expect_ok embargo export csaf "$case" --summary "Fixed in 4.92"
  expect_ok embargo advisory publish "$case"
  expect_contains "$OUT" "(2 of 2 files written)"
  expect_equal "$(jq -r .document.tracking.version "$web/csaf/$stem.json")" "2" "newest version"
  cmp -s "$web/csaf/$stem.json" "$web/csaf/$stem/2.json" || fail "csaf/$stem/2.json is not the newest revision"
  cmp -s "$web/csaf/$stem/1.json" "$SUITE_TMP/published-rev1.json" || fail "revision 1's file changed"
  expect_equal "$(cd "$web/csaf" && find . -type f | LC_ALL=C sort | tr '\n' ' ')" \
    "./$stem.json ./$stem/1.json ./$stem/2.json " "csaf/"
  expect_ok embargo validate csaf "$web/csaf/$stem/2.json"
  expect_ok embargo validate csaf "$web/csaf/$stem/1.json"
  expect_exit 1 embargo advisory publish EMB-2026-0001
  expect_contains "$ERR" "not public"
}

# Issue 25: references agree with pages; drafts before the release; not a CNA; OSV package and GIT range.
reference_tests() {
  TEST "the advisory page is the file every exported reference names"
  configure_advisory
  expect_ok embargo export cve EMB-2026-0001
  expect_equal "$(jq -r '.containers.cna.references[0].url' <<<"$OUT")" \
    "https://www.exim.org/static/doc/security/CVE-2026-1234.txt" "CVE reference"
  expect_ok embargo export osv EMB-2026-0001
  expect_equal "$(jq -r '.references[0].url' <<<"$OUT")" "https://www.exim.org/static/doc/security/CVE-2026-1234.txt"
  expect_ok embargo export csaf EMB-2026-0001
  expect_equal "$(jq -r '.document.references[0].url' <<<"$OUT")" "https://www.exim.org/static/doc/security/CVE-2026-1234.txt"
  expect_ok embargo advisory render EMB-2026-0001 --out "$SUITE_TMP/pages"
  [ -f "$SUITE_TMP/pages/CVE-2026-1234.txt" ] || fail "the page is not CVE-2026-1234.txt: $(ls "$SUITE_TMP/pages")"
  # A second vulnerability's records reference the same page, the case's.
  embargo vuln add EMB-2026-0001 --title "second bug" --affected "<4.99.1" --id CVE-2026-1235 >/dev/null
  expect_ok embargo export cve EMB-2026-0001 --vuln 2
  expect_equal "$(jq -r '.containers.cna.references[0].url' <<<"$OUT")" \
    "https://www.exim.org/static/doc/security/CVE-2026-1234.txt" "second vulnerability's reference"
  sed -i 's|^advisory_url = .*|advisory_url = "https://www.exim.org/static/doc/security/{case}.html"|' "$EMBARGO_DATA/embargo.toml"
  expect_ok embargo export cve EMB-2026-0001 --vuln 1
  expect_equal "$(jq -r '.containers.cna.references[0].url' <<<"$OUT")" \
    "https://www.exim.org/static/doc/security/EMB-2026-0001.html" "{case}"
  sed -i 's|^advisory_url = .*|advisory_url = "https://www.exim.org/static/doc/security/"|' "$EMBARGO_DATA/embargo.toml"
  expect_exit 1 embargo export cve EMB-2026-0001 --vuln 1
  expect_contains "$ERR" "advisory.advisory_url must end in a file name with {id}"

  TEST "before the release a CVE record is a draft, without publication dates"
  configure_advisory
  expect_ok embargo case plan EMB-2026-0001
  expect_ok embargo export cve EMB-2026-0001
  expect_equal "$(jq -r '.cveMetadata.datePublished // "none"' <<<"$OUT")" "none" "datePublished"
  expect_equal "$(jq -r '.containers.cna.datePublic // "none"' <<<"$OUT")" "none" "datePublic"
  release=$(embargo case show EMB-2026-0001 --format json | jq -r .release_at)
  [ "$release" != "null" ] || fail "case plan set no release time"
  EMBARGO_NOW=2027-12-31T00:00:00Z expect_ok embargo export cve EMB-2026-0001
  expect_equal "$(jq -r '.cveMetadata.datePublished' <<<"$OUT" | cut -c1-16)" "$(cut -c1-16 <<<"$release")" "datePublished after the release"
  expect_equal "$(jq -r '.containers.cna.datePublic' <<<"$OUT" | cut -c1-16)" "$(cut -c1-16 <<<"$release")" "datePublic after the release"

  TEST "without advisory.cna_org_id, export cve writes the CNA container and the request for the publishing CNA"
  configure_advisory
  sed -i 's/^cna_org_id = .*/cna_org_id = ""/' "$EMBARGO_DATA/embargo.toml"
  expect_ok embargo export cve EMB-2026-0001
  expect_equal "$(jq -r 'has("providerMetadata")' <<<"$OUT")" "false" "providerMetadata"
  expect_equal "$(jq -r '.affected[0].versions[0].lessThan' <<<"$OUT")" "4.99.1" "the container's versions"
  expect_contains "$ERR" "advisory.cna_org_id is not configured"
  expect_contains "$ERR" "Please publish the CVE record of Exim Exim below"
  expect_contains "$ERR" "Identifiers:         CVE-2026-1234"
  # Without a CVE yet: the container and a request for one.
  embargo vuln set EMB-2026-0001 1 --id "" >/dev/null
  expect_ok embargo export cve EMB-2026-0001
  expect_contains "$ERR" "We request 1 CVE identifier for Exim Exim"

  TEST "OSV: the package from [advisory] purl, a GIT range with the introducing and fixing commits"
  configure_advisory
  sed -i 's|^purl = ""|purl = "pkg:github/Exim/exim"|' "$EMBARGO_DATA/embargo.toml"
  expect_ok embargo export osv EMB-2026-0001 --introduced-commit 1111111111111111111111111111111111111111 \
    --fix-commit 2222222222222222222222222222222222222222
  echo "$OUT" >"$SUITE_TMP/osv-git.json"
  expect_equal "$(jq -r '.affected[0].database_specific.purl' "$SUITE_TMP/osv-git.json")" "pkg:github/Exim/exim" "purl"
  expect_equal "$(jq -r '.affected[0] | has("package")' "$SUITE_TMP/osv-git.json")" "false" "package (no OSV ecosystem)"
  expect_equal "$(jq -c '.affected[0].ranges[1].events' "$SUITE_TMP/osv-git.json")" \
    '[{"introduced":"1111111111111111111111111111111111111111"},{"fixed":"2222222222222222222222222222222222222222"}]' "GIT events"
  expect_ok embargo validate osv "$SUITE_TMP/osv-git.json"
  sed -i 's|^purl = .*|purl = "pkg:pypi/exim-tools"|' "$EMBARGO_DATA/embargo.toml"
  expect_ok embargo export osv EMB-2026-0001
  expect_equal "$(jq -c '.affected[0].package' <<<"$OUT")" '{"ecosystem":"PyPI","name":"exim-tools","purl":"pkg:pypi/exim-tools"}' "package"
  expect_exit 1 embargo export osv EMB-2026-0001 --fix-commit abc123
  expect_contains "$ERR" "--fix-commit: 'abc123' is not a full commit hash"
}

# Issue 25: several identifiers per vulnerability.
identifier_tests() {
  TEST "a CVE and a GCVE on one vulnerability go through every export (issue 25)"
  configure_advisory
  # Setting the GCVE used to replace the CVE, and the CVE record then failed its schema.
  expect_ok embargo vuln set EMB-2026-0001 1 --id GCVE-1-2026-0007 --format json
  expect_equal "$(jq -r .identifier <<<"$OUT")" "CVE-2026-1234" "primary identifier"
  expect_equal "$(jq -c .aliases <<<"$OUT")" '["GCVE-1-2026-0007"]' "aliases"
  expect_ok embargo vuln list EMB-2026-0001
  expect_contains "$OUT" "CVE-2026-1234, GCVE-1-2026-0007"
  expect_ok embargo export cve EMB-2026-0001
  expect_equal "$(jq -r .cveMetadata.cveId <<<"$OUT")" "CVE-2026-1234" "cveId"
  echo "$OUT" >"$SUITE_TMP/both.json"
  expect_ok embargo validate cve "$SUITE_TMP/both.json"
  expect_ok embargo export cve EMB-2026-0001 --vuln GCVE-1-2026-0007
  expect_ok embargo export osv EMB-2026-0001
  expect_equal "$(jq -r .id <<<"$OUT")" "CVE-2026-1234" "OSV id"
  expect_equal "$(jq -c .aliases <<<"$OUT")" '["GCVE-1-2026-0007"]' "OSV aliases"
  expect_ok embargo export csaf EMB-2026-0001
  expect_equal "$(jq -r '.vulnerabilities[0].cve' <<<"$OUT")" "CVE-2026-1234" "CSAF cve"
  expect_equal "$(jq -c '.vulnerabilities[0].ids' <<<"$OUT")" '[{"system_name":"GCVE","text":"GCVE-1-2026-0007"}]' "CSAF ids"
  expect_ok embargo report write-up EMB-2026-0001
  expect_contains "$OUT" "(CVE-2026-1234, GCVE-1-2026-0007)"
  expect_ok embargo advisory render EMB-2026-0001 --out "$SUITE_TMP/page"
  # The page is named like advisory_url's last part: {id}.txt
  expect_contains "$(cat "$SUITE_TMP/page/CVE-2026-1234.txt")" "CVE-2026-1234, GCVE-1-2026-0007"
  expect_ok embargo case show EMB-2026-0001
  expect_contains "$OUT" "CVE-2026-1234, GCVE-1-2026-0007"

  TEST "case list --id finds the case by any identifier"
  embargo vuln set EMB-2026-0001 1 --id GCVE-1-2026-0007 >/dev/null
  embargo case new --title "another bug" --reporter "Joe <joe@example.org>" >/dev/null
  for id in CVE-2026-1234 GCVE-1-2026-0007; do
    expect_ok embargo case list --id "$id" --format json
    expect_equal "$(jq -r '[.[].id] | join(",")' <<<"$OUT")" "EMB-2026-0001" "cases holding $id"
  done
  expect_ok embargo case list --id GCVE-1-2026-0404 --format json
  expect_equal "$(jq length <<<"$OUT")" "0" "cases holding an unknown id"
  expect_exit 1 embargo case list --id GCVE-x
  expect_contains "$ERR" "identifier: 'GCVE-x' is neither"

  TEST "--remove-id, one CVE per bug, and a GCVE alone"
  configure_advisory
  embargo vuln set EMB-2026-0001 1 --id GCVE-1-2026-0007 >/dev/null
  expect_ok embargo vuln set EMB-2026-0001 1 --id CVE-2026-5678 --format json
  expect_equal "$(jq -r '[.identifier] + .aliases | join(",")' <<<"$OUT")" "CVE-2026-5678,GCVE-1-2026-0007" "ids"
  expect_ok embargo vuln set EMB-2026-0001 1 --remove-id CVE-2026-5678 --format json
  expect_equal "$(jq -r .identifier <<<"$OUT")" "GCVE-1-2026-0007" "primary identifier"
  expect_exit 1 embargo vuln set EMB-2026-0001 1 --remove-id CVE-2026-5678
  expect_contains "$ERR" "remove-id: vulnerability 1 of EMB-2026-0001 has no identifier 'CVE-2026-5678'"
  expect_exit 1 embargo export cve EMB-2026-0001
  expect_contains "$ERR" "no CVE identifier (has GCVE-1-2026-0007)"
  expect_contains "$ERR" "embargo vuln set EMB-2026-0001 1 --id CVE-YYYY-NNNN"
  expect_ok embargo export csaf EMB-2026-0001
  expect_equal "$(jq -r '.vulnerabilities[0].ids[0].text' <<<"$OUT")" "GCVE-1-2026-0007" "CSAF ids"
  expect_ok embargo vuln add EMB-2026-0001 --title "third" --affected "<4.99.1" --id CVE-2026-2000 --id GCVE-1-2026-0009 --format json
  expect_equal "$(jq -c .aliases <<<"$OUT")" '["GCVE-1-2026-0009"]' "vuln add with two ids"
  expect_exit 1 embargo vuln set EMB-2026-0001 1 --id GCVE-1-2026-0009
  expect_contains "$ERR" "identifier: GCVE-1-2026-0009 is already vulnerability 2 of EMB-2026-0001"
}
