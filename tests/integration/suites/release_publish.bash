# Publishing at the release (issue 11): embargod's publish-files step copies
# the case's signed release files into [publish] files_dir and the
# publish-advisory step writes the advisory page, index.html and atom.xml
# into [publish] web_dir. Checked: the files match the recorded checksums,
# the feed parses as Atom, markup in the case's text comes out inert; after
# a SIGKILL (EMBARGO_FAULT_POINT) at every boundary between side effects and
# a restart, every file is there once and unchanged and every step recorded
# once; a differing file already published stops the release, named.

SUITE_release_publish_PROBE() {
  for tool in git gpg gpgconf jq sqlite3 python3 sha256sum cmp; do
    if ! command -v "$tool" >/dev/null; then
      echo "$tool is not installed"
      return 1
    fi
  done
}

CASE=EXIM-2026-0001
KINDS="open-downloads publish-files publish-advisory make-public"

# make_repo: tests/integration/lib/release_repo.bash
source "$EMBARGO_SOURCE/tests/integration/lib/release_repo.bash"
# start_embargod, run_embargod, all_done, steps_recorded: tests/integration/lib/release_daemon.bash
source "$EMBARGO_SOURCE/tests/integration/lib/release_daemon.bash"

# make_template DIR: a signed release on a case in fix-shared with a plan, a
# scored vulnerability whose text holds markup, an accepted credit, and
# [publish] files_dir = "pub", web_dir = "web" (relative to the data directory).
make_template() {
  local dir=$1
  export EMBARGO_DATA=$dir EMBARGO_NOW=2026-03-02T09:00Z
  embargo init --project Exim --prefix EXIM >/dev/null || fail "init"
  sed -i -e 's|^# web_dir = .*|web_dir = "web"|' -e 's|^# files_dir = .*|files_dir = "pub"|' \
    -e 's|^files_url = .*|files_url = "https://ftp.example.org/pub/exim/exim4/"|' \
    -e 's|^web_url = .*|web_url = "https://www.example.org/static/doc/security/"|' "$dir/embargo.toml"
  grep -q '^web_dir = "web"' "$dir/embargo.toml" || fail "could not set [publish] web_dir"
  embargo case new --title "heap overflow <script>alert(1)</script> in SMTP" \
    --reporter "Jane <jane@example.org>" --reporter-deadline 2026-03-20 >/dev/null
  embargo case move $CASE confirmed --why r >/dev/null
  embargo vuln add $CASE --title "heap overflow in BDAT" --id CVE-2026-1234 --cwe 787 \
    --description "A long <b>BDAT</b> chunk overflows a heap buffer." --affected ">=4.97,<4.99.1" \
    --fixed ">=4.99.1" --mitigation "Disable CHUNKING." >/dev/null || fail "vuln add"
  embargo vuln set $CASE 1 --cvss "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" >/dev/null || fail "vuln set"
  embargo credit accept $CASE --line "Jane Roe of Example Labs" >/dev/null || fail "credit accept"
  embargo case move $CASE fixing --why f >/dev/null
  embargo case move $CASE notified --why n >/dev/null
  rm -rf "$SUITE_TMP/rel"
  embargo release build --repo "$REPO" --tag exim-4.99.1 --base exim-4.99 --package exim --formats gz \
    --keyring "$SUITE_TMP/maintainers.asc" --sign-key "$KEY" --out "$SUITE_TMP/rel" --case $CASE >/dev/null ||
    fail "release build"
  embargo case move $CASE fix-shared --why s >/dev/null || fail "fix-shared"
  embargo case plan $CASE >/dev/null || fail "case plan"
}

fresh() {
  rm -rf "$1" && cp -a "$SUITE_TMP/template" "$1"
  export EMBARGO_DATA=$1
}

# check_published DIR: the files in DIR/pub are exactly the case's recorded
# files with their recorded SHA-256 (sha256sum), nothing else there; web
# holds the page, index and feed, byte-identical to the reference run's.
check_published() {
  local dir=$1 want got
  want=$(embargo files list $CASE --format json | jq -r '.[] | "\(.sha256)  \(.name)"' | sort)
  got=$(cd "$dir/pub" && sha256sum -- * .[!.]* 2>/dev/null | sort)
  [ "$got" = "$want" ] || { fail "$dir/pub: sha256sum gives"$'\n'"$got"$'\n'"expected"$'\n'"$want"; return 1; }
  got=$(cd "$dir/web" && ls -A | sort | tr '\n' ' ')
  [ "$got" = "$CASE.html atom.xml index.html " ] || { fail "$dir/web holds: $got"; return 1; }
  for f in $CASE.html atom.xml index.html; do
    cmp -s "$dir/web/$f" "$SUITE_TMP/reference/web/$f" || { fail "$dir/web/$f differs from the reference run"; return 1; }
  done
}

