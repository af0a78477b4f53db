# `embargo doctor` (issue 26): a good data directory passes every check; a
# broken one has each problem named with its fix (a list's key missing, the
# SMTP server gone, a publish directory not writable, a secrets mode wrong).
# `embargo setup` driven by flags writes a directory that passes doctor.

source "$EMBARGO_SOURCE/tests/integration/lib/gpg_keys.bash"
source "$EMBARGO_SOURCE/tests/integration/lib/smtp_sink.bash"

SUITE_doctor_PROBE() {
  /usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || { echo "python3-aiosmtpd is not installed"; return 1; }
  command -v gpg >/dev/null || { echo "gpg is not installed"; return 1; }
}

# A tiny web server standing in for the public URL; sets WEB_PORT.
start_web() {
  WEB_PORT=$(free_port)
  mkdir -p "$SUITE_TMP/www"
  /usr/bin/python3 -m http.server --bind 127.0.0.1 --directory "$SUITE_TMP/www" "$WEB_PORT" >/dev/null 2>&1 &
  for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$WEB_PORT/" && break; sleep 0.05; done
}

# good_dir DIR: a data directory with the team key, the distros list and its key,
# the SMTP sink, writable publish directories and the public URL answering.
good_dir() {
  local d=$1
  embargo init --data "$d" --project Exim >/dev/null
  rm -rf "$d/gnupg"
  cp -a "$K/team" "$d/gnupg"
  mkdir -p "$d/web" "$d/pub"
  sed -i "s|^signing_key = \"\"|signing_key = \"$TEAM_FPR\"|;
          s|^url = \"smtp://127.0.0.1:25\"|url = \"smtp://127.0.0.1:$SMTP_PORT\"|;
          s|^starttls = \"try\"|starttls = \"none\"|;
          s|^# public_url = .*|public_url = \"http://127.0.0.1:$WEB_PORT\"|;
          s|^# web_dir = .*|web_dir = \"web\"|;
          s|^# files_dir = .*|files_dir = \"pub\"|" "$d/embargo.toml"
  cat >>"$d/embargo.toml" <<EOT
[[mail.lists]]
name = "distros"
address = "distros@vs.openwall.org"
keys = ["$DISTROS_FPR"]
EOT
}

# no_write DIR: makes DIR unwritable even for root (chattr +i); false when it cannot.
no_write() {
  if [ "$(id -u)" != 0 ]; then chmod 555 "$1"; else chattr +i "$1" 2>/dev/null; fi
}
may_write() { chattr -i "$1" 2>/dev/null; chmod 755 "$1"; }

