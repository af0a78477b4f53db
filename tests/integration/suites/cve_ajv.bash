# CVE records as embargo exports them (format 5.2), checked by a second
# validator: ajv (tests/schema/ajv_validate.cjs) against the official 5.2.0
# schemas in data/schemas/cve. Issue 25: "CVE 5.2 records validated by the
# official 5.2 schema and by ajv in a test". ajv is installed with npm into the
# build directory on first run (EMBARGO_SCHEMA_DEPS overrides the place);
# skipped, with the reason, when node or npm are missing or npm cannot.

source "$EMBARGO_SOURCE/tests/integration/suites/export.bash"  # SUITE_export_SETUP, configure_advisory

source "$EMBARGO_SOURCE/tests/integration/lib/npm_deps.bash"

schema_deps() { echo "${EMBARGO_SCHEMA_DEPS:-$EMBARGO_BIN/../schema-deps}"; }

SUITE_cve_ajv_PROBE() {
  command -v node >/dev/null || { echo "node is not installed (apt-get install nodejs)"; return 1; }
  command -v npm >/dev/null || { echo "npm is not installed (apt-get install npm)"; return 1; }
  command -v jq >/dev/null || { echo "jq is not installed"; return 1; }
  npm_deps "$(schema_deps)" "$EMBARGO_SOURCE/tests/schema/package.json" ajv
}

# ajv_check SCHEMA FILE...: ajv's verdict on each file.
ajv_check() {
  NODE_PATH="$(schema_deps)/node_modules" node "$EMBARGO_SOURCE/tests/schema/ajv_validate.cjs" \
    "$EMBARGO_SOURCE/data/schemas/cve/$1" "${@:2}"
}

SUITE_cve_ajv() {
  SUITE_export_SETUP
  configure_advisory
  local record=CVE_Record_Format_bundled_5.2.0.json container=CVE_Record_Format_bundled_cnaPublishedContainer_5.2.0.json

  TEST "a record and a CNA container embargo writes, with a CVE and a GCVE: valid 5.2 for ajv too"
  sed -i 's|^purl = ""|purl = "pkg:github/Exim/exim"|' "$EMBARGO_DATA/embargo.toml"
  expect_ok embargo vuln set EMB-2026-0001 1 --id GCVE-1-2026-0042
  expect_ok embargo export cve EMB-2026-0001
  echo "$OUT" >"$SUITE_TMP/record.json"
  expect_equal "$(jq -r .dataVersion "$SUITE_TMP/record.json")" "5.2" "dataVersion"
  expect_equal "$(jq -r '.containers.cna.affected[0].packageURL' "$SUITE_TMP/record.json")" "pkg:github/Exim/exim"
  expect_ok embargo export cve EMB-2026-0001 --container --vuln CVE-2026-1234
  # The container schema file describes CVE Services' request body: {"cnaContainer": the container}.
  jq '{cnaContainer: .}' <<<"$OUT" >"$SUITE_TMP/container.json"
  expect_ok ajv_check "$record" "$SUITE_TMP/record.json"
  expect_contains "$OUT" "record.json: valid"
  expect_ok ajv_check "$container" "$SUITE_TMP/container.json"
  expect_contains "$OUT" "container.json: valid"

  TEST "real 5.0 and 5.1 records from the CVE list, imported and exported again as 5.2: valid for ajv"
  local f n=0
  for f in CVE-2017-16943-cvelistV5.json CVE-2019-10149-cvelistV5.json; do  # dataVersion 5.0 and 5.1
    expect_ok embargo import cve "$EMBARGO_SOURCE/tests/data/cve/$f"
    expect_ok embargo export cve "$OUT"
    echo "$OUT" >"$SUITE_TMP/again-$f"
    n=$((n + 1))
  done
  expect_equal "$n" "2" "records imported"
  expect_ok ajv_check "$record" "$SUITE_TMP"/again-*.json
  expect_not_contains "$OUT" "must"

  TEST "ajv refuses what the schema refuses (the check can fail)"
  jq 'del(.containers.cna.descriptions)' "$SUITE_TMP/record.json" >"$SUITE_TMP/bad.json"
  expect_exit 1 ajv_check "$record" "$SUITE_TMP/bad.json"
  expect_contains "$OUT" "descriptions"
}
