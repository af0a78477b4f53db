# Each project on one server has its own settings (issue 12,
# config/project_settings.hpp): two projects, exim and postfix, on one data
# directory, each with a settings file naming its own lists (the same list
# names, other addresses), from address, GnuPG home and signing key, policy,
# time zone and publish targets, and exim its own notice template. Notices
# are previewed and really sent through a real SMTP server on 127.0.0.1
# (tests/mail/smtp_server.py) and checked with gpg as a recipient would; the
# planner and `release dry-run` are run for a case of each. Denials: a case of
# one project never reaches the other's lists, and a case whose project is
# no longer configured is refused rather than sent with other settings.

MAILTOOL="/usr/bin/python3 $EMBARGO_SOURCE/tests/mail/mailtool.py"

SUITE_projects_config_PROBE() {
  /usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || { echo "python3-aiosmtpd is not installed"; return 1; }
  for tool in gpg gpgconf jq curl; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed"; return 1; }
  done
}

# gpgk, fpr_of, make_key, share_key: tests/integration/lib/gpg_keys.bash
source "$EMBARGO_SOURCE/tests/integration/lib/gpg_keys.bash"
# The public keys of both projects, for the checks (a recipient's keyring).
make_keys() {
  K="$SUITE_TMP/keys"
  make_key "$K/exim" "Exim Security <security@exim.org>"
  make_key "$K/postfix" "Postfix Security <security@postfix.org>"
  EXIM_FPR=$(fpr_of "$K/exim" security@exim.org)
  PF_FPR=$(fpr_of "$K/postfix" security@postfix.org)
  mkdir -p -m 700 "$K/reader"
  gpgk "$K/exim" --export --armor security@exim.org | gpgk "$K/reader" --import 2>/dev/null
  gpgk "$K/postfix" --export --armor security@postfix.org | gpgk "$K/reader" --import 2>/dev/null
}

start_smtp() {
  SMTP_DIR="$SUITE_TMP/smtp"
  mkdir -p "$SMTP_DIR"
  SMTP_PORT=$(free_port)
  /usr/bin/python3 "$EMBARGO_SOURCE/tests/mail/smtp_server.py" "$SMTP_DIR" "$SMTP_PORT" 2>"$SMTP_DIR.log" &
  SMTP_PID=$!
  for _ in $(seq 200); do [ -f "$SMTP_DIR/ready" ] && break; sleep 0.05; done
}

# project_file NAME DOMAIN FPR ZONE TIME [DISTROS_RECIPIENTS]: projects/NAME.toml
project_file() {
  mkdir -p "$EMBARGO_DATA/projects"
  cat >"$EMBARGO_DATA/projects/$1.toml" <<TOML
[policy]
release_zone = "$4"
release_time = "$5"

[time]
zones = ["$4"]

[advisory]
vendor = "$1.org"
product = "$1"

[mail]
team_address = "security@$2"
team_name = "$1 security"
gnupg_home = "$K/$1"
signing_key = "$3"

[[mail.lists]]
name = "distros"
address = "distros-$1@lists.example"
policy = "sign"
${6:-}

[[mail.lists]]
name = "announce"
address = "$1-announce@$2"
policy = "clearsign"

[publish]
fix_lists = ["distros"]
announce_lists = ["announce"]
web_url = "https://www.$2/security/"
TOML
}

