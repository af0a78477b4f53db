# Shared by the release suites (sourced): a maintainer's key and a private
# repository with two signed release tags, exim-4.99 and exim-4.99.1.
# Sets KEY (the maintainer's fingerprint), REPO, G (git as the maintainer,
# for further signed commits), FIX (the commit exim-4.99.1 names) and
# TAG_OBJECT (the tag object itself).

make_repo() {
  export GNUPGHOME="$SUITE_TMP/gnupg"
  mkdir -m 700 -p "$GNUPGHOME"
  gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key "Maint <maint@example.org>" ed25519 sign never 2>/dev/null
  KEY=$(gpg --batch --with-colons --list-secret-keys maint@example.org | awk -F: '/^fpr/ {print $10; exit}')
  gpg --batch --armor --export "$KEY" >"$SUITE_TMP/maintainers.asc"
  REPO=$SUITE_TMP/repo
  G="git -c user.name=Maint -c user.email=maint@example.org -c user.signingkey=$KEY"
  git init -q -b main "$REPO"
  mkdir -p "$REPO/src/src"
  printf 'EXIM_RELEASE_VERSION="4.99"\nEXIM_VARIANT_VERSION=""\nEXIM_COMPILE_NUMBER=0\n' >"$REPO/src/src/version.sh"
  echo 'int main(void) { return 0; }' >"$REPO/src/src/exim.c"
  $G -C "$REPO" add -A && $G -C "$REPO" commit -q -m "Exim 4.99" && $G -C "$REPO" tag -s -m "Exim 4.99" exim-4.99
  sed -i 's/"4.99"/"4.99.1"/' "$REPO/src/src/version.sh"
  $G -C "$REPO" commit -q -am "Version 4.99.1" && $G -C "$REPO" tag -s -m "Exim 4.99.1" exim-4.99.1
  FIX=$(git -C "$REPO" rev-parse 'exim-4.99.1^{commit}')
  TAG_OBJECT=$(git -C "$REPO" rev-parse exim-4.99.1)
}
