# embargo cve ... against a local stand-in for CVE Services that checks every
# request against the OpenAPI document (tests/cve_services/server.py).

DATA="$EMBARGO_SOURCE/tests/data"

SUITE_cve_services_PROBE() {
  /usr/bin/python3 -c "import jsonschema" 2>/dev/null || { echo "python3-jsonschema is not installed"; return 1; }
}

start_server() {
  rm -f "$SUITE_TMP/port"
  /usr/bin/python3 "$EMBARGO_SOURCE/tests/cve_services/server.py" "$DATA" "$SUITE_TMP/port" "the-api-key" \
    2>"$SUITE_TMP/server.log" &
  SERVER_PID=$!
  for _ in $(seq 100); do [ -s "$SUITE_TMP/port" ] && break; sleep 0.05; done
  PORT=$(cat "$SUITE_TMP/port")
  API="http://127.0.0.1:$PORT"
}

SUITE_cve_services_SETUP() {
  [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  start_server
  rm -rf "$SUITE_TMP/sec"
  export EMBARGO_DATA="$SUITE_TMP/sec"
  export EMBARGO_NOW=2026-02-02T10:00:00Z
  export EMBARGO_CVE_API_KEY=the-api-key
  embargo init --project Exim >/dev/null
  sed -i "s/^cna_org_id = \"\"/cna_org_id = \"b7c3e2a1-1c2d-4e5f-8a9b-0123456789ab\"/;
          s/^cna_short_name = \"\"/cna_short_name = \"Exim\"/;
          s|^advisory_url = \"\"|advisory_url = \"https://www.exim.org/static/doc/security/{id}.txt\"|;
          s|^url = \"https://cveawg.mitre.org/api\"|url = \"$API/api\"|;
          s/^user = \"\"/user = \"ph10@exim.org\"/" "$EMBARGO_DATA/embargo.toml"
  embargo case new --title "heap overflow in string_vformat" --reporter "Jane Roe <jane@example.org>" \
    --reporter-credit "Jane Roe (Example Lab)" --impact rce >/dev/null
  embargo vuln add EMB-2026-0001 --title "heap overflow" --cwe 787 --affected ">=4.92,<4.99.1" >/dev/null
  embargo vuln add EMB-2026-0001 --title "use after free" --affected "<4.99.1" >/dev/null
}

violations() { curl -s "$API/_test/violations"; }
requests() { curl -s "$API/_test/requests" | jq length; }

SUITE_cve_services() {
  TEST "reserve one identifier per vulnerability, recorded on the case"
  expect_ok embargo cve reserve EMB-2026-0001
  expect_contains "$OUT" "CVE-2026-1001  vulnerability 1"
  expect_contains "$OUT" "CVE-2026-1002  vulnerability 2"
  expect_equal "$(embargo vuln list EMB-2026-0001 --format json | jq -r '.[].identifier' | tr '\n' ' ')" "CVE-2026-1001 CVE-2026-1002 "
  expect_contains "$(embargo timeline EMB-2026-0001)" "reserved CVE-2026-1001, CVE-2026-1002 from CVE Services"
  expect_ok embargo cve state CVE-2026-1001
  expect_equal "$OUT" "CVE-2026-1001 RESERVED"
  expect_exit 1 embargo cve reserve EMB-2026-0001
  expect_contains "$ERR" "every vulnerability of EMB-2026-0001 has a CVE identifier"
  expect_equal "$(violations)" "[]" "OpenAPI violations"

  TEST "publish, update and reject conform to the OpenAPI document"
  embargo cve reserve EMB-2026-0001 >/dev/null
  expect_ok embargo cve publish EMB-2026-0001 --vuln 1
  expect_ok embargo cve state CVE-2026-1001
  expect_equal "$OUT" "CVE-2026-1001 PUBLISHED"
  expect_ok embargo cve update EMB-2026-0001 --vuln CVE-2026-1001
  expect_ok embargo cve reject CVE-2026-1002 --why "duplicate of CVE-2026-1001"
  expect_contains "$(embargo timeline EMB-2026-0001)" "rejected CVE-2026-1002 in CVE Services: duplicate"
  expect_equal "$(violations)" "[]" "OpenAPI violations"

  TEST "a publish without what a record needs is refused before any request"
  embargo cve reserve EMB-2026-0001 >/dev/null
  embargo vuln set EMB-2026-0001 2 --affected "" >/dev/null
  before=$(requests)
  expect_exit 1 embargo cve publish EMB-2026-0001 --vuln 2
  expect_contains "$ERR" "affected versions unknown"
  expect_equal "$(requests)" "$before" "requests sent"

  TEST "the service's error body is shown verbatim with the request"
  embargo cve reserve EMB-2026-0001 >/dev/null
  EMBARGO_CVE_API_KEY=wrong expect_exit 1 embargo cve publish EMB-2026-0001 --vuln 1
  expect_contains "$ERR" "CVE Services refused POST /cve/CVE-2026-1001/cna: HTTP 401"
  expect_contains "$ERR" '"message": "Unauthorized"'
  expect_not_contains "$ERR" "wrong" "error message (the key)"
  expect_ok embargo cve publish EMB-2026-0001 --vuln 1
  expect_exit 1 embargo cve publish EMB-2026-0001 --vuln 1  # published twice
  expect_contains "$ERR" "HTTP 400"
  expect_contains "$ERR" "is PUBLISHED"
  expect_exit 1 embargo cve state CVE-2026-9999
  expect_contains "$ERR" "HTTP 404"
  expect_contains "$ERR" "does not exist"

  TEST "429 answers are retried after Retry-After"
  curl -s -X POST "$API/_test/throttle?count=2" >/dev/null
  expect_ok embargo cve reserve EMB-2026-0001
  curl -s -X POST "$API/_test/throttle?count=20" >/dev/null
  expect_exit 1 embargo cve state CVE-2026-1001
  expect_contains "$ERR" "still rate-limited after retries"

  TEST "no API key, no request"
  unset EMBARGO_CVE_API_KEY
  expect_exit 1 embargo cve reserve EMB-2026-0001
  expect_contains "$ERR" "no CVE Services API key"
  echo "the-api-key" >"$EMBARGO_DATA/cve.key"
  sed -i 's/^api_key_file = ""/api_key_file = "cve.key"/' "$EMBARGO_DATA/embargo.toml"
  expect_ok embargo cve reserve EMB-2026-0001
  if grep -rqa "the-api-key" "$EMBARGO_DATA/embargo.db"; then fail "the API key reached the store"; fi

  TEST "a project's identifiers are rejected and looked up with that project's own CNA account"
  mkdir -p "$EMBARGO_DATA/projects"
  cat >>"$EMBARGO_DATA/embargo.toml" <<'TOML'

[[projects]]
name = "postfix"
display_name = "Postfix"
case_prefix = "PF"
config = "projects/postfix.toml"
TOML
  cat >"$EMBARGO_DATA/projects/postfix.toml" <<TOML
[advisory]
cna_short_name = "Postfix"
cna_org_id = "0d7a2b6c-3e4f-4a5b-9c8d-7e6f5a4b3c2d"

[cve_services]
url = "$API/api"
user = "wietse@postfix.org"
TOML
  embargo case new --title "postfix bug" --reporter "r@example.net" --project postfix >/dev/null
  embargo vuln add PF-2026-0001 --title "smuggling" --affected "<3.9.1" >/dev/null
  expect_ok embargo cve reserve PF-2026-0001
  PF_ID=$(embargo vuln list PF-2026-0001 --format json | jq -r '.[0].identifier')
  expect_ok embargo cve state "$PF_ID"
  expect_equal "$OUT" "$PF_ID RESERVED"
  expect_ok embargo cve state "$PF_ID" --project postfix
  expect_exit 1 embargo cve reject "$PF_ID" --why "duplicate" --project nosuch
  expect_contains "$ERR" "nosuch"
  # With the server's own account (Exim), which does not own it, the service would answer 403.
  expect_ok embargo cve reject "$PF_ID" --why "duplicate of an Exim bug"
  expect_ok embargo cve state "$PF_ID"
  expect_equal "$OUT" "$PF_ID REJECTED"
  expect_contains "$(embargo timeline PF-2026-0001)" "rejected $PF_ID in CVE Services"
  expect_equal "$(violations)" "[]" "OpenAPI violations"

  TEST "request-text for another CNA"
  expect_ok embargo cve request-text EMB-2026-0001
  expect_contains "$OUT" "We request 2 CVE identifiers for Exim Exim"
  expect_contains "$OUT" "Vulnerability type:  CWE-787 Out-of-bounds Write"
  expect_contains "$OUT" "Discoverer:          Jane Roe (Example Lab)"
  embargo case edit EMB-2026-0001 --anonymous >/dev/null
  expect_ok embargo cve request-text EMB-2026-0001
  expect_not_contains "$OUT" "Jane Roe"
}