# check_feed FILE: parses the Atom feed and checks the required elements.
check_feed() {
  python3 - "$1" <<'EOF'
import sys, xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
feed = ET.parse(sys.argv[1]).getroot()
assert feed.tag == A + "feed", feed.tag
for el in ("id", "title", "updated"):
    assert (feed.findtext(A + el) or "").strip(), "feed has no " + el
assert feed.find(A + "link[@rel='self']") is not None, "no self link"
entries = feed.findall(A + "entry")
assert len(entries) == 1, "entries: %d" % len(entries)
e = entries[0]
for el in ("id", "title", "updated", "summary"):
    assert (e.findtext(A + el) or "").strip(), "entry has no " + el
link = e.find(A + "link").get("href")
assert link == "https://www.example.org/static/doc/security/EXIM-2026-0001.html", link
assert "<script>" in e.findtext(A + "title"), "the title's text survives escaping"
assert "CVE-2026-1234" in e.findtext(A + "title")
print("ok")
EOF
}

SUITE_release_publish() {
  make_repo
  make_template "$SUITE_TMP/template"
  gpgconf --homedir "$GNUPGHOME" --kill all 2>/dev/null

  TEST "advisory render previews the page, index and feed without touching web_dir"
  fresh "$SUITE_TMP/preview"
  expect_ok embargo advisory render $CASE --out "$SUITE_TMP/preview-out"
  expect_contains "$OUT" "$CASE.html"
  [ -e "$SUITE_TMP/preview/web" ] && fail "render wrote into web_dir"
  expect_equal "$(check_feed "$SUITE_TMP/preview-out/atom.xml" 2>&1)" "ok" "the preview's feed"
  expect_exit 1 embargo advisory render EXIM-2026-0099 --out "$SUITE_TMP/preview-out"
  expect_exit 2 embargo advisory render $CASE

  TEST "embargod publishes the files and the advisory; each step recorded once"
  fresh "$SUITE_TMP/reference"
  expect_ok embargo release schedule $CASE --format json
  expect_equal "$(jq -r '[.jobs[].kind | select(. == "open-downloads" or . == "publish-files" or
    . == "publish-advisory" or . == "make-public")] | join(",")' <<<"$OUT")" \
    "open-downloads,publish-files,publish-advisory,make-public" "steps"
  run_embargod || fail "embargod did not finish the release (status $?)"
  expect_equal "$(embargo case show $CASE --format json | jq -r .state)" "public" "case state"
  local want got
  want=$(cd "$SUITE_TMP/rel" && sha256sum -- * | sort)
  got=$(cd "$EMBARGO_DATA/pub" && sha256sum -- * | sort)
  expect_equal "$got" "$want" "published files against the built release"
  (cd "$EMBARGO_DATA/pub" && grep 'exim-4.99.1.tar.gz)' 00-sha256sums.txt | sed -E 's/SHA256 \((.*)\) = (.*)/\2  \1/' |
    sha256sum -c --quiet) || fail "the published tarball does not match 00-sha256sums.txt"
  expect_ok embargo release status $CASE
  expect_contains "$OUT" "copied, 0 already there"
  expect_contains "$OUT" "3 of 3 files written, 1 advisories listed"
  local page=$EMBARGO_DATA/web/$CASE.html
  expect_not_contains "$(cat "$page")" "<script>" "the page"
  expect_not_contains "$(cat "$page")" "<b>BDAT" "the page"
  for part in "&lt;script&gt;alert(1)&lt;/script&gt;" CVE-2026-1234 "9.8 Critical" \
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" "&gt;=4.97" "Disable CHUNKING." "Jane Roe of Example Labs" \
    "Report received" "Public release" "https://ftp.example.org/pub/exim/exim4/exim-4.99.1.tar.gz" "$KEY" \
    "$(sha256sum "$SUITE_TMP/rel/exim-4.99.1.tar.gz" | cut -c1-64)"; do
    expect_contains "$(cat "$page")" "$part" "the page"
  done
  expect_contains "$(cat "$EMBARGO_DATA/web/index.html")" "href=\"$CASE.html\""
  expect_equal "$(check_feed "$EMBARGO_DATA/web/atom.xml" 2>&1)" "ok" "atom.xml"
  for kind in $KINDS; do
    expect_equal "$(steps_recorded $kind)" 1 "$kind recorded"
  done
  expect_ok embargo timeline verify
  check_published "$EMBARGO_DATA"

  TEST "killed at every boundary between side effects and restarted: each file once, unchanged, each step once"
  # Only the publishing steps' boundaries count (EMBARGO_FAULT_ONLY): those of
  # publish-files, publish-advisory, then make-public, where this stops.
  local runs=0 killed=0 point=0 dups=0 losses=0 n status
  export EMBARGO_FAULT_ONLY="(publish-files)|(publish-advisory)|(make-public)|after publishing|after writing"
  while :; do
    point=$((point + 1))
    fresh "$SUITE_TMP/f$point"
    embargo release schedule $CASE >/dev/null
    : >"$SUITE_TMP/run.log"
    EMBARGOD_LOG="$SUITE_TMP/run.log" run_embargod "$point"
    status=$?
    cat "$SUITE_TMP/run.log" >>"$SUITE_TMP/embargod.log"
    [ $status != 137 ] && break  # past the last boundary
    killed=$((killed + 1))
    run_embargod || fail "point $point: the restart did not finish the release (status $?)"
    all_done || fail "point $point: the restart did not finish the release"
    runs=$((runs + 1))
    for kind in $KINDS; do
      n=$(steps_recorded $kind)
      [ "$n" -gt 1 ] && dups=$((dups + n - 1))
      [ "$n" -lt 1 ] && losses=$((losses + 1))
    done
    check_published "$EMBARGO_DATA" || losses=$((losses + 1))
    embargo timeline verify >/dev/null || fail "point $point: timeline does not verify"
    rm -rf "$EMBARGO_DATA"
    grep -q "killed at .*(make-public)" "$SUITE_TMP/run.log" && break
    [ $point -ge 60 ] && break
  done
  unset EMBARGO_FAULT_ONLY
  echo "fault injection (publishing, SQLite): runs=$runs killed=$killed duplicates=$dups losses=$losses"
  expect_equal "$dups/$losses" "0/0" "duplicates/losses"
  grep -q "after publishing exim-4.99.1.tar.gz" "$SUITE_TMP/embargod.log" || fail "no kill between two published files"
  grep -q "after writing atom.xml" "$SUITE_TMP/embargod.log" || fail "no kill after the feed was written"
  [ "$killed" -ge 12 ] || fail "only $killed kills"

  TEST "a different file already in files_dir stops the release, named, and is left alone"
  fresh "$SUITE_TMP/conflict"
  mkdir -p "$EMBARGO_DATA/pub"
  echo "not the release" >"$EMBARGO_DATA/pub/exim-4.99.1.tar.gz"
  embargo release schedule $CASE >/dev/null
  start_embargod "$EMBARGO_DATA"
  local pid=$PID
  for _ in $(seq 100); do
    [ -n "$(embargo release status $CASE --format json | jq -r '.jobs[] | select(.kind == "publish-files") | .last_error')" ] &&
      break
    sleep 0.1
  done
  kill -TERM $pid
  wait $pid
  expect_ok embargo release status $CASE
  expect_contains "$OUT" "pub/exim-4.99.1.tar.gz already exists with other content"
  expect_equal "$(cat "$EMBARGO_DATA/pub/exim-4.99.1.tar.gz")" "not the release" "the file there"
  expect_equal "$(embargo case show $CASE --format json | jq -r .state)" "fix-shared" "case state"
  [ -e "$EMBARGO_DATA/web/$CASE.html" ] && fail "the advisory was published although its files were not"
  expect_equal "$(steps_recorded publish-files)$(steps_recorded make-public)" "00" "nothing recorded"

  TEST "release dry-run carries every step out into a sink folder and changes nothing"
  fresh "$SUITE_TMP/dry"
  local entries
  entries=$(embargo timeline $CASE --format json | jq length)
  expect_ok embargo release dry-run $CASE --out "$SUITE_TMP/dry-out"
  expect_contains "$OUT" "nothing was sent, pushed, published or stored"
  expect_contains "$OUT" "publish-advisory"
  want=$(embargo files list $CASE --format json | jq -r '.[] | "\(.sha256)  \(.name)"' | sort)
  got=$(cd "$SUITE_TMP/dry-out/publish-files" && sha256sum -- * | sort)
  expect_equal "$got" "$want" "the files the release would publish"
  expect_equal "$(check_feed "$SUITE_TMP/dry-out/publish-advisory/atom.xml" 2>&1)" "ok" "the dry run's feed"
  [ -e "$SUITE_TMP/dry-out/publish-advisory/$CASE.html" ] || fail "no page in the sink"
  [ -e "$EMBARGO_DATA/pub" ] || [ -e "$EMBARGO_DATA/web" ] && fail "the dry run wrote into files_dir or web_dir"
  expect_equal "$(embargo timeline $CASE --format json | jq length)" "$entries" "timeline entries"
  expect_equal "$(embargo case show $CASE --format json | jq -r .state)" "fix-shared" "case state"
  expect_ok embargo release status $CASE
  expect_contains "$OUT" "no release scheduled"
  expect_ok embargo release dry-run $CASE --format json
  expect_equal "$(jq '[.steps[].ok] | all' <<<"$OUT")" "true" "every step would succeed"
  rm -rf "$(jq -r .sink <<<"$OUT")"
  expect_exit 1 embargo release dry-run $CASE --out "$SUITE_TMP/dry-out"
  expect_contains "$ERR" "--out"
  expect_exit 1 embargo release dry-run EXIM-2026-0099
}
