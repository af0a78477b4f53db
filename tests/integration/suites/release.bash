# embargo release build / verify against real git repositories and real
# GnuPG keys made here: a maintainer's key (no passphrase), an outsider's key
# (not in the maintainers' keyring), and a key with a passphrase.

SUITE_release_PROBE() {
  for tool in git gpg gpgconf tar xz bzip2 gzip sha256sum sha512sum patch; do
    if ! command -v "$tool" >/dev/null; then
      echo "$tool is not installed"
      return 1
    fi
  done
}

# gpg in a home of our own; the agents we start are stopped at the end.
gpg_home() {
  mkdir -m 700 -p "$1"
  echo "$1"
}

stop_agents() {
  for home in "$SUITE_TMP/gnupg" "$SUITE_TMP/outsider"; do
    gpgconf --homedir "$home" --kill all 2>/dev/null
  done
}

fpr_of() {
  GNUPGHOME=$1 gpg --batch --with-colons --list-secret-keys "$2" | awk -F: '/^fpr/ {print $10; exit}'
}

make_keys() {
  export GNUPGHOME=$(gpg_home "$SUITE_TMP/gnupg")
  gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key "Maint One <maint@example.org>" ed25519 sign never 2>/dev/null
  gpg --batch --pinentry-mode loopback --passphrase 'correct horse' --quick-gen-key "Pass Key <pass@example.org>" ed25519 sign never 2>/dev/null
  MAINT=$(fpr_of "$GNUPGHOME" maint@example.org)
  PASSKEY=$(fpr_of "$GNUPGHOME" pass@example.org)
  gpg --batch --armor --export "$MAINT" > "$SUITE_TMP/maintainers.asc"
  OUTSIDER_HOME=$(gpg_home "$SUITE_TMP/outsider")
  GNUPGHOME=$OUTSIDER_HOME gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key "Out Sider <out@example.org>" ed25519 sign never 2>/dev/null
  OUTSIDER=$(fpr_of "$OUTSIDER_HOME" out@example.org)
  GNUPGHOME=$OUTSIDER_HOME gpg --batch --armor --export "$OUTSIDER" > "$SUITE_TMP/outsider.asc"
  # Forget the passphrase the agent cached while generating the key.
  gpgconf --homedir "$GNUPGHOME" --kill gpg-agent
}

# plain_layout DIR: DIR's embargo.toml ships the whole repository, as git
# archive does (this repository is not laid out like Exim's, whose layout is
# the default since issue 22: tests/integration/suites/release_layout.bash).
plain_layout() {
  sed -i '0,/^preset = "exim"/s//preset = "git-archive"/' "$1/embargo.toml"
}

git_q() { git -c user.name=Maint -c user.email=maint@example.org -c user.signingkey="$MAINT" "$@"; }