setup_data() {
  export EMBARGO_DATA="$SUITE_TMP/d" EMBARGO_ACTOR=tester EMBARGO_NOW=2026-03-02T09:00:00Z
  unset EMBARGO_PGP_PASSPHRASE
  embargo init --project Coordinator --prefix CO >/dev/null
  sed -i "s|^url = \"smtp://127.0.0.1:25\"|url = \"smtp://127.0.0.1:$SMTP_PORT\"|;
          s|^starttls = \"try\"|starttls = \"none\"|;
          s|^# public_url = .*|public_url = \"https://security.example.org\"|" "$EMBARGO_DATA/embargo.toml"
  cat >>"$EMBARGO_DATA/embargo.toml" <<'TOML'

[[projects]]
name = "exim"
display_name = "Exim"
case_prefix = "EXIM"
config = "projects/exim.toml"

[[projects]]
name = "postfix"
display_name = "Postfix"
case_prefix = "PF"
config = "projects/postfix.toml"
TOML
  project_file exim exim.org "$EXIM_FPR" America/New_York 10:00 \
    $'[[mail.lists.recipients]]\nname = "debian"\ncontacts = ["team@security.debian.org"]\nusers = ["dan"]\n'
  project_file postfix postfix.org "$PF_FPR" Asia/Tokyo 15:00
  mkdir -p "$EMBARGO_DATA/projects/exim/templates"
  printf 'Subject: [{{case_id}}] Exim-only fix notice\n\nThe Exim template for {{project}}.\n' \
    >"$EMBARGO_DATA/projects/exim/templates/fix.mustache"
}

new_case() {  # PROJECT -> the id
  embargo case new --title "$1 bug" --reporter "r@example.net" --project "$1" || return 1
}

# signer_of FILE: the fingerprint that made the multipart/signed message's signature.
signer_of() {
  $MAILTOOL rawpart "$1" 1 >"$SUITE_TMP/signed"
  $MAILTOOL payload "$1" 2 >"$SUITE_TMP/sig.asc"
  gpgk "$K/reader" --status-fd 1 --verify "$SUITE_TMP/sig.asc" "$SUITE_TMP/signed" 2>/dev/null |
    awk '/VALIDSIG/ {print $3}'
}

