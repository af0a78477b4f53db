# The complete case page of embargod over real HTTP with curl: vulnerabilities with their CVSS
# scores and the calculator's form (saved vectors scored and validated by the server), the plan
# as a timeline in the configured zones with NOW, notice previews, release files and usercodes
# (only for admin and team), the JSON API for vulnerabilities, grants and the plan; and that
# the calculator script (/static/cvss.js, run by node) scores exactly like core/cvss.

SUITE_web_case_page_PROBE() {
  for tool in curl python3 jq; do
    if ! command -v "$tool" >/dev/null; then
      echo "$tool is not installed"
      return 1
    fi
  done
}

start_cp() {
  embargod --data "$1" --listen 127.0.0.1:0 --access-log "$SUITE_TMP/cp.log" >"$SUITE_TMP/cp.out" 2>"$SUITE_TMP/cp.err" &
  PID=$!
  URL=$(listening_url "$SUITE_TMP/cp.out")
  [ -n "$URL" ] || fail "embargod did not start: $(cat "$SUITE_TMP/cp.err")"
}

cst() { curl -s -o body -D headers -w '%{http_code}' "$@"; }
ccsrf() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$1" | head -1; }
clogin() {
  curl -s -c "$1" -b "$1" -o login.html "$URL/login"
  curl -s -c "$1" -b "$1" -o /dev/null --data-urlencode "csrf=$(ccsrf login.html)" --data-urlencode "name=$2" \
    --data-urlencode "password=$3" "$URL/login"
}
cpw() { sed -n 's/.*shown this once: //p' <<<"$1"; }
ctoken() { curl -s -b "$1" "$URL$2" -o t.html; ccsrf t.html; }