SUITE_doctor() {
  make_team_distros_keys
  start_smtp
  start_web

  TEST "a good data directory passes every check"
  good_dir "$SUITE_TMP/good"
  expect_ok embargo doctor --data "$SUITE_TMP/good"
  expect_contains "$OUT" "ok    signing key 0x${TEAM_FPR: -16} can sign"
  expect_contains "$OUT" "ok    list distros: 1 key can encrypt"
  expect_contains "$OUT" "ok    smtp smtp://127.0.0.1:$SMTP_PORT accepts mail from security@example.org"
  expect_contains "$OUT" "ok    [publish] web_dir $SUITE_TMP/good/web is writable"
  expect_contains "$OUT" "ok    public URL http://127.0.0.1:$WEB_PORT answers (200)"
  expect_contains "$OUT" "ok    store (sqlite) integrity ok"
  expect_contains "$OUT" "ok    migrations current"
  expect_contains "$OUT" "ok    timeline verify"
  expect_contains "$OUT" "doctor: every check passed"
  expect_not_contains "$OUT" "FAIL"
  expect_equal "$(ls "$SMTP_DIR" | grep -c '\.eml$')" "0" "messages the SMTP probe sent"

  TEST "a broken data directory has each problem named, with its fix"
  good_dir "$SUITE_TMP/bad"
  gpgk "$SUITE_TMP/bad/gnupg" --yes --delete-keys "$DISTROS_FPR"
  sed -i "s|^url = \"smtp://127.0.0.1:$SMTP_PORT\"|url = \"smtp://127.0.0.1:$(free_port)\"|;
          s|^public_url = .*|public_url = \"http://127.0.0.1:$(free_port)\"|" "$SUITE_TMP/bad/embargo.toml"
  chmod 755 "$SUITE_TMP/bad/secrets"
  writable=yes
  no_write "$SUITE_TMP/bad/pub" && writable=no
  expect_exit 1 embargo doctor --data "$SUITE_TMP/bad"
  may_write "$SUITE_TMP/bad/pub"
  expect_contains "$OUT" "ok    signing key"
  expect_contains "$OUT" "FAIL  list distros: no usable encryption key for $DISTROS_FPR"
  expect_contains "$OUT" "fix: import the list's public key"
  expect_contains "$OUT" "FAIL  smtp: smtp://127.0.0.1:"
  expect_contains "$OUT" "fix: check [smtp] url"
  expect_contains "$OUT" "FAIL  public URL http://127.0.0.1:"
  expect_contains "$OUT" "FAIL  secrets: $SUITE_TMP/bad/secrets has mode 0755, must be 0700"
  expect_contains "$OUT" "fix: chmod 700 $SUITE_TMP/bad/secrets"
  [ "$writable" == no ] && expect_contains "$OUT" "FAIL  [publish] files_dir $SUITE_TMP/bad/pub is not writable"
  expect_contains "$OUT" "ok    [publish] web_dir"
  expect_contains "$OUT" "check(s) failed"

  TEST "a missing signing key and a missing publish directory are named"
  sed -i "s|^signing_key = .*|signing_key = \"$DISTROS_FPR\"|; s|^web_dir = .*|web_dir = \"nowhere\"|" \
    "$SUITE_TMP/bad/embargo.toml"
  expect_exit 1 embargo doctor --data "$SUITE_TMP/bad" --offline
  expect_contains "$OUT" "FAIL  signing key 0x${DISTROS_FPR: -16} cannot sign"
  expect_contains "$OUT" "FAIL  [publish] web_dir $SUITE_TMP/bad/nowhere does not exist"
  expect_contains "$OUT" "skip  smtp and public URL: --offline"

  TEST "a project's own publish directory is checked too, named with its project"
  good_dir "$SUITE_TMP/proj"
  mkdir -p "$SUITE_TMP/proj/projects"
  printf '[mail]\nsigning_key = "%s"\n\n[publish]\nweb_dir = "other-web"\nfiles_dir = "pub"\n' "$TEAM_FPR" \
    >"$SUITE_TMP/proj/projects/other.toml"
  printf '\n[[projects]]\nname = "other"\ndisplay_name = "Other"\ncase_prefix = "OTH"\nconfig = "projects/other.toml"\n' \
    >>"$SUITE_TMP/proj/embargo.toml"
  expect_exit 1 embargo doctor --data "$SUITE_TMP/proj" --offline
  expect_contains "$OUT" "FAIL  project other: [publish] web_dir $SUITE_TMP/proj/other-web does not exist"
  expect_contains "$OUT" "ok    project other: signing key 0x${TEAM_FPR: -16} can sign"
  expect_contains "$OUT" "ok    [publish] web_dir $SUITE_TMP/proj/web is writable"
  mkdir "$SUITE_TMP/proj/other-web"
  expect_ok embargo doctor --data "$SUITE_TMP/proj" --offline

  TEST "a secret file others may read is named"
  good_dir "$SUITE_TMP/modes"
  chmod 644 "$SUITE_TMP/modes/secrets/outbox.key"
  expect_exit 1 embargo doctor --data "$SUITE_TMP/modes" --offline
  expect_contains "$OUT" "FAIL  secrets: $SUITE_TMP/modes/secrets/outbox.key has mode 0644, must be 0600"

  TEST "an SMTP server that refuses our address is named"
  good_dir "$SUITE_TMP/auth"
  port=$(free_port)
  mkdir -p "$SUITE_TMP/authsmtp"
  /usr/bin/python3 "$EMBARGO_SOURCE/tests/mail/smtp_server.py" "$SUITE_TMP/authsmtp" "$port" --user u --password p \
    2>/dev/null &
  auth_pid=$!
  for _ in $(seq 200); do [ -f "$SUITE_TMP/authsmtp/ready" ] && break; sleep 0.05; done
  sed -i "s|^url = \"smtp://127.0.0.1:$SMTP_PORT\"|url = \"smtp://127.0.0.1:$port\"|" "$SUITE_TMP/auth/embargo.toml"
  expect_exit 1 embargo doctor --data "$SUITE_TMP/auth"
  kill "$auth_pid"
  expect_contains "$OUT" "FAIL  smtp: smtp://127.0.0.1:$port refused MAIL FROM:<security@example.org>: 530"
  expect_contains "$OUT" "fix: let the server relay for security@example.org"

  TEST "no data directory: one failing line, exit 1"
  expect_exit 1 embargo doctor --data "$SUITE_TMP/none" --offline
  expect_contains "$OUT" "FAIL  configuration:"

  TEST "setup driven by flags writes a directory that passes doctor"
  embargo init --data "$SUITE_TMP/fresh" --project Exim >/dev/null
  mkdir -p -m 700 "$SUITE_TMP/fresh/gnupg"
  fast_unlock "$SUITE_TMP/fresh/gnupg"   # the key setup makes is protected by EMBARGO_PGP_PASSPHRASE
  gpgk "$K/distros" --export --armor distros@vs.openwall.org >"$SUITE_TMP/distros.asc"
  expect_ok embargo setup --data "$SUITE_TMP/fresh" --batch --team-address security@exim.org \
    --team-name "Exim Security Team" --make-key --list distros --list-key "distros=$SUITE_TMP/distros.asc" \
    --list oss-security --smtp "smtp://127.0.0.1:$SMTP_PORT" --starttls none \
    --public-url "http://127.0.0.1:$WEB_PORT/" --web-dir web --files-dir pub --mta exim
  expect_contains "$OUT" "Made the team's key"
  expect_contains "$OUT" "local_parts = security"
  expect_contains "$OUT" "domains = exim.org"
  expect_contains "$OUT" "intake mail --data $SUITE_TMP/fresh"
  expect_contains "$OUT" "ok    signing key"
  expect_contains "$OUT" "ok    list distros: 1 key can encrypt"
  expect_contains "$OUT" "ok    list oss-security: policy clearsign, no key needed"
  expect_contains "$OUT" "doctor: every check passed"
  toml=$(cat "$SUITE_TMP/fresh/embargo.toml")
  expect_contains "$toml" "# embargo configuration." "embargo.toml (its comments kept)"
  expect_contains "$toml" 'team_address = "security@exim.org"' "embargo.toml"
  expect_contains "$toml" 'public_url = "http://127.0.0.1:'"$WEB_PORT"'"' "embargo.toml"
  expect_contains "$toml" 'portal_url = "http://127.0.0.1:'"$WEB_PORT"'/portal/open?t={token}"' "embargo.toml"
  expect_contains "$toml" "keys = [\"$DISTROS_FPR\"]" "embargo.toml"
  expect_ok embargo doctor --data "$SUITE_TMP/fresh"
  # A list of one's own, signed rather than encrypted: no key asked for; a policy that is none of the three refused.
  expect_ok embargo setup --data "$SUITE_TMP/fresh" --batch --list vendors=security@vendor.example \
    --list-policy vendors=sign --no-doctor
  expect_contains "$(sed -n '/name = "vendors"/,/^$/p' "$SUITE_TMP/fresh/embargo.toml")" 'policy = "sign"' "vendors' policy"
  expect_exit 1 embargo setup --data "$SUITE_TMP/fresh" --batch --list vendors2=x@vendor.example \
    --list-policy vendors2=loud --no-doctor
  expect_contains "$ERR" "--list-policy vendors2=loud: give encrypt, sign or clearsign after vendors2="
  expect_exit 1 embargo setup --data "$SUITE_TMP/fresh" --batch --list distros --no-doctor
  expect_contains "$ERR" "a list of that name is configured already"
  expect_exit 1 embargo setup --data "$SUITE_TMP/fresh" --batch --list linux-distros --no-doctor
  expect_contains "$ERR" "give its public key with --list-key linux-distros=FILE"
  expect_exit 2 embargo setup --data "$SUITE_TMP/nothing" --batch
  expect_contains "$ERR" "run \`embargo init --data $SUITE_TMP/nothing"
  gpgconf --homedir "$SUITE_TMP/fresh/gnupg" --kill gpg-agent 2>/dev/null

  TEST "setup asks on a terminal for what the flags left out"
  if command -v script >/dev/null; then
    embargo init --data "$SUITE_TMP/asked" --project Exim >/dev/null
    mkdir -p -m 700 "$SUITE_TMP/asked/gnupg"
    fast_unlock "$SUITE_TMP/asked/gnupg"
    # address, name, key, a list and its key, no more lists, then the defaults, and no MTA
    printf 'team@exim.org\nExim Team\nmake\ndistros\n%s\n\n\n\n\n\nnone\n' "$SUITE_TMP/distros.asc" |
      script -qec "embargo setup --data $SUITE_TMP/asked --offline" /dev/null >"$SUITE_TMP/asked.out"
    expect_equal "$?" "0" "setup's exit on a terminal"
    expect_contains "$(cat "$SUITE_TMP/asked.out")" "The team's address"
    expect_contains "$(cat "$SUITE_TMP/asked.out")" "doctor: every check passed"
    expect_contains "$(cat "$SUITE_TMP/asked/embargo.toml")" 'team_address = "team@exim.org"' "embargo.toml"
    expect_contains "$(cat "$SUITE_TMP/asked/embargo.toml")" 'name = "distros"' "embargo.toml"
    gpgconf --homedir "$SUITE_TMP/asked/gnupg" --kill gpg-agent 2>/dev/null
  fi

  TEST "setup prints the Postfix line"
  expect_ok embargo setup --data "$SUITE_TMP/fresh" --batch --mta postfix --no-doctor
  expect_contains "$OUT" "mailbox_command = "
  expect_contains "$OUT" "intake mail --data $SUITE_TMP/fresh"

  for h in good bad modes auth; do gpgconf --homedir "$SUITE_TMP/$h/gnupg" --kill gpg-agent 2>/dev/null; done
  stop_smtp
}