SUITE_projects_config() {
  make_keys
  start_smtp
  setup_data

  TEST "project list shows each project's settings file; a bad project file fails every command"
  expect_ok embargo project list
  expect_contains "$OUT" "settings: projects/exim.toml"
  expect_contains "$OUT" "settings: projects/postfix.toml"
  cp "$EMBARGO_DATA/projects/exim.toml" "$SUITE_TMP/exim.bak"
  printf '\n[store]\nurl = "sqlite:other.db"\n' >>"$EMBARGO_DATA/projects/exim.toml"
  expect_exit 1 embargo project list
  expect_contains "$ERR" "projects/exim.toml: store is server-wide"
  cp "$SUITE_TMP/exim.bak" "$EMBARGO_DATA/projects/exim.toml"
  sed -i 's/^release_zone = .*/release_zone = "Mars\/Olympus"/' "$EMBARGO_DATA/projects/exim.toml"
  expect_exit 1 embargo case list
  expect_contains "$ERR" "projects/exim.toml: policy.release_zone"
  cp "$SUITE_TMP/exim.bak" "$EMBARGO_DATA/projects/exim.toml"
  mv "$EMBARGO_DATA/projects/postfix.toml" "$SUITE_TMP/pf.bak"
  expect_exit 1 embargo case list
  expect_contains "$ERR" "projects/postfix.toml"
  mv "$SUITE_TMP/pf.bak" "$EMBARGO_DATA/projects/postfix.toml"

  EX=$(new_case exim) || fail "exim case"
  PF=$(new_case postfix) || fail "postfix case"
  OWN=$(embargo case new --title "own bug" --reporter "r@example.net") || fail "own case"
  for c in "$EX" "$PF"; do
    embargo vuln add "$c" --title "overflow" >/dev/null || fail "vuln $c"
    embargo usercode new "$c" --list distros >/dev/null || fail "usercode $c"
  done

  TEST "notice preview: each project's list, template, from address and signer"
  expect_ok embargo notice preview "$EX" fix --list distros
  expect_contains "$OUT" "From: exim security <security@exim.org>"
  expect_contains "$OUT" "To: distros-exim@lists.example"
  expect_contains "$OUT" "X-Embargo-Signer: $EXIM_FPR"
  expect_contains "$OUT" "The Exim template for Exim."
  expect_ok embargo notice preview "$PF" fix --list distros
  expect_contains "$OUT" "From: postfix security <security@postfix.org>"
  expect_contains "$OUT" "To: distros-postfix@lists.example"
  expect_contains "$OUT" "X-Embargo-Signer: $PF_FPR"
  expect_not_contains "$OUT" "Exim template" "postfix's fix notice (the shipped template)"
  expect_ok embargo notice preview "$PF" release --list announce
  expect_contains "$OUT" "To: postfix-announce@postfix.org"
  expect_exit 1 embargo notice preview "$OWN" fix --list distros
  expect_contains "$ERR" "distros"

  TEST "the planner uses each project's policy and zones"
  # Planned before any notice goes out: a plan starts from what already
  # happened (issue 21), and the next test sends a release notice by hand.
  expect_ok embargo case plan "$EX" --format json
  expect_equal "$(jq -r '.events[] | select(.name == "release") | .local["America/New_York"]' <<<"$OUT" | cut -c12-16)" "10:00" "exim's release time in New York"
  expect_ok embargo case plan "$PF" --format json
  expect_equal "$(jq -r '.events[] | select(.name == "release") | .local["Asia/Tokyo"]' <<<"$OUT" | cut -c12-16)" "15:00" "postfix's release time in Tokyo"
  expect_ok embargo plan propose --project postfix --fix-ready 2026-03-02T09:00Z --exploitation none --format json
  expect_equal "$(jq -r '.events[] | select(.name == "release") | .local["Asia/Tokyo"]' <<<"$OUT" | cut -c12-16)" "15:00" "plan propose --project postfix"
  expect_exit 1 embargo plan propose --project sendmail --fix-ready 2026-03-02T09:00Z --exploitation none
  expect_contains "$ERR" "--project"

  TEST "notice send: each case's mail reaches its own project's list, signed by its own key"
  expect_ok embargo notice send "$EX" fix --list distros
  expect_ok embargo notice send "$PF" fix --list distros
  expect_ok embargo notice send "$EX" release --list announce
  local f to
  for f in "$SMTP_DIR"/*.eml; do
    to=$(sed -n 2p "${f%.eml}.env")
    case "$to" in
      distros-exim@lists.example)
        expect_equal "$(signer_of "$f")" "$EXIM_FPR" "signer of exim's distros notice"
        expect_contains "$(cat "$SUITE_TMP/signed")" "The Exim template for Exim."
        expect_equal "$(sed -n 3p "${f%.eml}.env")" "security@exim.org" "exim's receipt copy" ;;
      distros-postfix@lists.example)
        expect_equal "$(signer_of "$f")" "$PF_FPR" "signer of postfix's distros notice"
        expect_equal "$(sed -n 1p "${f%.eml}.env")" "security@postfix.org" "postfix's envelope sender" ;;
      exim-announce@exim.org)
        $MAILTOOL payload "$f" 0 >"$SUITE_TMP/clear"
        expect_contains "$(gpgk "$K/reader" --status-fd 1 --verify "$SUITE_TMP/clear" 2>/dev/null)" "VALIDSIG $EXIM_FPR" ;;
      *) fail "a notice went to $to" ;;
    esac
  done
  expect_equal "$(ls "$SMTP_DIR" | grep -c '\.eml$')" 3 "messages at the server"
  # Denial: no exim case's message went to a postfix address, nor the other way round.
  expect_equal "$(grep -l "postfix" "$SMTP_DIR"/*.env | xargs -r grep -l "exim" | wc -l)" 0 "mixed envelopes"
  expect_ok embargo mail outbox --format json
  expect_equal "$(jq -r --arg c "$EX" '[.[] | select(.case == $c) | .recipients[]] | map(select(test("postfix"))) | length' <<<"$OUT")" 0 "exim entries to postfix"

  TEST "release dry-run uses each project's publish targets"
  # (make-public would fail: the cases are still new; the steps before it are what is checked)
  local c out
  for c in "$EX" "$PF"; do
    out=$(embargo release dry-run "$c" --out "$SUITE_TMP/dry-$c" --format json 2>/dev/null)
    expect_equal "$(jq -r '[.steps[] | select(.kind == "notice-fix" or .kind == "announce") | .ok] | all' <<<"$out")" \
      "true" "$c: notice-fix and announce would succeed"
  done
  ln -s "$SUITE_TMP/dry-$EX" "$SUITE_TMP/dry-ex"
  ln -s "$SUITE_TMP/dry-$PF" "$SUITE_TMP/dry-pf"
  expect_contains "$(cat "$SUITE_TMP/dry-ex/announce/announce.txt")" "To: exim-announce@exim.org"
  expect_contains "$(cat "$SUITE_TMP/dry-pf/announce/announce.txt")" "To: postfix-announce@postfix.org"
  expect_contains "$(cat "$SUITE_TMP/dry-ex/notice-fix/distros.txt")" "The Exim template for Exim."
  expect_contains "$(cat "$SUITE_TMP/dry-pf/notice-fix/distros.txt")" "To: distros-postfix@lists.example"

  TEST "the API: each case's plan uses its project's policy; its recipients are its project's"
  embargo user add eve --role maintainer >/dev/null
  embargo project add-member exim eve >/dev/null
  embargo project add-member postfix eve >/dev/null
  local token url="" pid
  token=$(embargo user token eve | tail -1)
  embargod --data "$EMBARGO_DATA" --listen 127.0.0.1:0 --access-log - >"$SUITE_TMP/server.out" 2>&1 &
  pid=$!
  url=$(listening_url "$SUITE_TMP/server.out")
  [ -n "$url" ] || fail "embargod did not start: $(cat "$SUITE_TMP/server.out")"
  propose() {  # CASE ZONE: the local release time of the API's proposal
    curl -s -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{}' \
      "$url/api/v1/cases/$1/plan/propose" | jq -r --arg z "$2" '.plan.events[] | select(.name == "release") | .local[$z]' |
      cut -c12-16
  }
  # exim's release notice went out by hand above: a proposal starts from that (issue 21), so
  # exim's policy shows in its stored plan; postfix's release is still to be planned.
  expect_equal "$(curl -s -H "Authorization: Bearer $token" "$url/api/v1/cases/$EX/plan" |
    jq -r '.plan.events[] | select(.name == "release") | .local["America/New_York"]' | cut -c12-16)" "10:00" \
    "exim's release time through the API"
  expect_equal "$(propose "$PF" Asia/Tokyo)" "15:00" "postfix's release time through the API"
  expect_equal "$(curl -s -H "Authorization: Bearer $token" "$url/api/v1/cases/$PF" | jq -r .project)" "postfix"
  expect_equal "$(curl -s -H "Authorization: Bearer $token" "$url/api/v1/cases" |
    jq -r --arg ex "$EX" '.[] | select(.id == $ex) | .project')" "exim" "a case's project in the list"
  expect_equal "$(curl -s -H "Authorization: Bearer $token" "$url/api/v1/openapi.json" | jq -r '.openapi' | cut -c1)" "3"
  # A distribution under exim's list only (exim's fix notice went to that list above).
  embargo user add dan --role maintainer >/dev/null
  local dan
  dan=$(embargo user token dan | tail -1)
  recipients() {  # TOKEN METHOD CASE [BODY] -> status; body in $SUITE_TMP/body
    curl -s -o "$SUITE_TMP/body" -w '%{http_code}' -H "Authorization: Bearer $1" -X "$2" \
      ${4:+-H 'Content-Type: application/json' --data "$4"} "$url/api/v1/recipients/$3"
  }
  expect_equal "$(recipients "$token" GET "$EX")" 200 "exim's team reads exim's recipients"
  expect_equal "$(jq -r '[.recipients[].recipient] | unique | join(",")' "$SUITE_TMP/body")" "announce,debian,distros"
  expect_equal "$(recipients "$token" GET "$PF")" 200 "postfix's team reads postfix's recipients"
  expect_not_contains "$(cat "$SUITE_TMP/body")" "debian" "postfix's recipients"
  expect_equal "$(recipients "$dan" GET "$EX")" 200 "debian reads the exim case notified to its list"
  expect_equal "$(recipients "$dan" POST "$EX" '{"recipient":"debian","status":"acknowledged"}')" 200 "debian acknowledges"
  expect_equal "$(recipients "$dan" GET "$PF")" 404 "debian on a postfix case"
  expect_equal "$(recipients "$dan" POST "$PF" '{"recipient":"debian","status":"acknowledged"}')" 404 "debian sets a postfix case"
  kill "$pid"
  wait "$pid" 2>/dev/null

  TEST "intake --project: the acknowledgement comes from that project's address and template"
  printf 'Subject: [{{case_id}}] Exim got it\n\nThe Exim acknowledgement for {{case_id}}.\n' \
    >"$EMBARGO_DATA/projects/exim/templates/ack.mustache"
  rm -f "$SMTP_DIR"/*.eml "$SMTP_DIR"/*.env
  printf 'From: Rita <rita@example.net>\nTo: security@exim.org\nSubject: heap overflow\nMessage-ID: <r1@example.net>\n\nDetails.\n' \
    >"$SUITE_TMP/r1.eml"
  expect_ok embargo intake mail --project exim --format json <"$SUITE_TMP/r1.eml"
  expect_contains "$OUT" '"case":"EXIM-2026-0002"'
  printf 'From: Rita <rita@example.net>\nTo: security@postfix.org\nSubject: smtpd crash\nMessage-ID: <r2@example.net>\n\nDetails.\n' \
    >"$SUITE_TMP/r2.eml"
  expect_ok embargo intake mail --project postfix --format json <"$SUITE_TMP/r2.eml"
  expect_contains "$OUT" '"case":"PF-2026-0002"'
  expect_equal "$(ls "$SMTP_DIR" | grep -c '\.eml$')" 2 "acknowledgements at the server"
  for f in "$SMTP_DIR"/*.eml; do
    case "$(sed -n 2p "${f%.eml}.env")" in
      rita@example.net) ;;
      *) fail "an acknowledgement went to $(sed -n 2p "${f%.eml}.env")" ;;
    esac
    if grep -q "EXIM-2026-0002" "$f"; then
      expect_equal "$(sed -n 1p "${f%.eml}.env")" "security@exim.org" "exim's acknowledgement sender"
      expect_contains "$(cat "$f")" "The Exim acknowledgement for EXIM-2026-0002."
    else
      expect_equal "$(sed -n 1p "${f%.eml}.env")" "security@postfix.org" "postfix's acknowledgement sender"
      expect_not_contains "$(cat "$f")" "Exim acknowledgement" "postfix's acknowledgement (the shipped template)"
    fi
  done

  TEST "a status reply counts for the case's own project's recipients, whichever address it came in at"
  local notice
  notice=$(embargo mail outbox --format json | jq -r --arg c "$EX" '.[] | select(.case == $c and .list == "distros") | .message_id')
  [ -n "$notice" ] || fail "exim's distros notice is not in the outbox"
  printf 'From: team@security.debian.org\nTo: security@postfix.org\nSubject: Re: fix\nMessage-ID: <s1@debian.org>\nIn-Reply-To: <%s>\n\nstatus: packages-ready\nstatement: DSA-9\n' \
    "$notice" >"$SUITE_TMP/s1.eml"
  expect_ok embargo intake mail --project postfix <"$SUITE_TMP/s1.eml"
  expect_contains "$OUT" "reply $EX"
  expect_contains "$OUT" "status reply accepted: debian"
  expect_contains "$(embargo timeline "$EX")" "debian (distros): vulnerability 1 packages-ready: DSA-9"

  TEST "a case whose project is no longer configured is refused, not sent with other settings"
  head -n -5 "$EMBARGO_DATA/embargo.toml" >"$SUITE_TMP/toml" && cp "$SUITE_TMP/toml" "$EMBARGO_DATA/embargo.toml"
  expect_not_contains "$(cat "$EMBARGO_DATA/embargo.toml")" "postfix" "embargo.toml"
  expect_exit 1 embargo notice preview "$PF" fix --list distros
  expect_contains "$ERR" "project 'postfix' is not in [[projects]]"
  expect_ok embargo notice preview "$EX" fix --list distros

  for h in exim postfix reader; do gpgconf --homedir "$K/$h" --kill all 2>/dev/null; done
}
