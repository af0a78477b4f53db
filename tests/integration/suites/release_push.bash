# The release steps push-public and publish-cve carried out by embargod: the
# release's commit and tag pushed to a bare "public" repository (fast-forward
# only), the CVE records published through the CVE Services test server
# (tests/cve_services/server.py); idempotent reruns, a diverged remote
# refused; and embargod killed (EMBARGO_FAULT_POINT) at every boundary
# between the side effects, then restarted: the push happens once (counted
# in the public repository's reflogs) and each record is published once
# (counted in the server's request log).

SUITE_release_push_PROBE() {
  for tool in git gpg gpgconf jq curl; do
    if ! command -v "$tool" >/dev/null; then
      echo "$tool is not installed"
      return 1
    fi
  done
  /usr/bin/python3 -c "import jsonschema" 2>/dev/null || { echo "python3-jsonschema is not installed"; return 1; }
}

CASE=EXIM-2026-0001
DATA="$EMBARGO_SOURCE/tests/data"

# start_embargod, run_embargod, all_done, steps_recorded: tests/integration/lib/release_daemon.bash
source "$EMBARGO_SOURCE/tests/integration/lib/release_daemon.bash"

# make_repo (KEY, REPO, G, FIX, TAG_OBJECT): tests/integration/lib/release_repo.bash
source "$EMBARGO_SOURCE/tests/integration/lib/release_repo.bash"

start_server() {
  /usr/bin/python3 "$EMBARGO_SOURCE/tests/cve_services/server.py" "$DATA" "$SUITE_TMP/port" "the-api-key" \
    2>"$SUITE_TMP/server.log" &
  SERVER_PID=$!
  for _ in $(seq 100); do [ -s "$SUITE_TMP/port" ] && break; sleep 0.05; done
  API="http://127.0.0.1:$(cat "$SUITE_TMP/port")"
}

# make_template DIR: a signed release on a case in fix-shared with a plan;
# [publish] pushes to DIR/public.git (a relative path: each copy has its
# own), which holds 4.99, and publishes CVE records. Three vulnerabilities:
# the first two get CVE ids in fresh(), the third has none.
make_template() {
  local dir=$1
  export EMBARGO_DATA=$dir EMBARGO_NOW=2026-03-02T09:00Z
  embargo init --project Exim --prefix EXIM >/dev/null || fail "init"
  sed -i "s/^cna_org_id = \"\"/cna_org_id = \"b7c3e2a1-1c2d-4e5f-8a9b-0123456789ab\"/;
          s/^cna_short_name = \"\"/cna_short_name = \"Exim\"/;
          s|^advisory_url = \"\"|advisory_url = \"https://www.exim.org/static/doc/security/{id}.txt\"|;
          s|^url = \"https://cveawg.mitre.org/api\"|url = \"$API/api\"|;
          s/^user = \"\"/user = \"ph10@exim.org\"/;
          s|^# git_remote = .*|git_remote = \"public.git\"|;
          s/^cve = false/cve = true/" "$dir/embargo.toml"
  git init -q --bare -b master "$dir/public.git"
  git -C "$dir/public.git" config core.logAllRefUpdates always
  git -C "$REPO" push -q "$dir/public.git" 'exim-4.99^{commit}:refs/heads/master' refs/tags/exim-4.99
  embargo case new --title "heap overflow in SMTP" --reporter "Jane <jane@example.org>" \
    --reporter-deadline 2026-03-20 >/dev/null
  embargo case move $CASE confirmed --why r >/dev/null
  embargo vuln add $CASE --title "heap overflow" --cwe 787 --affected ">=4.92,<4.99.1" >/dev/null
  embargo vuln add $CASE --title "use after free" --affected "<4.99.1" >/dev/null
  embargo vuln add $CASE --title "off by one" --affected "<4.99.1" >/dev/null
  embargo case move $CASE fixing --why f >/dev/null
  embargo case move $CASE notified --why n >/dev/null
  rm -rf "$SUITE_TMP/rel"
  embargo release build --repo "$REPO" --tag exim-4.99.1 --base exim-4.99 --package exim --formats gz \
    --keyring "$SUITE_TMP/maintainers.asc" --sign-key "$KEY" --out "$SUITE_TMP/rel" --case $CASE >/dev/null ||
    fail "release build"
  embargo case move $CASE fix-shared --why s >/dev/null || fail "fix-shared"
  embargo case plan $CASE >/dev/null || fail "case plan"
}

# fresh DIR: a copy of the template as $EMBARGO_DATA, its first two
# vulnerabilities with newly reserved CVE ids ($CVE1, $CVE2), scheduled.
fresh() {
  rm -rf "$1" && cp -a "$SUITE_TMP/template" "$1"
  export EMBARGO_DATA=$1
  embargo cve reserve $CASE --count 2 >/dev/null || fail "cve reserve"
  CVE1=$(embargo vuln list $CASE --format json | jq -r '.[0].identifier')
  CVE2=$(embargo vuln list $CASE --format json | jq -r '.[1].identifier')
  BARE=$1/public.git
}

