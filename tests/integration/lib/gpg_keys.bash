# Shared by the suites that make their own GnuPG keys (sourced). Each key
# lives in its own home directory, as each party's would.

# gpgk HOME ARGS...: gpg on HOME, batch, quiet.
gpgk() { local home=$1; shift; gpg --homedir "$home" --batch --quiet --no-tty "$@"; }

# fpr_of HOME ADDR: the fingerprint of ADDR's key in HOME.
fpr_of() { gpgk "$1" --list-keys --with-colons "$2" | awk -F: '/^fpr/ {print $10; exit}'; }

# fast_unlock HOME: the agent of HOME protects secret keys with GnuPG's
# least S2K count. By default it calibrates the count to ~100 ms of CPU (far
# more on a loaded machine) and pays it again at every use of a key with a
# passphrase: the crash suites sign hundreds of notices, so that was minutes
# of CI's time. What is tested is the same; only the test key's protection
# is cheaper.
fast_unlock() { printf 's2k-count 65536\n' >>"$1/gpg-agent.conf"; }

# make_key HOME "Name <addr>" [PASSPHRASE]: an ed25519 signing key with a
# cv25519 encryption subkey in a new HOME.
make_key() {
  mkdir -p -m 700 "$1"
  fast_unlock "$1"
  gpgk "$1" --pinentry-mode loopback --passphrase "${3:-}" --quick-gen-key "$2" ed25519 sign never
  gpgk "$1" --pinentry-mode loopback --passphrase "${3:-}" --quick-add-key "$(fpr_of "$1" "$2")" cv25519 encr never
}

# share_key FROM_HOME ADDR TO_HOME: ADDR's public key imported into TO_HOME.
share_key() { gpgk "$1" --export --armor "$2" | gpgk "$3" --import 2>/dev/null; }

# make_team_distros_keys: the team's key (passphrase team-pass, exported as
# EMBARGO_PGP_PASSPHRASE) and the distros list's key, each in its own home
# under K=$SUITE_TMP/keys, each holding the other's public key; TEAM_FPR,
# DISTROS_FPR.
make_team_distros_keys() {
  K="$SUITE_TMP/keys"
  mkdir -p "$K"
  make_key "$K/team" "Exim Security <security@example.org>" team-pass
  make_key "$K/distros" "distros list <distros@vs.openwall.org>" ""
  share_key "$K/team" security@example.org "$K/distros"
  share_key "$K/distros" distros@vs.openwall.org "$K/team"
  TEAM_FPR=$(fpr_of "$K/team" security@example.org)
  DISTROS_FPR=$(fpr_of "$K/distros" distros@vs.openwall.org)
  export EMBARGO_PGP_PASSPHRASE=team-pass
}