SUITE_web_case_page() {
  export EMBARGO_ACTOR=tester EMBARGO_DATA="$SUITE_TMP/d"
  embargo init --data "$EMBARGO_DATA" >/dev/null
  sed -i 's|^zones = .*|zones = ["Europe/London", "Asia/Tokyo"]|;
          s|^# public_url = .*|public_url = "https://security.example.org"|' "$EMBARGO_DATA/embargo.toml"
  cat >>"$EMBARGO_DATA/embargo.toml" <<'TOML'

[[mail.lists]]
name = "distros"
address = "distros@lists.example.net"
policy = "sign"
download_user = "distros"
TOML
  C=$(embargo case new --title "heap overflow" --reporter "Rita <rita@example.org>")
  C2=$(embargo case new --title "other" --reporter "x@example.org")
  expect_ok embargo vuln add "$C" --title "overflow in the SMTP parser" --cwe 787
  head -c 2048 /dev/urandom >exim-4.99.1.tar.xz
  expect_ok embargo files add "$C" exim-4.99.1.tar.xz
  USERCODE_OUT=$(embargo usercode new "$C" --list distros)
  UC_PW=$(sed -n 's/.*password[^:]*: *//p' <<<"$USERCODE_OUT" | tail -1)
  TEAM_PW=$(cpw "$(embargo user add tina --role team)")
  MAINT_PW=$(cpw "$(embargo user add max --role maintainer)")
  expect_ok embargo user grant "$C" max
  T_TEAM=$(embargo user token tina | tail -1)
  T_MAINT=$(embargo user token max | tail -1)
  start_cp "$EMBARGO_DATA"
  clogin jar_team tina "$TEAM_PW"
  clogin jar_maint max "$MAINT_PW"

  TEST "the case page has the CVSS calculator form, loads only /static/cvss.js, and the script is served"
  expect_equal "$(cst -b jar_team "$URL/cases/$C")" 200
  expect_contains "$(cat body)" 'class="cvss-calc"'
  expect_contains "$(cat body)" '<script src="/static/cvss.js"></script>'
  expect_equal "$(grep -o '<script' body | wc -l)" 1 "scripts on the page"
  expect_contains "$(cat headers)" "script-src 'self'"
  expect_equal "$(cst "$URL/static/cvss.js")" 200
  expect_contains "$(cat headers)" "text/javascript"
  expect_contains "$(cat body)" "EMBARGO_CVSS_DATA"

  TEST "saving a vector: the server scores it; a bad one is refused naming the metric"
  local tc
  tc=$(ctoken jar_team "/cases/$C")
  expect_equal "$(cst -b jar_team --data-urlencode "csrf=$tc" -d number=1 \
    --data-urlencode "vector=CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N" "$URL/cases/$C/cvss")" 303
  expect_equal "$(cst -b jar_team "$URL/cases/$C")" 200
  expect_contains "$(cat body)" "CVSS 4.0 base 9.3 Critical"
  expect_equal "$(cst -b jar_team --data-urlencode "csrf=$tc" -d number=1 \
    --data-urlencode "vector=CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" "$URL/cases/$C/cvss")" 400
  expect_contains "$(cat body)" "AV"
  expect_equal "$(cst -b jar_team --data-urlencode "csrf=$tc" -d number=7 \
    --data-urlencode "vector=CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" "$URL/cases/$C/cvss")" 404
  expect_equal "$(cst -b jar_team --data-urlencode "csrf=$tc" -d number=x -d vector=y "$URL/cases/$C/cvss")" 400
  expect_contains "$(cat body)" "number"
  expect_ok embargo timeline "$C"
  expect_contains "$OUT" "vulnerability 1 changed"

  TEST "identifiers from the page: a CVE and a GCVE added, one removed; a wrong one refused"
  expect_equal "$(cst -b jar_team "$URL/cases/$C")" 200
  expect_contains "$(cat body)" "action=\"/cases/$C/ids\""
  expect_equal "$(cst -b jar_team --data-urlencode "csrf=$tc" -d number=1 -d add=CVE-2030-4321 "$URL/cases/$C/ids")" 303
  expect_equal "$(cst -b jar_team --data-urlencode "csrf=$tc" -d number=1 -d add=GCVE-1-2030-7 "$URL/cases/$C/ids")" 303
  expect_equal "$(cst -b jar_team "$URL/cases/$C")" 200
  expect_contains "$(cat body)" "Identifiers of vulnerability 1: CVE-2030-4321, GCVE-1-2030-7"
  expect_equal "$(cst -b jar_team --data-urlencode "csrf=$tc" -d number=1 -d remove=CVE-2030-4321 "$URL/cases/$C/ids")" 303
  expect_equal "$(embargo vuln list "$C" --format json | jq -r '.[0].identifier')" "GCVE-1-2030-7" "the GCVE left"
  expect_equal "$(cst -b jar_team --data-urlencode "csrf=$tc" -d number=1 -d add=CVE-12 "$URL/cases/$C/ids")" 400
  expect_equal "$(cst -b jar_team --data-urlencode "csrf=$tc" -d number=1 "$URL/cases/$C/ids")" 400
  expect_contains "$(cat body)" "give an identifier to add or one to remove"
  expect_equal "$(cst -b jar_team --data-urlencode "csrf=$tc" -d number=1 -d remove=GCVE-1-2030-7 "$URL/cases/$C/ids")" 303

  TEST "adding a vulnerability with a vector from the page; a bad vector adds nothing"
  expect_equal "$(cst -b jar_team --data-urlencode "csrf=$tc" -d "title=second bug" -d cwe=416 \
    --data-urlencode "vector=CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" "$URL/cases/$C/vuln")" 303
  expect_equal "$(cst -b jar_team --data-urlencode "csrf=$tc" -d "title=third" -d vector=CVSS:3.1/AV:N \
    "$URL/cases/$C/vuln")" 400
  expect_ok embargo vuln list "$C" --format json
  expect_ok python3 -c 'import json,sys; v=json.loads(sys.argv[1]); assert len(v)==2, v; assert v[1]["cvss"]==["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"]' "$OUT"
  expect_equal "$(cst -b jar_team "$URL/cases/$C")" 200
  expect_contains "$(cat body)" "CVSS 3.1 base 9.8 Critical"

  TEST "planning from the page: the plan is a timeline in every configured zone with NOW"
  expect_equal "$(cst -b jar_team --data-urlencode "csrf=$tc" -d "release=2030-03-12 14:00" "$URL/cases/$C/plan")" 303
  expect_equal "$(cst -b jar_team "$URL/cases/$C")" 200
  expect_contains "$(cat body)" 'class="plan-timeline"'
  expect_contains "$(cat body)" "<strong>NOW</strong>"
  expect_contains "$(cat body)" "Europe/London"
  expect_contains "$(cat body)" "Asia/Tokyo"
  expect_contains "$(cat body)" "Tuesday 2030-03-12 14:00 GMT"
  expect_contains "$(cat body)" "Tuesday 2030-03-12 23:00 JST"
  expect_not_contains "$(cat body)" "America/New_York" "zones not configured"
  expect_equal "$(cst -b jar_team --data-urlencode "csrf=$tc" -d "release=next week" "$URL/cases/$C/plan")" 400
  expect_contains "$(cat body)" "release"

  TEST "notice preview: what embargo notice preview shows, for admin and team only"
  expect_equal "$(cst -b jar_team "$URL/cases/$C?notice=ack&list=reporter")" 200
  expect_ok embargo notice preview "$C" ack
  printf '%s\n' "$OUT" >cli_preview.txt
  expect_ok python3 -c '
import html, re
page = open("body").read()
shown = html.unescape(re.search(r"<pre class=\"notice-preview\">(.*?)</pre>", page, re.S).group(1))
cli = open("cli_preview.txt").read()
strip = lambda t: [l.rstrip() for l in t.strip().splitlines() if "NOW" not in l]
assert strip(shown) == strip(cli), (shown, cli)'
  expect_contains "$(cat body)" "To: rita@example.org"
  expect_equal "$(cst -b jar_team "$URL/cases/$C?notice=fix&list=distros")" 200
  expect_contains "$(cat body)" "To: distros@lists.example.net"
  expect_equal "$(cst -b jar_team "$URL/cases/$C?notice=nonsense")" 400
  expect_equal "$(cst -b jar_maint "$URL/cases/$C?notice=fix&list=distros")" 200
  expect_not_contains "$(cat body)" "distros@lists.example.net" "maintainer's page"
  expect_not_contains "$(cat body)" 'id="notices"' "maintainer's page"

  TEST "release files for readers; usercodes by list for admin and team only; no password anywhere"
  expect_equal "$(cst -b jar_team "$URL/cases/$C")" 200
  expect_contains "$(cat body)" "exim-4.99.1.tar.xz"
  expect_contains "$(cat body)" "$(sha256sum exim-4.99.1.tar.xz | cut -d' ' -f1)"
  expect_contains "$(cat body)" "<td>distros</td><td>1</td><td>active</td>"
  [ -n "$UC_PW" ] && expect_not_contains "$(cat body)" "$UC_PW" "team page"
  expect_equal "$(cst -b jar_maint "$URL/cases/$C")" 200
  expect_contains "$(cat body)" "exim-4.99.1.tar.xz"
  expect_not_contains "$(cat body)" "<td>distros</td>" "maintainer's page"
  expect_not_contains "$(cat body)" "Download area" "maintainer's page"
  expect_not_contains "$(cat body)" 'class="cvss-calc"' "read-only maintainer's page"
  expect_not_contains "$(cat body)" 'action="/cases/'"$C"'/plan"' "read-only maintainer's page"
  # Issue 22: the read-only maintainer downloads the release file with their own login and records a test.
  expect_contains "$(cat body)" "href=\"/cases/$C/files/exim-4.99.1.tar.xz\""
  expect_equal "$(cst -b jar_maint "$URL/cases/$C/files/exim-4.99.1.tar.xz")" 200
  expect_equal "$(sha256sum <body | cut -d' ' -f1)" "$(sha256sum <exim-4.99.1.tar.xz | cut -d' ' -f1)" "maintainer's download"
  expect_contains "$(tr -d '\r' <headers)" 'Content-Disposition: attachment; filename="exim-4.99.1.tar.xz"'
  expect_equal "$(cst -H "Authorization: Bearer $T_MAINT" -X POST -d '{"platform":"Debian 12 amd64","result":"ok"}' \
    "$URL/api/v1/cases/$C/tested-on")" 201
  expect_equal "$(cst -b jar_maint "$URL/cases/$C")" 200
  expect_contains "$(cat body)" "<td>max</td><td>Debian 12 amd64</td>"

  TEST "API: vulnerabilities with scores, CVSS vectors validated; grants; the plan in every zone"
  expect_equal "$(cst -H "Authorization: Bearer $T_MAINT" "$URL/api/v1/cases/$C/vulnerabilities")" 200
  expect_ok python3 -c 'import json; v=json.load(open("body")); assert v[0]["scores"][0]["base"]==9.3 and v[0]["scores"][0]["severity"]=="CRITICAL", v'
  expect_equal "$(cst -H "Authorization: Bearer $T_TEAM" -X PATCH -d '{"cvss":"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H"}' \
    "$URL/api/v1/cases/$C/vulnerabilities/1")" 200
  expect_ok python3 -c 'import json; v=json.load(open("body")); assert [s["base"] for s in v["scores"]]==[8.1, 9.3], v'
  expect_equal "$(cst -H "Authorization: Bearer $T_TEAM" -X PATCH -d '{"cvss":"CVSS:4.0/AV:N"}' \
    "$URL/api/v1/cases/$C/vulnerabilities/1")" 400
  expect_contains "$(cat body)" "cvss"
  expect_equal "$(cst -H "Authorization: Bearer $T_TEAM" -X PATCH -d '{"cvss":7}' "$URL/api/v1/cases/$C/vulnerabilities/1")" 400
  expect_equal "$(cst -H "Authorization: Bearer $T_TEAM" -X PATCH -d '{"cwe":"banana"}' "$URL/api/v1/cases/$C/vulnerabilities/1")" 400
  expect_contains "$(cat body)" "cwe"
  # Several identifiers: a CVE and a GCVE added at once, then the CVE removed (issue 25).
  expect_equal "$(cst -H "Authorization: Bearer $T_TEAM" -X PATCH \
    -d '{"identifier":"CVE-2030-1234","add_identifiers":["GCVE-1-2030-1"]}' "$URL/api/v1/cases/$C/vulnerabilities/1")" 200
  expect_equal "$(jq -r '.identifier + " " + (.aliases | join(","))' body)" "CVE-2030-1234 GCVE-1-2030-1" "both identifiers"
  expect_equal "$(cst -H "Authorization: Bearer $T_TEAM" -X PATCH -d '{"remove_identifiers":["CVE-2030-1234"]}' \
    "$URL/api/v1/cases/$C/vulnerabilities/1")" 200
  expect_equal "$(jq -r '.identifier + " " + (.aliases | join(","))' body)" "GCVE-1-2030-1 " "the GCVE left"
  expect_equal "$(cst -H "Authorization: Bearer $T_TEAM" -X PATCH -d '{"remove_identifiers":"GCVE-1-2030-1"}' \
    "$URL/api/v1/cases/$C/vulnerabilities/1")" 400
  expect_contains "$(cat body)" "remove_identifiers: must be an array of identifiers"
  expect_equal "$(cst -H "Authorization: Bearer $T_TEAM" -X PATCH -d '{"remove_identifiers":["CVE-2030-9999"]}' \
    "$URL/api/v1/cases/$C/vulnerabilities/1")" 404
  expect_equal "$(cst -H "Authorization: Bearer $T_TEAM" -X POST -d '{"cwe":"787"}' "$URL/api/v1/cases/$C/vulnerabilities")" 400
  expect_contains "$(cat body)" "title"
  expect_equal "$(cst -H "Authorization: Bearer $T_TEAM" -X POST -d '{"user":"nobody-here"}' "$URL/api/v1/cases/$C/grants")" 400
  expect_contains "$(cat body)" "user"
  expect_equal "$(cst -H "Authorization: Bearer $T_TEAM" -X POST -d '{"user":"max","write":"yes"}' "$URL/api/v1/cases/$C/grants")" 400
  expect_equal "$(cst -H "Authorization: Bearer $T_TEAM" "$URL/api/v1/cases/$C/grants")" 200
  expect_ok python3 -c 'import json; g=json.load(open("body")); assert g==[{"user":"max","write":False}], g'
  expect_equal "$(cst -H "Authorization: Bearer $T_MAINT" "$URL/api/v1/cases/$C/plan")" 200
  expect_ok python3 -c '
import json; p=json.load(open("body"))
ev=[e for e in p["plan"]["events"] if e["name"]=="release"][0]
assert ev["at"].startswith("2030-03-12T14:00"), ev
assert "Asia/Tokyo" in json.dumps(ev) and "Europe/London" in json.dumps(ev), ev'
  expect_equal "$(cst -H "Authorization: Bearer $T_MAINT" -X POST -d '{"release":"2030-03-16T14:00:00Z","fix_to_packagers":"2030-03-09T14:00:00Z","advance_notice":"2030-03-05T14:00:00Z"}' \
    "$URL/api/v1/cases/$C/plan/check")" 200
  expect_contains "$(cat body)" "fail"
  expect_equal "$(cst -H "Authorization: Bearer $T_MAINT" -X POST -d '{"release":"2030-03-16T14:00:00Z"}' "$URL/api/v1/cases/$C/plan/check")" 400
  expect_contains "$(cat body)" "fix_to_packagers"
  expect_equal "$(cst -H "Authorization: Bearer $T_TEAM" -X POST -d '{"release":"soon"}' "$URL/api/v1/cases/$C/plan")" 400
  expect_contains "$(cat body)" "release"
  expect_equal "$(cst -H "Authorization: Bearer $T_TEAM" -X POST -d '{}' "$URL/api/v1/cases/$C2/plan/propose")" 200
  expect_contains "$(cat body)" '"events"'
  expect_equal "$(cst -H "Authorization: Bearer $T_TEAM" "$URL/api/v1/cases/$C2/plan")" 200
  expect_contains "$(cat body)" '"plan":null'

  TEST "issue 21: the API and the form plan as case plan (objections refuse, override needs why); the schedule shown"
  expect_equal "$(cst -H "Authorization: Bearer $T_TEAM" -X POST -d '{"release":"2020-03-12T14:00:00Z"}' "$URL/api/v1/cases/$C2/plan")" 422
  expect_ok python3 -c '
import json; r=json.load(open("body"))
assert any("is in the past and has not happened" in o for o in r["objections"]), r
assert "nothing was stored" in r["message"] and r["plan"]["events"], r'
  expect_equal "$(cst -H "Authorization: Bearer $T_TEAM" -X POST -d '{"release":"2020-03-12T14:00:00Z","override":true}' "$URL/api/v1/cases/$C2/plan")" 400
  expect_contains "$(cat body)" '"message":"why:'
  expect_equal "$(cst -H "Authorization: Bearer $T_TEAM" -X POST -d '{"release":"2020-03-12T14:00:00Z"}' "$URL/api/v1/cases/$C2/plan/propose")" 200
  expect_contains "$(cat body)" 'is in the past'
  expect_equal "$(cst -H "Authorization: Bearer $T_TEAM" "$URL/api/v1/cases/$C2/plan")" 200
  expect_contains "$(cat body)" '"plan":null'
  expect_equal "$(cst -b jar_team --data-urlencode "csrf=$tc" -d "release=2020-03-12 14:00" "$URL/cases/$C2/plan")" 422
  expect_contains "$(cat body)" "The plan was not stored"
  expect_contains "$(cat body)" 'name="override"'
  expect_equal "$(cst -H "Authorization: Bearer $T_TEAM" -X POST -d '{"release":"2020-03-12T14:00:00Z","override":true,"why":"test: an old release"}' "$URL/api/v1/cases/$C2/plan")" 201
  expect_ok python3 -c 'import json; r=json.load(open("body")); assert r["seq"]==1 and r["moved"]==[] and r["notes"]==[], r'
  expect_ok embargo timeline "$C2"
  expect_contains "$OUT" "test: an old release"
  expect_equal "$(cst -H "Authorization: Bearer $T_MAINT" "$URL/api/v1/cases/$C")" 200
  expect_ok python3 -c 'import json; r=json.load(open("body")); assert r["schedule"]==[] and r["schedule_disagrees"]==[], r'
  expect_equal "$(cst -H "Authorization: Bearer $T_MAINT" "$URL/api/v1/cases/$C2")" 404
  expect_equal "$(cst -H "Authorization: Bearer $T_TEAM" "$URL/api/v1/cases?next_step=1")" 200
  expect_ok python3 -c 'import json; r=json.load(open("body")); assert r and all(c["next_step"] is None for c in r), r'
  expect_equal "$(cst -b jar_team "$URL/cases/$C")" 200
  expect_contains "$(cat body)" '<section id="schedule"><h2>Schedule</h2>'
  expect_contains "$(cat body)" "Nothing scheduled"
  expect_equal "$(cst -b jar_team "$URL/cases")" 200
  expect_contains "$(cat body)" "<th>Next step</th>"
  # Scheduled: a new plan from the API moves every pending step and says so; the page shows the steps.
  expect_ok embargo release schedule "$C"
  expect_equal "$(cst -H "Authorization: Bearer $T_MAINT" "$URL/api/v1/cases/$C")" 200
  expect_ok python3 -c '
import json; r=json.load(open("body")); s=r["schedule"]
assert [x["kind"] for x in s][-1]=="make-public" and s[-1]["due_at"].startswith("2030-03-12T14:00"), s
assert all(set(x)=={"kind","due_at","state","skipped","attempts","last_error"} for x in s), s
assert r["schedule_disagrees"]==[], r'
  expect_equal "$(cst -H "Authorization: Bearer $T_TEAM" -X POST -d '{"release":"2030-03-19T14:00:00Z","reason":"the distros asked"}' "$URL/api/v1/cases/$C/plan")" 201
  expect_contains "$(cat body)" "make-public 2030-03-12 14:00 UTC -> 2030-03-19 14:00 UTC"
  expect_ok embargo release status "$C"
  expect_contains "$OUT" "make-public      2030-03-19 14:00:00 UTC"
  expect_equal "$(cst -H "Authorization: Bearer $T_TEAM" "$URL/api/v1/cases?next_step=1")" 200
  expect_contains "$(cat body)" '"next_step":{"due_at":"2030-03-1'
  expect_equal "$(cst -b jar_maint "$URL/cases/$C")" 200
  expect_contains "$(cat body)" "<td>make-public</td><td><time datetime=\"2030-03-19T14:00:00"
  expect_contains "$(cat body)" "Tuesday 2030-03-19 23:00 JST"
  expect_not_contains "$(cat body)" "disagrees" "the case page after the re-plan"

  TEST "issue 26: the page follows the process: the header's next step in every zone and time left, then the parts in order"
  expect_equal "$(cst -b jar_team "$URL/cases/$C")" 200
  expect_ok python3 -c '
import re
page = open("body").read()
main = page[page.index("<main>"):]
head = re.search(r"<section id=\"summary\" class=\"case-head\">(.*?)</section>", main, re.S).group(1)
assert main.index("<section id=\"summary\"") < main.index("<section id=", main.index("</section>")), "the header first"
m = re.search(r"Next step: <strong>([a-z-]+)</strong> at <time datetime=\"2030-03-\d\dT[0-9:]+Z\">2030-03-\d\d \d\d:\d\d UTC</time> \((in|overdue by) [a-z0-9 ]+; scheduled\)", head)
assert m, head
assert "Europe/London" in head and "Asia/Tokyo" in head and " JST" in head, head
assert re.search(r"Under embargo: <strong>release in \d+ days( \d+ hours?)?</strong> \(release 2030-03-19 14:00 UTC\)", head), head
assert "Project: <strong>" in head and "state: <strong class=\"state\">reported</strong>" in head, head
assert "action=\"/cases/%s/move\"" % "'"$C"'" in head and "/edit\"" in head, "the move and edit forms in the header"
toc = re.search(r"<nav class=\"toc\"[^>]*>(.*?)</nav>", head, re.S).group(1)
order = ["schedule", "plan", "vulnerabilities", "notices", "answers", "release", "recipients", "reporter", "links", "timeline"]
for part in order:
    assert "href=\"#%s\"" % part in toc, (part, toc)
where = [main.index("<section id=\"%s\">" % part) for part in order]
assert where == sorted(where), list(zip(order, where))
timeline = main[main.index("<section id=\"timeline\">"):]
assert "/note\"" in timeline and "/reply\"" in timeline, "note and reply under the timeline"
links = main[main.index("<section id=\"links\">"):main.index("<section id=\"timeline\">")]
assert "/share\"" in links and "/link\"" in links, "share and link with the reporter links"
vulns = main[main.index("<section id=\"vulnerabilities\">"):main.index("<section id=\"notices\">")]
assert "class=\"cvss-calc\"" in vulns and "/vuln\"" in vulns, "the CVSS forms under the vulnerabilities"
'
  expect_equal "$(cst -b jar_maint "$URL/cases/$C")" 200
  expect_ok python3 -c '
import re
page = open("body").read()
head = re.search(r"<section id=\"summary\" class=\"case-head\">(.*?)</section>", page, re.S).group(1)
assert "Next step: <strong>" in head and "Under embargo: <strong>release in " in head, head
assert "<form" not in head, "no forms for a reader"
for part in ["notices", "answers", "links"]:
    assert "#%s\"" % part not in page and "id=\"%s\"" % part not in page, part
'
  expect_equal "$(cst -b jar_team "$URL/cases/$C2")" 200
  expect_contains "$(cat body)" "Next step: <strong>confirm the report (or reject it)</strong>"
  expect_contains "$(cat body)" "Under embargo: <strong>release was due "

  TEST "the OpenAPI document lists the new routes"
  expect_equal "$(cst "$URL/api/v1/openapi.json")" 200
  expect_ok python3 -c '
import json; d=json.load(open("body"))["paths"]
for p in ["/cases/{id}/vulnerabilities", "/cases/{id}/vulnerabilities/{n}", "/cases/{id}/grants", "/cases/{id}/plan",
          "/cases/{id}/plan/propose", "/cases/{id}/plan/check"]:
    assert p in d, p
assert "422" in d["/cases/{id}/plan"]["post"]["responses"]'

  TEST "every change is on the timeline and the chain verifies"
  expect_ok embargo timeline "$C"
  expect_contains "$OUT" "shared with max"
  expect_ok embargo timeline verify

  TEST "the calculator script scores exactly like core/cvss (node; every v3.1 base vector, 20,000 others)"
  if command -v node >/dev/null; then
    curl -s "$URL/static/cvss.js" -o cvss.js
    cat >gen.cjs <<'JS'
const c = require('./cvss.js');
// Deterministic pseudo-random vectors: every v3.1 base vector, then v3.1 and v4.0 vectors with
// random temporal/threat and environmental metrics.
let seed = 12345;
const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
const out = [];
const v3 = { AV: 'NALP', AC: 'LH', PR: 'NLH', UI: 'NR', S: 'UC', C: 'HLN', I: 'HLN', A: 'HLN' };
const keys = Object.keys(v3);
const all = (i, acc) => {
  if (i === keys.length) { out.push('CVSS:3.1/' + acc.join('/')); return; }
  for (const ch of v3[keys[i]]) all(i + 1, acc.concat(keys[i] + ':' + ch));
};
all(0, []);
const pick = (abbr, values, optional) => {
  const v = values[rnd(values.length)];
  return optional && v === 'X' ? null : abbr + ':' + v;
};
const t3 = { E: ['X','H','F','P','U'], RL: ['X','U','W','T','O'], RC: ['X','C','R','U'], CR: ['X','H','M','L'],
  IR: ['X','H','M','L'], AR: ['X','H','M','L'], MAV: ['X','N','A','L','P'], MAC: ['X','L','H'], MPR: ['X','N','L','H'],
  MUI: ['X','N','R'], MS: ['X','U','C'], MC: ['X','H','L','N'], MI: ['X','H','L','N'], MA: ['X','H','L','N'] };
for (let n = 0; n < 10000; n++) {
  const parts = [(rnd(2) ? 'CVSS:3.1' : 'CVSS:3.0')];
  for (const k of keys) parts.push(k + ':' + v3[k][rnd(v3[k].length)]);
  for (const k of Object.keys(t3)) { const p = pick(k, t3[k], true); if (p && rnd(2)) parts.push(p); }
  out.push(parts.join('/'));
}
const b4 = { AV: 'NALP', AC: 'LH', AT: 'NP', PR: 'NLH', UI: 'NPA', VC: 'HLN', VI: 'HLN', VA: 'HLN', SC: 'HLN', SI: 'HLN', SA: 'HLN' };
const o4 = { E: ['X','A','P','U'], CR: ['X','H','M','L'], IR: ['X','H','M','L'], AR: ['X','H','M','L'],
  MAV: ['X','N','A','L','P'], MAC: ['X','L','H'], MAT: ['X','N','P'], MPR: ['X','N','L','H'], MUI: ['X','N','P','A'],
  MVC: ['X','H','L','N'], MVI: ['X','H','L','N'], MVA: ['X','H','L','N'], MSC: ['X','H','L','N'],
  MSI: ['X','S','H','L','N'], MSA: ['X','S','H','L','N'] };
for (let n = 0; n < 10000; n++) {
  const parts = ['CVSS:4.0'];
  for (const k of Object.keys(b4)) parts.push(k + ':' + b4[k][rnd(b4[k].length)]);
  for (const k of Object.keys(o4)) { const p = pick(k, o4[k], true); if (p && rnd(3) === 0) parts.push(p); }
  out.push(parts.join('/'));
}
const lines = out.map((v) => { const s = c.score(v); return v + ' ' + (s ? s.base.toFixed(1) + ' ' +
  (s.temporal === undefined ? '-' : s.temporal.toFixed(1)) + ' ' + (s.environmental === undefined ? '-' : s.environmental.toFixed(1)) : 'null'); });
require('fs').writeFileSync('js_scores.txt', lines.join('\n') + '\n');
require('fs').writeFileSync('vectors.txt', out.join('\n') + '\n');
JS
    expect_ok node gen.cjs
    embargo cvss score --format json - <vectors.txt >cpp_scores.jsonl || fail "embargo cvss score failed"
    expect_ok python3 -c '
import json
js = [l.split(" ") for l in open("js_scores.txt").read().splitlines()]
cpp = [json.loads(l) for l in open("cpp_scores.jsonl").read().splitlines()]
assert len(js) == len(cpp) == 2592 + 20000, (len(js), len(cpp))
def f(x): return "-" if x is None else "%.1f" % x
bad = 0
for (v, b, t, e), c in zip(js, cpp):
    want = (f(c.get("baseScore")), f(c.get("temporalScore")), f(c.get("environmentalScore")))
    if v.startswith("CVSS:4.0"):
        want = (want[0], "-", "-")
    if (b, t, e) != want:
        bad += 1
        if bad < 5: print("differs:", v, (b, t, e), want, c)
assert bad == 0, bad'
  else
    echo "    (node is not installed: the comparison is skipped)"
  fi

  kill -TERM "$PID"
  wait "$PID"
}
