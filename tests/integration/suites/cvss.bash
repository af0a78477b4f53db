# embargo cvss score | explain, and vuln set --cvss, through the built program.

SUITE_cvss_PROBE() {
  if ! python3 -c 'import jsonschema' 2>/dev/null; then
    echo "python3 with jsonschema is needed to validate against FIRST's schemas (python3-jsonschema)"
    return 1
  fi
}

SUITE_cvss_SETUP() {
  rm -rf "$SUITE_TMP/sec"
  export EMBARGO_DATA="$SUITE_TMP/sec"
  export EMBARGO_NOW=2026-02-02T10:00:00Z
}

v31_critical='CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'
v40_base='CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'
v2_all='AV:N/AC:L/Au:N/C:P/I:P/A:P/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:M'

SUITE_cvss() {
  TEST "score prints the three v3.1 scores with their ratings"
  expect_ok embargo cvss score "$v31_critical"
  expect_equal "$OUT" "$v31_critical  base 9.8 (Critical)  temporal 9.8 (Critical)  environmental 9.8 (Critical)"

  TEST "score of a v4.0 vector names its nomenclature; v2 has no ratings"
  expect_ok embargo cvss score "$v40_base/E:U"
  expect_equal "$OUT" "$v40_base/E:U  8.1 (High) CVSS-BT"
  expect_ok embargo cvss score "$v2_all"
  expect_equal "$OUT" "$v2_all  base 7.5  temporal 6.2  environmental 8.1"

  TEST "an invalid vector: exit 1, one line naming the metric"
  expect_exit 1 embargo cvss score 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H'
  expect_equal "$ERR" "embargo: A: missing (Availability, a mandatory base metric)"
  expect_equal "$OUT" "" "output"
  expect_exit 2 embargo cvss score

  TEST "json from stdin: one object a line, errors inline, the batch goes on, exit 1"
  printf '%s\n' "$v31_critical" 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L' "AV:N/AC:L/Au:N/C:P/I:P/A:P" \
    "$v40_base/E:P/CR:H" "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/" >"$SUITE_TMP/in"
  expect_exit 1 embargo cvss score --format json - <"$SUITE_TMP/in"
  expect_equal "$(wc -l <<<"$OUT")" 5 "output lines"
  expect_equal "$(sed -n 2p <<<"$OUT")" \
    '{"vectorString":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L","error":"AV: given twice"}'
  expect_equal "$(sed -n 5p <<<"$OUT" | jq -r .error)" "vector: trailing '/' after A"
  expect_equal "$(sed -n 1p <<<"$OUT" | jq -c '[.baseScore, .baseSeverity, .temporalScore, .environmentalScore]')" \
    '[9.8,"CRITICAL",9.8,9.8]'
  expect_equal "$(sed -n 3p <<<"$OUT" | jq -c '[.baseScore, .temporalScore, .environmentalScore, has("baseSeverity")]')" \
    '[7.5,null,null,false]'
  expect_equal "$(sed -n 4p <<<"$OUT" | jq -c '[.baseScore, .score, .nomenclature, .exploitMaturity]')" \
    '[8.9,8.9,"CVSS-BTE","PROOF_OF_CONCEPT"]'

  TEST "json from stdin of valid vectors only exits 0; blank lines and CRLF are accepted"
  printf '%s\r\n\r\n%s\n' "$v31_critical" "$v40_base" | embargo cvss score --format json - >"$SUITE_TMP/out.jsonl"
  expect_equal "$?" 0 "exit status"
  expect_equal "$(jq -r .vectorString "$SUITE_TMP/out.jsonl" | tr '\n' ' ')" "$v31_critical $v40_base "

  TEST "6000 vectors of all versions: FIRST's schemas, field names and independent scores"
  cat "$EMBARGO_SOURCE"/tests/data/cvss/reference_v2.tsv "$EMBARGO_SOURCE"/tests/data/cvss/reference_v30.tsv \
    "$EMBARGO_SOURCE"/tests/data/cvss/reference_v31.tsv "$EMBARGO_SOURCE"/tests/data/cvss/reference_v4.tsv \
    >"$SUITE_TMP/expected.tsv"
  cut -f1 "$SUITE_TMP/expected.tsv" | embargo cvss score --format json - >"$SUITE_TMP/all.jsonl"
  expect_equal "$?" 0 "exit status"
  expect_ok python3 "$EMBARGO_SOURCE/tests/integration/cvss_check_json.py" "$EMBARGO_SOURCE/data/schemas/cvss" \
    "$SUITE_TMP/expected.tsv" <"$SUITE_TMP/all.jsonl"
  expect_contains "$OUT" "checked 1500 2.0, 1500 3.0, 1500 3.1, 1500 4.0; 0 problems"

  TEST "the schema check fails on a misspelt field, a wrong score and a non-null v2 score"
  sed '3001s/"attackVector"/"attackvector"/; 4600s/"baseScore":[0-9.]*/"baseScore":0.1/;
       1s/"temporalScore":null/"temporalScore":1.0/' "$SUITE_TMP/all.jsonl" >"$SUITE_TMP/bad.jsonl"
  expect_exit 1 python3 "$EMBARGO_SOURCE/tests/integration/cvss_check_json.py" "$EMBARGO_SOURCE/data/schemas/cvss" \
    "$SUITE_TMP/expected.tsv" <"$SUITE_TMP/bad.jsonl"
  expect_contains "$OUT" "members not in the 3.1 schema: ['attackvector']"
  expect_contains "$OUT" "score differs from baseScore"
  expect_contains "$OUT" "temporalScore is Decimal('1.0') though the group is absent"

  TEST "explain: each metric with name and meaning, the sub-scores, the v4 macrovector"
  expect_ok embargo cvss explain "$v40_base"
  expect_contains "$OUT" "AT   Attack Requirements"
  expect_contains "$OUT" "conditions of the deployment the attack needs"
  expect_contains "$OUT" "9.3 Critical CVSS-B"
  expect_contains "$OUT" "Macrovector 000200"
  expect_contains "$OUT" "EQ4 2  low    subsequent system impact (SC, SI, SA)"
  expect_ok embargo cvss explain "$v2_all"
  expect_contains "$OUT" "CDP  Collateral Damage Potential"
  expect_contains "$OUT" "environmental  8.1            adjusted impact 6.4, exploitability 10.0"
  expect_ok embargo cvss explain "$v31_critical/MAV:L"
  expect_contains "$OUT" "MAV  Modified Attack Vector"
  expect_contains "$OUT" "base           9.8 Critical   impact 5.9, exploitability 3.9"
  expect_contains "$OUT" "environmental  8.4 High       modified impact 5.9, exploitability 2.5"
  expect_exit 1 embargo cvss explain 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SA:N/SI:N'
  expect_contains "$ERR" "SI: out of order"

  TEST "vuln set --cvss stores one vector per version, scored in case show; a bad one changes nothing"
  embargo init >/dev/null
  embargo case new --title "heap overflow" --reporter "Jane Roe <jane@example.org>" >/dev/null
  embargo vuln add EMB-2026-0001 --title "heap overflow" >/dev/null
  expect_ok embargo vuln set EMB-2026-0001 1 --cvss "$v31_critical" --cvss "$v40_base"
  expect_ok embargo vuln set EMB-2026-0001 1 --cvss 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:L'
  expect_exit 1 embargo vuln set EMB-2026-0001 1 --cvss 'CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'
  expect_contains "$ERR" "cvss: AV: bad value 'Q'"
  expect_ok embargo case show EMB-2026-0001
  expect_contains "$OUT" "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:L  9.4 Critical"
  expect_contains "$OUT" "$v40_base  9.3 Critical"
  expect_ok embargo case show EMB-2026-0001 --format json
  expect_equal "$(jq -c '.vulnerabilities[0].cvss' <<<"$OUT")" \
    "[\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:L\",\"$v40_base\"]"
}