make_repo() {
  local r=$SUITE_TMP/repo
  git init -q -b main "$r"
  mkdir -p "$r/src/src" "$r/doc" "$r/a/very/long/directory/name/that/goes/on/and/on/for/more/than/one/hundred/characters/in/total"
  printf 'EXIM_RELEASE_VERSION="4.99"\nEXIM_VARIANT_VERSION=""\nEXIM_COMPILE_NUMBER=0\n' > "$r/src/src/version.sh"
  printf 'int main(void) { return 0; }\n' > "$r/src/src/exim.c"
  printf '#!/bin/sh\necho hello\n' > "$r/src/configure" && chmod 755 "$r/src/configure"
  seq 1 2000 > "$r/doc/spec.txt"
  echo deep > "$r/a/very/long/directory/name/that/goes/on/and/on/for/more/than/one/hundred/characters/in/total/file.txt"
  ln -s src/src/exim.c "$r/exim.c"
  git_q -C "$r" add -A && git_q -C "$r" commit -q -m "Exim 4.99"
  git_q -C "$r" tag -s -m "Exim 4.99" exim-4.99
  printf 'int main(void) { return check_bounds(); }\n' > "$r/src/src/exim.c"
  git_q -C "$r" commit -q -am "Fix heap corruption in the SMTP parser"
  sed -i 's/"4.99"/"4.99.1"/' "$r/src/src/version.sh"
  sed -i '1s/.*/4.99.1: heap corruption fixed/' "$r/doc/spec.txt"
  git_q -C "$r" commit -q -am "Version 4.99.1"
  git_q -C "$r" tag -s -m "Exim 4.99.1" exim-4.99.1
  git_q -C "$r" tag -a -m "unsigned" exim-4.99.2
  git_q -C "$r" tag lightweight-4.99.1
  git_q -C "$r" tag -s -m "wrong version" exim-4.99.9
  GNUPGHOME=$OUTSIDER_HOME git_q -c user.signingkey="$OUTSIDER" -C "$r" tag -s -m "by an outsider" exim-4.99.3
  git_q -C "$r" checkout -q -b side exim-4.99~0
  echo side > "$r/side.txt" && git_q -C "$r" add side.txt && git_q -C "$r" commit -q -m side
  # Older supported branches for the backports: the fix applies to old-ok's
  # exim.c (its doc/spec.txt differs and is left out), not to old-bad's.
  git_q -C "$r" checkout -q -b old-ok exim-4.99~0
  sed -i '1s/.*/old branch/' "$r/doc/spec.txt" && git_q -C "$r" commit -q -am "old branch"
  git_q -C "$r" checkout -q -b old-shifted exim-4.99~0
  sed -i '1i /* an older header line */' "$r/src/src/exim.c" && git_q -C "$r" commit -q -am "older exim.c"
  git_q -C "$r" checkout -q -b old-bad exim-4.99~0
  printf 'int main(void) { return old_code(); }\n' > "$r/src/src/exim.c" && git_q -C "$r" commit -q -am "old code"
  git_q -C "$r" checkout -q main
  SIDE=$(git -C "$r" rev-parse side)
  REPO=$r
}

# build [--base B] [--sign-key K] OPTIONS...: the good build with changes.
build() {
  local base=exim-4.99 key=$MAINT
  while [ $# -gt 0 ]; do
    case $1 in
      --base) base=$2; shift 2 ;;
      --sign-key) key=$2; shift 2 ;;
      *) break ;;
    esac
  done
  embargo release build --repo "$REPO" --tag exim-4.99.1 --base "$base" --package exim \
    --keyring "$SUITE_TMP/maintainers.asc" --sign-key "$key" "$@"
}