job() {  # job KIND FIELD
  embargo release status $CASE --format json | jq -r --arg k "$1" --arg f "$2" '.jobs[] | select(.kind == $k) | .[$f]'
}

# How many times the public repository's ref was updated.
ref_updates() { git -C "$BARE" reflog show --format=%H "$1" 2>/dev/null | wc -l; }

# How many requests the CVE server saw: requests "METHOD /path".
requests() { curl -s "$API/_test/requests" | jq --arg r "$1" '[.[] | select(. == $r)] | length'; }

# count_effects: adds duplicates and losses of the push, the records and the steps.
count_effects() {
  local n kind cve
  n=$(ref_updates refs/heads/master)  # 1 by the template, 1 by the release
  [ "$n" -gt 2 ] && DUPS=$((DUPS + n - 2))
  [ "$n" -lt 2 ] && LOSSES=$((LOSSES + 1)) && echo "loss: master updated $n times" >&2
  # (libgit2 logs no tag updates; a second push of the same tag changes nothing.)
  [ "$(git -C "$BARE" rev-parse exim-4.99.1)" = "$TAG_OBJECT" ] || { LOSSES=$((LOSSES + 1)); echo "loss: tag" >&2; }
  [ "$(git -C "$BARE" rev-parse master)" = "$FIX" ] || { LOSSES=$((LOSSES + 1)); echo "loss: master" >&2; }
  for cve in $CVE1 $CVE2; do
    n=$(requests "POST /cve/$cve/cna")
    [ "$n" -gt 1 ] && DUPS=$((DUPS + n - 1))
    [ "$n" -lt 1 ] && LOSSES=$((LOSSES + 1)) && echo "loss: $cve published $n times" >&2
    [ "$(requests "PUT /cve/$cve/cna")" = 0 ] || DUPS=$((DUPS + 1))
  done
  for kind in open-downloads publish-cve push-public make-public; do
    n=$(steps_recorded $kind)
    [ "$n" -gt 1 ] && DUPS=$((DUPS + n - 1))
    [ "$n" -lt 1 ] && LOSSES=$((LOSSES + 1))
  done
  [ "$(embargo case show $CASE --format json | jq -r .state)" = public ] || LOSSES=$((LOSSES + 1))
}

