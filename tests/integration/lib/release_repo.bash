# Shared by the release suites (sourced): a maintainer's key and a private
# repository with two signed release tags, exim-4.99 and exim-4.99.1.
# Sets KEY (the maintainer's fingerprint), REPO, G (git as the maintainer,
# for further signed commits), FIX (the commit exim-4.99.1 names) and
# TAG_OBJECT (the tag object itself). Laid out like Exim's repository (the
# default [release.layout]): src/ with scripts/reversion, which makes
# src/src/version.h from the version.sh the build writes.

make_repo() {
  export GNUPGHOME="$SUITE_TMP/gnupg"
  mkdir -m 700 -p "$GNUPGHOME"
  gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key "Maint <maint@example.org>" ed25519 sign never 2>/dev/null
  KEY=$(gpg --batch --with-colons --list-secret-keys maint@example.org | awk -F: '/^fpr/ {print $10; exit}')
  gpg --batch --armor --export "$KEY" >"$SUITE_TMP/maintainers.asc"
  REPO=$SUITE_TMP/repo
  G="git -c user.name=Maint -c user.email=maint@example.org -c user.signingkey=$KEY"
  git init -q -b main "$REPO"
  mkdir -p "$REPO/src/src" "$REPO/src/scripts" "$REPO/doc/doc-txt"
  printf '#!/bin/sh\n. ./version.sh\necho "#define EXIM_RELEASE_VERSION \\"$EXIM_RELEASE_VERSION\\"" >version.h\n' \
    >"$REPO/src/scripts/reversion"
  chmod 755 "$REPO/src/scripts/reversion"
  echo 'int main(void) { return 0; }' >"$REPO/src/src/exim.c"
  echo 'Exim 4.99' >"$REPO/doc/doc-txt/ChangeLog"
  $G -C "$REPO" add -A && $G -C "$REPO" commit -q -m "Exim 4.99" && $G -C "$REPO" tag -s -m "Exim 4.99" exim-4.99
  echo 'Exim 4.99.1' >>"$REPO/doc/doc-txt/ChangeLog"
  $G -C "$REPO" commit -q -am "Version 4.99.1" && $G -C "$REPO" tag -s -m "Exim 4.99.1" exim-4.99.1
  FIX=$(git -C "$REPO" rev-parse 'exim-4.99.1^{commit}')
  TAG_OBJECT=$(git -C "$REPO" rev-parse exim-4.99.1)
}