SUITE_release() {
  make_keys 2>/dev/null
  make_repo
  trap 'stop_agents; rm -rf "$SUITE_TMP"' EXIT
  EMBARGO_DATA=$SUITE_TMP/plain embargo init --project Exim --prefix EMB >/dev/null || fail "init"
  plain_layout "$SUITE_TMP/plain"
  export EMBARGO_DATA=$SUITE_TMP/plain

  TEST "build makes three tarballs, the patches, checksums and a signature for each"
  expect_ok build --out out1
  expect_contains "$OUT" "signed by $MAINT"
  for f in exim-4.99.1.tar.gz exim-4.99.1.tar.bz2 exim-4.99.1.tar.xz exim-4.99.1.patch \
           exim-4.99.1-series.patch 00-sizes.txt 00-sha256sums.txt 00-sha512sums.txt; do
    [ -s "out1/$f" ] || fail "out1/$f missing"
    [ -s "out1/$f.asc" ] || fail "out1/$f.asc missing"
  done
  expect_equal "$(ls out1 | wc -l)" 16 "number of files"

  TEST "gpg --verify accepts every signature"
  for sig in out1/*.asc; do
    gpg --batch --verify "$sig" "${sig%.asc}" 2>/dev/null || fail "gpg --verify $sig"
  done

  TEST "sha256sum -c and sha512sum -c accept the checksum files (converted)"
  (cd out1 && sed -E 's/^SHA256 \((.*)\) = (.*)$/\2  \1/' 00-sha256sums.txt | sha256sum -c --quiet) || fail "sha256sum -c"
  (cd out1 && sed -E 's/^SHA512 \((.*)\) = (.*)$/\2  \1/' 00-sha512sums.txt | sha512sum -c --quiet) || fail "sha512sum -c"
  expect_contains "$(cat out1/00-sizes.txt)" "SIZE (exim-4.99.1.tar.xz) = $(stat -c %s out1/exim-4.99.1.tar.xz)"

  TEST "tar lists the tree under exim-4.99.1/, sorted, owner 0/0, normalised modes"
  for f in out1/exim-4.99.1.tar.gz out1/exim-4.99.1.tar.bz2 out1/exim-4.99.1.tar.xz; do
    tar -tf "$f" >/dev/null || fail "tar -t $f"
  done
  listing=$(tar --numeric-owner -tvJf out1/exim-4.99.1.tar.xz)
  expect_contains "$listing" "-rwxr-xr-x 0/0"
  expect_contains "$listing" "exim-4.99.1/src/configure"
  expect_contains "$listing" "lrwxrwxrwx 0/0"
  expect_contains "$listing" "/in/total/file.txt"
  expect_not_contains "$listing" "rw-rw"
  names=$(tar -tJf out1/exim-4.99.1.tar.xz)
  expect_equal "$(echo "$names" | head -1)" "exim-4.99.1/" "first entry"
  mkdir x && tar -xJf out1/exim-4.99.1.tar.xz -C x
  git -C "$REPO" archive --prefix=exim-4.99.1/ exim-4.99.1 | tar -x -C "$SUITE_TMP" --one-top-level=ref
  diff -r x/exim-4.99.1 ref/exim-4.99.1 >/dev/null || fail "unpacked tree differs from git archive"
  cmp <(gzip -dc out1/exim-4.99.1.tar.gz) <(xz -dc out1/exim-4.99.1.tar.xz) || fail "gz and xz hold different tars"
  cmp <(bzip2 -dc out1/exim-4.99.1.tar.bz2) <(xz -dc out1/exim-4.99.1.tar.xz) || fail "bz2 and xz hold different tars"
  expect_equal "$(od -An -tu1 -j4 -N4 out1/exim-4.99.1.tar.gz | tr -s ' ')" " 0 0 0 0" "gzip header mtime"

  TEST "two builds give identical bytes"
  expect_ok build --out out2
  for f in exim-4.99.1.tar.gz exim-4.99.1.tar.bz2 exim-4.99.1.tar.xz exim-4.99.1.patch exim-4.99.1-series.patch \
           00-sizes.txt 00-sha256sums.txt 00-sha512sums.txt; do
    cmp -s "out1/$f" "out2/$f" || fail "$f differs between builds"
  done
  expect_ok build --out out3 --threads 1 --formats xz --format json
  expect_contains "$OUT" '"version": "4.99.1"'
  expect_contains "$OUT" '"name": "exim-4.99.1.tar.xz.asc"'
  cmp -s out1/exim-4.99.1.tar.xz out3/exim-4.99.1.tar.xz || fail "xz differs with one thread"

  TEST "a bare clone gives the same bytes"
  git clone -q --bare "$REPO" bare.git
  expect_ok embargo release build --repo bare.git --tag exim-4.99.1 --base exim-4.99 --package exim --out out4 \
    --keyring "$SUITE_TMP/maintainers.asc" --sign-key "$MAINT" --formats gz
  cmp -s out1/exim-4.99.1.tar.gz out4/exim-4.99.1.tar.gz || fail "tar.gz differs when built from a bare clone"
  cmp -s out1/exim-4.99.1-series.patch out4/exim-4.99.1-series.patch || fail "series differs from a bare clone"

  TEST "the standalone patch applies to the base tree; the series applies with git am"
  mkdir base && git -C "$REPO" archive --prefix=exim-4.99/ exim-4.99 | tar -x -C base
  (cd base/exim-4.99 && patch -s -p1 < ../../out1/exim-4.99.1.patch) || fail "patch -p1"
  diff -r base/exim-4.99 x/exim-4.99.1 >/dev/null || fail "patched base differs from the release"
  expect_contains "$(head -1 out1/exim-4.99.1.patch)" "Standalone patch for exim 4.99 -> 4.99.1"
  git clone -q "$REPO" am && git -C am checkout -q exim-4.99
  git_q -C am am -q < out1/exim-4.99.1-series.patch || fail "git am"
  expect_equal "$(git -C am rev-parse HEAD^{tree})" "$(git -C "$REPO" rev-parse exim-4.99.1^{tree})" "tree after git am"
  expect_contains "$(cat out1/exim-4.99.1-series.patch)" "Subject: [PATCH 1/2] Fix heap corruption"
  expect_contains "$(cat out1/exim-4.99.1-series.patch)" "Standalone patch series for exim 4.99 -> 4.99.1, patch 2 of 2."

  TEST "release verify accepts the output and finds tampering"
  expect_ok embargo release verify out1
  expect_contains "$OUT" "ok: 8 files"
  cp -r out1 bad && printf 'x' >> bad/exim-4.99.1.patch
  expect_exit 1 embargo release verify bad
  expect_contains "$ERR" "exim-4.99.1.patch: size"
  expect_contains "$ERR" "BAD signature"
  cp -r out1 bad2 && echo extra > bad2/extra.txt
  expect_exit 1 embargo release verify bad2
  expect_contains "$ERR" "extra.txt: not listed"
  expect_ok embargo release verify out1 --keyring "$SUITE_TMP/maintainers.asc"
  expect_exit 1 embargo release verify out1 --keyring "$SUITE_TMP/outsider.asc"
  expect_contains "$ERR" "made by unknown key"
  GNUPGHOME=$OUTSIDER_HOME expect_exit 1 embargo release verify out1
  expect_contains "$ERR" "unknown key"

  TEST "refusals: unsigned, lightweight, unknown key, missing tag, wrong version"
  expect_exit 1 embargo release build --repo "$REPO" --tag exim-4.99.2 --base exim-4.99 --package exim --out r1 \
    --keyring "$SUITE_TMP/maintainers.asc"
  expect_contains "$ERR" "tag exim-4.99.2 is not signed"
  expect_exit 1 embargo release build --repo "$REPO" --tag lightweight-4.99.1 --base exim-4.99 --package exim \
    --out r1 --keyring "$SUITE_TMP/maintainers.asc"
  expect_contains "$ERR" "lightweight"
  expect_exit 1 embargo release build --repo "$REPO" --tag exim-4.99.3 --base exim-4.99 --package exim --out r1 \
    --keyring "$SUITE_TMP/maintainers.asc"
  expect_contains "$ERR" "made by unknown key"
  expect_contains "$ERR" "${OUTSIDER: -16}"
  expect_exit 1 embargo release build --repo "$REPO" --tag exim-5.0 --base exim-4.99 --package exim --out r1
  expect_contains "$ERR" "--tag exim-5.0: no such tag"
  expect_exit 1 embargo release build --repo "$REPO" --tag exim-4.99.9 --base exim-4.99 --package exim --out r1 \
    --keyring "$SUITE_TMP/maintainers.asc"
  expect_contains "$ERR" "version mismatch: src/src/version.sh says 4.99.1 but the tag is version 4.99.9"
  [ ! -e r1 ] || fail "r1 was created"
  [ -z "$(ls -A . | grep partial)" ] || fail "a partial directory was left behind"

  TEST "refusals: base not an ancestor, output not empty, dirty and shallow repositories"
  expect_exit 1 build --base "$SIDE" --out r2
  expect_contains "$ERR" "is not an ancestor of tag exim-4.99.1"
  mkdir full && touch full/x
  expect_exit 1 build --out full
  expect_contains "$ERR" "directory is not empty"
  echo dirty >> "$REPO/doc/spec.txt"
  expect_exit 1 build --out r2
  expect_contains "$ERR" "working tree is dirty"
  git -C "$REPO" checkout -q -- doc/spec.txt
  git clone -q --depth 1 "file://$REPO" shallow
  expect_exit 1 embargo release build --repo shallow --tag exim-4.99.1 --base exim-4.99 --package exim --out r2
  expect_contains "$ERR" "shallow"
  expect_exit 1 embargo release build --repo /nonexistent --tag exim-4.99.1 --base exim-4.99 --package exim --out r2
  expect_contains "$ERR" "not a git repository"
  expect_contains "$ERR" "/nonexistent"
  expect_not_contains "$ERR" "not been initialized"
  [ ! -e r2 ] || fail "r2 was created"

  TEST "signing: missing key, passphrase needed, wrong passphrase, right passphrase"
  expect_exit 1 build --sign-key nobody@example.org --out r3
  expect_contains "$ERR" "signing key nobody@example.org not found"
  expect_exit 1 build --sign-key "$PASSKEY" --out r3
  expect_contains "$ERR" "needs a passphrase"
  echo wrong > wrong.txt
  expect_exit 1 build --sign-key "$PASSKEY" --out r3 --passphrase-file wrong.txt
  expect_contains "$ERR" "passphrase"
  [ ! -e r3 ] || fail "r3 was created"
  echo 'correct horse' > pass.txt
  expect_ok build --sign-key "$PASSKEY" --out r3 --passphrase-file pass.txt
  expect_not_contains "$OUT$ERR" "correct horse"
  expect_contains "$OUT" "signed by $PASSKEY"

  TEST "bad options: unknown format, --case without a data directory"
  expect_exit 1 build --out r4 --formats gz,zip
  expect_contains "$ERR" "format 'zip' is not one of gz, bz2, xz"
  EMBARGO_DATA= expect_exit 1 build --out r4 --case EMB-2026-0001
  expect_contains "$ERR" "--case needs the data directory"

  TEST "--case records the files and a timeline entry, and fix-shared is allowed"
  export EMBARGO_DATA=$SUITE_TMP/data EMBARGO_ACTOR=alice
  expect_ok embargo init --project Exim --prefix EMB
  plain_layout "$EMBARGO_DATA"
  expect_ok embargo case new --title "Heap corruption" --reporter "Rep <rep@example.org>"
  id=$(embargo case list --format json | sed -n 's/.*"id": "\(EMB-[0-9-]*\)".*/\1/p' | head -1)
  expect_ok embargo vuln add "$id" --title "Heap overflow in SMTP parser"
  expect_ok embargo case move "$id" confirmed --why "reproduced"
  expect_ok embargo case move "$id" fixing --why "fix in progress"
  expect_ok embargo case move "$id" notified --why "distros told"
  expect_exit 1 embargo case move "$id" fix-shared --why "too early"
  expect_ok build --out r5 --case "$id"
  expect_contains "$OUT" "recorded 16 files on $id"
  expect_ok embargo timeline "$id"
  expect_contains "$OUT" "release exim 4.99.1 built from signed tag exim-4.99.1"
  expect_ok embargo case move "$id" fix-shared --why "release shared with distros"
  expect_exit 1 build --out r6 --case "$id"
  expect_contains "$ERR" "already has an artifact"
  expect_contains "$ERR" "a release is recorded once"
  [ ! -e r6 ] || fail "r6 was built although the case refuses it"

  TEST "--resume finishes a release that was built but not recorded, once"
  expect_ok build --out r5 --case "$id" --resume
  expect_contains "$OUT" "resumed exim 4.99.1"
  expect_contains "$OUT" "already recorded on $id"
  expect_ok embargo case new --title "Second" --reporter "Rep <rep@example.org>"
  id2=$(embargo case list --format json | sed -n 's/.*"id": "\(EMB-[0-9-]*\)".*/\1/p' | grep -v "^$id$" | head -1)
  expect_ok build --out r8
  expect_exit 1 build --out r8 --case "$id2"
  expect_contains "$ERR" "directory is not empty"
  expect_ok build --out r8 --case "$id2" --resume --format json
  expect_contains "$OUT" '"resumed": true'
  expect_contains "$OUT" '"recorded": true'
  expect_ok embargo timeline "$id2"
  expect_contains "$OUT" "release exim 4.99.1 built from signed tag exim-4.99.1"
  echo extra >> r8/exim-4.99.1.patch
  expect_exit 1 build --out r8 --resume
  expect_contains "$ERR" "--resume: "
  expect_contains "$ERR" "it is not this release"

  TEST "case release-kind: proposed from the impact, recorded, then release build's tag, base and backports"
  export EMBARGO_DATA=$SUITE_TMP/kind
  expect_ok embargo init --project Exim --prefix EMB
  plain_layout "$EMBARGO_DATA"
  sed -i 's/^supported_branches = \[\]/supported_branches = ["old-ok", "old-bad", "old-shifted", "exim-4.99.1"]/' "$EMBARGO_DATA/embargo.toml"
  expect_ok embargo case new --title "RCE in the SMTP parser" --reporter "Rep <rep@example.org>" --impact rce
  kid=$(embargo case list --format json | sed -n 's/.*"id": "\(EMB-[0-9-]*\)".*/\1/p' | head -1)
  expect_ok embargo case release-kind "$kid"
  expect_contains "$OUT" "no release kind recorded; proposed: patch-level (impact is remote code execution"
  expect_exit 1 embargo case release-kind "$kid" patch-level --base "exim 4.99" --target 4.99.1 --why "RCE"
  expect_contains "$ERR" "--base: 'exim 4.99' is not a git ref name"
  expect_exit 1 embargo case release-kind "$kid" minor --base exim-4.99 --target 4.99.1 --why "RCE"
  expect_contains "$ERR" "'minor' is not a release kind (patch-level or bundled)"
  kind_build() {
    embargo release build --repo "$REPO" --package exim --keyring "$SUITE_TMP/maintainers.asc" --sign-key "$MAINT" "$@"
  }
  expect_exit 1 kind_build --out k0 --case "$kid"
  expect_contains "$ERR" "--tag: missing, and $kid has no release kind recorded"
  [ ! -e k0 ] || fail "k0 was created without a tag"
  expect_ok embargo case release-kind "$kid" patch-level --base exim-4.99 --target 4.99.1 --why "RCE: only the fix"
  expect_ok embargo case release-kind "$kid"
  expect_contains "$OUT" "patch-level release 4.99.1 from exim-4.99, decided by alice"
  loose=$(git -C "$REPO" count-objects)
  expect_ok kind_build --out k1 --case "$kid"
  expect_contains "$ERR" "--tag exim-4.99.1 --base exim-4.99 from $kid's release kind (patch-level 4.99.1)"
  expect_contains "$OUT" "backport to old-ok: exim-4.99.1-for-old-ok.patch (left out, does not apply: doc/spec.txt)"
  expect_contains "$OUT" "backport to old-bad: not made: the fix does not apply: the change to src/src/exim.c does not"
  expect_contains "$OUT" "backport to old-shifted: exim-4.99.1-for-old-shifted.patch"
  expect_contains "$OUT" "backport to exim-4.99.1: not needed: the branch has the fix already"
  [ -s k1/exim-4.99.1-for-old-ok.patch.asc ] || fail "the backport patch has no signature"
  [ ! -e k1/exim-4.99.1-for-old-bad.patch ] || fail "a backport that does not apply was written"
  grep -q "NOT included: the change to doc/spec.txt" k1/exim-4.99.1-for-old-ok.patch || fail "left-out file not named"
  git -C "$REPO" worktree add -q "$SUITE_TMP/old-ok" old-ok
  patch -d "$SUITE_TMP/old-ok" -p1 < k1/exim-4.99.1-for-old-ok.patch >/dev/null || fail "the backport does not apply with patch"
  grep -q check_bounds "$SUITE_TMP/old-ok/src/src/exim.c" || fail "the backport did not carry the fix"
  git -C "$REPO" worktree add -q "$SUITE_TMP/old-shifted" old-shifted
  patch -d "$SUITE_TMP/old-shifted" -p1 < k1/exim-4.99.1-for-old-shifted.patch >/dev/null || fail "shifted: patch"
  [ "$(cat "$SUITE_TMP/old-shifted/src/src/exim.c")" = "$(printf '/* an older header line */\nint main(void) { return check_bounds(); }')" ] ||
    fail "the backport onto a shifted file is not the fix one line down"
  [ "$(git -C "$REPO" count-objects)" = "$loose" ] || fail "the backports wrote objects into the repository"
  expect_ok embargo release verify k1
  expect_ok kind_build --out k1 --case "$kid" --resume
  expect_contains "$OUT" "already recorded on $kid"
  expect_ok embargo notice preview "$kid" heads-up
  expect_contains "$OUT" "This will be a patch-level release, Exim 4.99.1, with only the fix"

  TEST "a staging directory left by a killed build is cleaned up by the next build"
  mkdir .r9.partial-Xy12Zw && echo half > .r9.partial-Xy12Zw/exim-4.99.1.tar.gz
  expect_ok build --out r9
  [ ! -e .r9.partial-Xy12Zw ] || fail "the dead build's staging directory is still there"
  expect_ok embargo release verify r9
  expect_exit 1 build --out r7 --case EMB-2026-9999
  [ ! -e r7 ] || fail "r7 was created for an unknown case"
  unset EMBARGO_DATA
  stop_agents
}