SUITE_release_push() {
  export EMBARGO_CVE_API_KEY=the-api-key
  start_server
  make_repo
  make_template "$SUITE_TMP/template"
  gpgconf --homedir "$GNUPGHOME" --kill all 2>/dev/null

  TEST "at the release: the fix and its tag pushed, the CVE records published, each step recorded once"
  fresh "$SUITE_TMP/d1"
  expect_ok embargo release schedule $CASE --format json
  expect_equal "$(jq -r '[.jobs[].kind] | index("publish-cve") < index("push-public")' <<<"$OUT")" "true" "order"
  expect_equal "$(jq -r '.jobs[-1].kind' <<<"$OUT")" "make-public" "last step"
  run_embargod || fail "embargod did not finish the release (status $?)"
  expect_equal "$(git -C "$BARE" rev-parse master)" "$FIX" "public master"
  expect_equal "$(git -C "$BARE" rev-parse exim-4.99.1)" "$TAG_OBJECT" "public tag"
  expect_equal "$(git -C "$BARE" cat-file -t exim-4.99.1)" "tag" "the annotated tag"
  expect_contains "$(git -C "$BARE" log --format=%s master)" "Version 4.99.1"
  expect_contains "$(job push-public result)" "pushed ${FIX:0:12} to master and tag exim-4.99.1"
  expect_ok embargo cve state "$CVE1"
  expect_equal "$OUT" "$CVE1 PUBLISHED"
  expect_ok embargo cve state "$CVE2"
  expect_equal "$OUT" "$CVE2 PUBLISHED"
  expect_equal "$(curl -s "$API/api/cve/$CVE1" -H 'CVE-API-KEY: the-api-key' | jq -r .containers.cna.title)" \
    "heap overflow" "published title"
  local result
  result=$(job publish-cve result)
  expect_contains "$result" "published $CVE1"
  expect_contains "$result" "published $CVE2"
  expect_contains "$result" "$CASE#3 has no CVE id: not published"
  expect_equal "$(steps_recorded push-public)$(steps_recorded publish-cve)$(steps_recorded make-public)" "111" \
    "recorded once each"
  expect_equal "$(embargo case show $CASE --format json | jq -r .state)" "public" "case state"
  expect_equal "$(curl -s "$API/_test/violations")" "[]" "OpenAPI violations"
  expect_not_contains "$(cat "$SUITE_TMP/embargod.log")" "the-api-key" "embargod's log (the API key)"
  expect_ok embargo timeline verify

  TEST "already done: nothing pushed again; a record published alike is left, one that differs is updated"
  local pushed=$SUITE_TMP/d1/public.git
  fresh "$SUITE_TMP/d2"
  rm -rf "$BARE" && cp -a "$pushed" "$BARE"
  local before
  before=$(ref_updates refs/heads/master)
  embargo cve publish $CASE --vuln 1 >/dev/null || fail "cve publish 1"
  embargo cve publish $CASE --vuln 2 >/dev/null || fail "cve publish 2"
  embargo vuln set $CASE 2 --title "use after free in the DKIM verifier" >/dev/null
  embargo release schedule $CASE >/dev/null
  run_embargod || fail "embargod did not finish the release (status $?)"
  expect_contains "$(job push-public result)" "already pushed: master of"
  expect_equal "$(ref_updates refs/heads/master)" "$before" "public master updates"
  result=$(job publish-cve result)
  expect_contains "$result" "$CVE1 already published"
  expect_contains "$result" "updated $CVE2"
  expect_equal "$(requests "POST /cve/$CVE1/cna")/$(requests "PUT /cve/$CVE1/cna")" "1/0" "$CVE1 writes"
  expect_equal "$(requests "PUT /cve/$CVE2/cna")" "1" "$CVE2 updates"
  expect_equal "$(curl -s "$API/api/cve/$CVE2" -H 'CVE-API-KEY: the-api-key' | jq -r .containers.cna.title)" \
    "use after free in the DKIM verifier" "updated title"
  expect_equal "$(curl -s "$API/_test/violations")" "[]" "OpenAPI violations"

  TEST "a public branch with commits the release does not contain is refused; the case stays embargoed"
  fresh "$SUITE_TMP/d3"
  local other=$SUITE_TMP/other
  rm -rf "$other" && git clone -q "$BARE" "$other"
  $G -C "$other" commit -q --allow-empty -m "public only" && git -C "$other" push -q origin HEAD:master
  local tip
  tip=$(git -C "$BARE" rev-parse master)
  embargo release schedule $CASE >/dev/null
  start_embargod "$EMBARGO_DATA"
  for _ in $(seq 100); do [ -n "$(job push-public last_error)" ] && break; sleep 0.1; done
  kill -TERM $PID && wait $PID
  expect_contains "$(job push-public last_error)" "branch master is at $tip, which has commits the release"
  expect_contains "$(job push-public last_error)" "fast-forward only"
  expect_equal "$(git -C "$BARE" rev-parse master)" "$tip" "public master"
  expect_equal "$(git -C "$BARE" tag -l exim-4.99.1)" "" "public tag"
  expect_equal "$(job make-public state)" "pending" "make-public"
  expect_ok embargo release status $CASE
  expect_contains "$OUT" "has commits the release"

  TEST "killed at every boundary between side effects and restarted: one push, each record once"
  local runs=0 killed=0 past=0 point
  DUPS=0 LOSSES=0
  # Only the boundaries of these two steps count (the others have their own
  # suites, and release_day.bash kills between all of them).
  export EMBARGO_FAULT_ONLY="(publish-cve)|(push-public)"
  for point in $(seq 1 60); do
    fresh "$SUITE_TMP/f$point"
    embargo release schedule $CASE >/dev/null
    run_embargod "$point"
    if [ $? = 137 ]; then killed=$((killed + 1)); else past=$point; fi
    run_embargod || fail "point $point: the restart did not finish the release (status $?)"
    all_done || fail "point $point: the restart did not finish the release"
    runs=$((runs + 1))
    count_effects
    embargo timeline verify >/dev/null || fail "point $point: timeline does not verify"
    rm -rf "$SUITE_TMP/f$point"
    [ "$past" != 0 ] && break
  done
  unset EMBARGO_FAULT_ONLY
  grep -h "killed at" "$SUITE_TMP/embargod.log" | sed 's/.*killed at /  killed at /' >&2
  echo "fault injection (push and CVE records): runs=$runs killed=$killed duplicates=$DUPS losses=$LOSSES"
  expect_equal "$DUPS/$LOSSES" "0/0" "duplicates/losses"
  expect_equal "$past" $((killed + 1)) "the first point past the last boundary"
  expect_contains "$(cat "$SUITE_TMP/embargod.log")" "between the branch and tag pushes"
  expect_contains "$(cat "$SUITE_TMP/embargod.log")" "between the CVE records"
  expect_equal "$(curl -s "$API/_test/violations")" "[]" "OpenAPI violations"
}
