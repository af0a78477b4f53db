# embargo import cve: real CVE records become cases and export back as CVE 5.2 with nothing lost. The
# *-cvelistV5.json records are Exim's, verbatim from CVEProject/cvelistV5 (a 5.1 record with an ADP container, and a
# 5.0 one converted from format 4 with "n/a" versions; tests/data/SOURCES.md); the other two are earlier edited copies.

SUITE_import_cve_SETUP() {
  rm -rf "$SUITE_TMP/sec"
  export EMBARGO_DATA="$SUITE_TMP/sec"
  export EMBARGO_NOW=2026-02-02T10:00:00Z
  embargo init --project Exim >/dev/null
}

# Prints the paths of the field values that differ between two JSON files.
json_diff_paths() {
  jq -n --slurpfile a "$1" --slurpfile b "$2" '
    [($a[0], $b[0]) | paths(scalars) | map(tostring) | join("/")] | unique[] as $p
    | select(($a[0] | getpath($p | split("/") | map(tonumber? // .))) !=
             ($b[0] | getpath($p | split("/") | map(tonumber? // .))))
    | $p' -r
}

SUITE_import_cve() {
  local data="$EMBARGO_SOURCE/tests/data/cve"
  local record id
  for record in "$data/CVE-2019-10149-cvelistV5.json" "$data/CVE-2017-16943-cvelistV5.json" \
    "$data/CVE-2019-10149.json" "$data/CVE-2017-16943-v4-converted.json"; do
    TEST "import then export gives back $(basename "$record") field for field, as 5.2"
    id=$(jq -r .cveMetadata.cveId "$record")
    expect_ok embargo import cve "$record" --format json
    expect_equal "$(echo "$OUT" | jq -r .cve)" "$id" "imported id"
    expect_equal "$(echo "$OUT" | jq -r .case_id)" "EMB-2026-0001" "case id"
    expect_ok embargo export cve EMB-2026-0001 --vuln "$id"
    echo "$OUT" | jq -S . >"$SUITE_TMP/back.json"
    jq -S . "$record" >"$SUITE_TMP/orig.json"
    expect_equal "$(json_diff_paths "$SUITE_TMP/orig.json" "$SUITE_TMP/back.json")" "dataVersion" "differing fields"
    expect_equal "$(jq -r .dataVersion "$SUITE_TMP/back.json")" "5.2" "dataVersion"
    expect_ok embargo validate cve "$SUITE_TMP/back.json"
    expect_ok embargo validate cve "$record"
  done

  TEST "validate cve checks the version a record declares"
  # 5.2 refuses a property it does not know on an affected product; 5.1.1 let it through.
  jq '.containers.cna.affected[0].note = "unknown"' "$data/CVE-2019-10149.json" >"$SUITE_TMP/note51.json"
  expect_ok embargo validate cve "$SUITE_TMP/note51.json"
  jq '.dataVersion = "5.2"' "$SUITE_TMP/note51.json" >"$SUITE_TMP/note52.json"
  expect_exit 1 embargo validate cve "$SUITE_TMP/note52.json"
  expect_contains "$OUT" "/containers/cna/affected/0"
  jq '.dataVersion = "5.2" | .containers.cna.affected[0].packageURL = "pkg:github/Exim/exim"' \
    "$data/CVE-2019-10149.json" >"$SUITE_TMP/purl52.json"
  expect_ok embargo validate cve "$SUITE_TMP/purl52.json"
  jq '.dataVersion = "6.0"' "$data/CVE-2019-10149.json" >"$SUITE_TMP/v6.json"
  expect_exit 1 embargo validate cve "$SUITE_TMP/v6.json"
  expect_contains "$OUT" "/dataVersion: dataVersion '6.0' is not a CVE Record Format version embargo reads (5.0, 5.1, 5.2)"
  expect_exit 1 embargo import cve "$SUITE_TMP/v6.json"
  expect_contains "$ERR" "dataVersion '6.0'"

  TEST "a 5.1 record that 5.2 refuses imports, and exports keeping its version"
  expect_ok embargo import cve "$SUITE_TMP/note51.json"
  expect_ok embargo export cve EMB-2026-0001
  expect_equal "$(jq -r .dataVersion <<<"$OUT")" "5.1" "dataVersion"
  expect_equal "$(jq -r '.containers.cna.affected[0].note' <<<"$OUT")" "unknown" "kept property"
  expect_contains "$ERR" "stays CVE Record Format 5.1"

  TEST "a 5.2 record imports and exports unchanged"
  expect_ok embargo import cve "$SUITE_TMP/purl52.json"
  embargo export cve EMB-2026-0001 | jq -S . >"$SUITE_TMP/back.json"
  jq -S . "$SUITE_TMP/purl52.json" >"$SUITE_TMP/orig.json"
  expect_equal "$(json_diff_paths "$SUITE_TMP/orig.json" "$SUITE_TMP/back.json")" "" "differing fields"

  TEST "a published record becomes a public case with its CVE, CWE and reporter"
  expect_ok embargo import cve "$data/CVE-2019-10149.json"
  expect_ok embargo case show EMB-2026-0001 --format json
  expect_equal "$(echo "$OUT" | jq -r .state)" "public" "state"
  expect_equal "$(echo "$OUT" | jq -r '.vulnerabilities[0].identifier')" "CVE-2019-10149" "identifier"
  expect_ok embargo timeline EMB-2026-0001
  expect_contains "$OUT" "imported from the CVE record of CVE-2019-10149"

  TEST "after the team edits the title, only the title differs on export"
  expect_ok embargo import cve "$data/CVE-2017-16943-v4-converted.json"
  expect_ok embargo vuln set EMB-2026-0001 1 --title "use-after-free in BDAT handling"
  embargo export cve EMB-2026-0001 | jq -S . >"$SUITE_TMP/edited.json"
  jq -S . "$data/CVE-2017-16943-v4-converted.json" >"$SUITE_TMP/orig.json"
  expect_equal "$(json_diff_paths "$SUITE_TMP/orig.json" "$SUITE_TMP/edited.json" | tr '\n' ' ')" \
    "containers/cna/title dataVersion " "differing fields"
  expect_equal "$(jq -r .containers.cna.title "$SUITE_TMP/edited.json")" "use-after-free in BDAT handling" "title"

  TEST "a record whose versions are n/a imports as affected: unknown, and exports that need versions say how to set them"
  expect_ok embargo import cve "$data/CVE-2017-16943-cvelistV5.json" --format json
  expect_equal "$(echo "$OUT" | jq -r .affected)" "unknown" "affected"
  expect_ok embargo case show EMB-2026-0001
  expect_contains "$OUT" "affected unknown"
  expect_contains "$(embargo timeline EMB-2026-0001)" "affected: unknown"
  sed -i 's|^advisory_url = ""|advisory_url = "https://www.exim.org/static/doc/security/{id}.txt"|' "$EMBARGO_DATA/embargo.toml"
  expect_exit 1 embargo export csaf EMB-2026-0001
  expect_contains "$ERR" "vulnerability 1 of EMB-2026-0001: affected versions unknown; this export needs them: embargo vuln set EMB-2026-0001 1 --affected"
  expect_exit 1 embargo export osv EMB-2026-0001
  expect_contains "$ERR" "embargo vuln set EMB-2026-0001 1 --affected"
  expect_ok embargo export cve EMB-2026-0001  # the imported record itself needs nothing more
  expect_ok embargo vuln set EMB-2026-0001 1 --affected "<4.89.1"
  expect_ok embargo export csaf EMB-2026-0001
  expect_ok embargo export cve EMB-2026-0001
  expect_equal "$(jq -r '.containers.cna.affected[0].versions[0].lessThan' <<<"$OUT")" "4.89.1" "lessThan"

  TEST "the same CVE is not imported twice"
  expect_ok embargo import cve "$data/CVE-2019-10149.json"
  expect_exit 1 embargo import cve "$data/CVE-2019-10149.json"
  expect_contains "$ERR" "CVE-2019-10149 is already vulnerability 1 of EMB-2026-0001"

  TEST "a record that fails the schema names every failing pointer and stores nothing"
  expect_exit 1 embargo import cve "$data/published-cve-example.json"
  expect_contains "$ERR" "/containers/cna/affected/0/versions/0/status: Failed to match against any enum values"
  expect_contains "$ERR" "/containers/cna/descriptions/0/lang"
  expect_contains "$ERR" "is not a valid CVE record"
  expect_exit 1 embargo import cve "$data/rejected-cve-example.json"
  expect_contains "$ERR" "/cveMetadata/assignerOrgId"
  expect_ok embargo case list --format json
  expect_equal "$(echo "$OUT" | jq length)" "0" "cases stored"

  TEST "a file that is not JSON or does not exist is refused with its name"
  echo '{"dataType": "CVE_RECORD",' >"$SUITE_TMP/broken.json"
  expect_exit 1 embargo import cve "$SUITE_TMP/broken.json"
  expect_contains "$ERR" "broken.json: not JSON"
  expect_exit 1 embargo import cve "$SUITE_TMP/missing.json"
  expect_contains "$ERR" "missing.json"
}
