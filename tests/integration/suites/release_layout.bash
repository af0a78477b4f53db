# The release layout ([release.layout], issue 22) on a repository laid out
# like Exim's real one: src/ with scripts/reversion and no version.sh,
# doc/doc-txt/ with files Exim leaves out, and test/, release-process/ and
# .github/ that must not ship; tags signed with a maintainer's key made here.
# `release layout` lists the members, `release build` makes them with the
# version file stamped in a scratch copy; bad input leaves nothing in --out.

SUITE_release_layout_PROBE() {
  for tool in git gpg gpgconf tar xz gzip patch cc make; do
    if ! command -v "$tool" >/dev/null; then
      echo "$tool is not installed"
      return 1
    fi
  done
  if ! unshare -rn true 2>/dev/null; then
    echo "user namespaces are not available (the stamping command runs without network)"
    return 1
  fi
}

make_key() {
  export GNUPGHOME="$SUITE_TMP/gnupg"
  mkdir -m 700 -p "$GNUPGHOME"
  gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key "Maint <maint@example.org>" ed25519 sign never 2>/dev/null
  KEY=$(gpg --batch --with-colons --list-secret-keys maint@example.org | awk -F: '/^fpr/ {print $10; exit}')
  gpg --batch --armor --export "$KEY" >"$SUITE_TMP/maintainers.asc"
}

G() { git -c user.name=Maint -c user.email=maint@example.org -c user.signingkey="$KEY" -C "$REPO" "$@"; }

# Exim's reversion, shortened: version.sh -> version.h, cnumber.h.
write_reversion() {
  cat >"$1" <<'EOF'
#!/bin/sh
set -e
if [ -n "$EXIM_RELEASE_VERSION" ]; then :; elif [ -f ./version.sh ]; then . ./version.sh; else
  echo "Cannot determine the release number" >&2; exit 1; fi
EXIM_COMPILE_NUMBER=$(expr "${EXIM_COMPILE_NUMBER:-0}" + 1)
echo "$EXIM_COMPILE_NUMBER" >cnumber.h
( echo '# automatically generated file - see ../scripts/reversion'
  echo EXIM_RELEASE_VERSION='"'"$EXIM_RELEASE_VERSION"'"'
  test -n "$EXIM_VARIANT_VERSION" && echo EXIM_VARIANT_VERSION='"'"$EXIM_VARIANT_VERSION"'"'
  echo EXIM_COMPILE_NUMBER='"'"$EXIM_COMPILE_NUMBER"'"' ) >version.sh
if [ ! -f version.h ]; then
( echo '/* automatically generated file - see ../scripts/reversion */'
  echo '#define EXIM_RELEASE_VERSION "'"$EXIM_RELEASE_VERSION"'"'
  test -n "$EXIM_VARIANT_VERSION" && echo '#define EXIM_VARIANT_VERSION "'"$EXIM_VARIANT_VERSION"'"'
  echo '#ifdef EXIM_VARIANT_VERSION'
  echo '#define EXIM_VERSION_STR EXIM_RELEASE_VERSION "-" EXIM_VARIANT_VERSION'
  echo '#else'
  echo '#define EXIM_VERSION_STR EXIM_RELEASE_VERSION'
  echo '#endif' ) >version.h
fi
EOF
  chmod 755 "$1"
}

make_repo() {
  REPO=$SUITE_TMP/exim
  git init -q -b master "$REPO"
  mkdir -p "$REPO/src/src" "$REPO/src/scripts" "$REPO/src/OS" "$REPO/doc/doc-txt/cve-2019-15846" \
    "$REPO/doc/doc-docbook" "$REPO/test/confs" "$REPO/release-process/scripts" "$REPO/.github/workflows"
  write_reversion "$REPO/src/scripts/reversion"
  printf '#include <stdio.h>\n#include "version.h"\nint main(void) { printf("Exim version %%s #1\\n", EXIM_VERSION_STR); return 0; }\n' \
    >"$REPO/src/src/exim.c"
  printf 'version.h\nversion.sh\ncnumber.h\n' >"$REPO/src/src/.gitignore"
  printf 'exim: src/exim.c\n\t$(CC) -o exim src/exim.c\n' >"$REPO/src/Makefile"
  printf '# BIN_DIRECTORY=/usr/exim/bin\n' >"$REPO/src/src/EDITME"
  echo "Linux" >"$REPO/src/OS/Makefile-Linux"
  ln -s src/exim.c "$REPO/src/exim.c"
  for f in ChangeLog NewStuff README ABOUT ChangeLog.0 test-harness.txt rfc6698-dane.txt draft-ietf-dane-ops-06 \
           .hidden cve-2019-15846/posting-0.txt; do
    echo "$f" >"$REPO/doc/doc-txt/$f"
  done
  echo spec >"$REPO/doc/doc-docbook/spec.xfpt"
  printf '#!/bin/sh\necho fixed >os-fixups.done\n' >"$REPO/doc/doc-docbook/OS-Fixups"
  chmod 755 "$REPO/doc/doc-docbook/OS-Fixups"
  printf 'spec.txt filter.txt exim.8:\n\tfakexfpt $@ "$(EXIM_VER)"\n' >"$REPO/doc/doc-docbook/Makefile"
  echo runtest >"$REPO/test/runtest" && echo conf >"$REPO/test/confs/0001"
  echo perl >"$REPO/release-process/scripts/mk_exim_release" && touch "$REPO/.exim-project-root"
  echo ci >"$REPO/.github/workflows/ci.yml"
  G add -A && G commit -q -m "Exim 4.99" && G tag -s -m "Exim 4.99" exim-4.99
  echo '/* the bounds are checked */' >>"$REPO/src/src/exim.c"
  echo "fix" >>"$REPO/doc/doc-txt/ChangeLog"
  echo "test for the fix" >"$REPO/test/confs/0002"
  G add -A && G commit -q -m "Fix heap corruption in the SMTP parser"
  G tag -s -m "Exim 4.99.1" exim-4.99.1
  G tag -s -m "Exim 5.0 RC1" exim-5.0-RC1
  G checkout -q -b nodoc
  G rm -q -r doc/doc-txt && G commit -q -m "no text docs"
  G tag -s -m "Exim 4.99.2" exim-4.99.2
  G checkout -q master
}

# config DIR TOML: a data directory whose [release.layout] has TOML lines added
# (and no documentation step unless they set a docs_ key).
config() {
  EMBARGO_DATA=$1 embargo init --project Exim --prefix EMB >/dev/null || fail "init $1"
  local add=$2
  case $add in *docs_*) ;; *) add="$add
docs_command = ''" ;; esac
  ADD=$add awk '{print} /^\[release\.layout\]$/ {print ENVIRON["ADD"]}' "$1/embargo.toml" >"$1/t" &&
    mv "$1/t" "$1/embargo.toml"
}

build() {
  embargo release build --repo "$REPO" --package exim --keyring "$SUITE_TMP/maintainers.asc" --sign-key "$KEY" "$@"
}

no_leftovers() {
  [ ! -e "$1" ] || fail "$1 was created"
  [ -z "$(ls -A "$(dirname "$1")" | grep partial)" ] || fail "a partial directory was left behind"
}

expected_members() {
  local p=$1
  cat <<EOF
$p/
$p/Local/
$p/Makefile
$p/OS/
$p/OS/Makefile-Linux
$p/doc/
$p/doc/ChangeLog
$p/doc/NewStuff
$p/doc/README
$p/doc/cve-2019-15846/
$p/doc/cve-2019-15846/posting-0.txt
$p/exim.c
$p/scripts/
$p/scripts/reversion
$p/src/
$p/src/.gitignore
$p/src/EDITME
$p/src/cnumber.h
$p/src/exim.c
$p/src/version.h
$p/src/version.sh
EOF
}

SUITE_release_layout() {
  make_key
  make_repo
  trap 'gpgconf --homedir "$GNUPGHOME" --kill all 2>/dev/null; rm -rf "$SUITE_TMP"' EXIT
  unset EMBARGO_DATA

  TEST "release layout lists Exim's members: src as the top, doc-txt minus exclusions, Local, the stamped files"
  expect_ok embargo release layout --repo "$REPO" --tag exim-4.99.1
  expect_equal "$(echo "$OUT" | grep -v '^#')" "$(expected_members exim-4.99.1)" "member list"
  expect_contains "$OUT" "# 21 members of exim-4.99.1.tar.* from tag exim-4.99.1"
  expect_ok embargo release layout --repo "$REPO" --tag exim-4.99.1 --long
  expect_contains "$OUT" "-rwxr-xr-x 0/0 "
  expect_contains "$OUT" "exim-4.99.1/scripts/reversion"
  expect_ok embargo release layout --repo "$REPO" --tag exim-4.99.1 --format json
  expect_contains "$OUT" '"path": "exim-4.99.1/src/version.h"'

  TEST "release build ships exactly those members, version.h stamped, owners 0/0, nothing of test/ or release-process/"
  expect_ok build --tag exim-4.99.1 --base exim-4.99 --out out1 --no-docs
  expect_contains "$OUT" "stamping command ran in"
  expect_contains "$OUT" "documentation skipped: --no-docs"
  expect_equal "$(tar -tJf out1/exim-4.99.1.tar.xz)" "$(expected_members exim-4.99.1)" "tarball members"
  listing=$(tar --numeric-owner -tvzf out1/exim-4.99.1.tar.gz)
  expect_not_contains "$listing" " root/"
  expect_contains "$listing" "drwxr-xr-x 0/0"
  expect_contains "$listing" "exim-4.99.1/exim.c -> src/exim.c"
  mkdir x && tar -xJf out1/exim-4.99.1.tar.xz -C x
  expect_equal "$(grep '^#define EXIM_RELEASE_VERSION' x/exim-4.99.1/src/version.h)" '#define EXIM_RELEASE_VERSION "4.99.1"'
  expect_equal "$(cat x/exim-4.99.1/src/version.sh)" '# automatically generated file - see ../scripts/reversion
EXIM_RELEASE_VERSION="4.99.1"
EXIM_COMPILE_NUMBER="1"' "version.sh"
  expect_not_contains "$(cat x/exim-4.99.1/src/version.h)" "EXIM_BUILD_DATE_OVERRIDE"
  [ -d x/exim-4.99.1/Local ] && [ -z "$(ls -A x/exim-4.99.1/Local)" ] || fail "Local/ is not an empty directory"
  cmp -s x/exim-4.99.1/doc/ChangeLog <(git -C "$REPO" show exim-4.99.1:doc/doc-txt/ChangeLog) || fail "doc/ChangeLog"
  mtime=$(git -C "$REPO" log -1 --format=%ct exim-4.99.1)
  expect_equal "$(stat -c %Y x/exim-4.99.1/src/version.h)" "$mtime" "mtime of a stamped file"
  expect_ok embargo release verify out1 --keyring "$SUITE_TMP/maintainers.asc"

  TEST "an RC tag stamps its variant"
  expect_ok build --tag exim-5.0-RC1 --base exim-4.99 --out rc --formats gz --no-docs
  tar -xzf rc/exim-5.0-RC1.tar.gz -C x
  expect_contains "$(cat x/exim-5.0-RC1/src/version.h)" '#define EXIM_VARIANT_VERSION "RC1"'

  TEST "two builds give identical bytes; the scratch tree is gone"
  expect_ok build --tag exim-4.99.1 --base exim-4.99 --out out2 --threads 1 --no-docs
  for f in exim-4.99.1.tar.gz exim-4.99.1.tar.bz2 exim-4.99.1.tar.xz exim-4.99.1.patch 00-sha512sums.txt; do
    cmp -s "out1/$f" "out2/$f" || fail "$f differs between builds"
  done
  expect_equal "$(ls -A out1 | grep -c tree)" 0 "scratch entries in the output"

  TEST "the standalone patch has the tarball's paths and turns the 4.99 tarball's sources into 4.99.1's"
  expect_contains "$(cat out1/exim-4.99.1.patch)" "diff --git a/src/exim.c b/src/exim.c"
  expect_contains "$(cat out1/exim-4.99.1.patch)" "diff --git a/doc/ChangeLog b/doc/ChangeLog"
  expect_not_contains "$(cat out1/exim-4.99.1.patch)" "test/confs"
  expect_ok build --tag exim-4.99 --base exim-4.99 --out base --formats gz --no-docs
  mkdir b && tar -xzf base/exim-4.99.tar.gz -C b
  (cd b/exim-4.99 && patch -s -p1 <../../out1/exim-4.99.1.patch) || fail "patch -p1 in the unpacked 4.99 tarball"
  diff -r -x version.h -x version.sh b/exim-4.99 x/exim-4.99.1 >/dev/null || fail "patched 4.99 differs from 4.99.1"

  TEST "the stamping command runs without network, with SOURCE_DATE_EPOCH set to the tag's commit time"
  config "$SUITE_TMP/net2" "stamp_command = 'echo EXIM_RELEASE_VERSION=\$EMBARGO_RELEASE > version.sh; ../scripts/reversion; tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d \" \" > net.txt; echo \$SOURCE_DATE_EPOCH > sde.txt'"
  sed -i 's/^version_file = .*/version_file = ""/' "$SUITE_TMP/net2/embargo.toml"
  EMBARGO_DATA=$SUITE_TMP/net2 expect_ok build --tag exim-4.99.1 --base exim-4.99 --out net --formats gz
  tar -xzf net/exim-4.99.1.tar.gz -C "$SUITE_TMP" --one-top-level=n2
  expect_equal "$(cat n2/exim-4.99.1/src/net.txt)" "lo" "network interfaces seen by the stamping command"
  expect_equal "$(cat n2/exim-4.99.1/src/sde.txt)" "$mtime" "SOURCE_DATE_EPOCH"

  TEST "refusals leave nothing in --out: version mismatch, failing or slow stamping command, missing layout path"
  config "$SUITE_TMP/wrong" "stamp_command = 'echo \"#define EXIM_RELEASE_VERSION \\\"4.98\\\"\" > version.h'"
  sed -i 's/^version_file = .*/version_file = ""/' "$SUITE_TMP/wrong/embargo.toml"
  EMBARGO_DATA=$SUITE_TMP/wrong expect_exit 1 build --tag exim-4.99.1 --base exim-4.99 --out r1
  expect_contains "$ERR" "version mismatch: src/version.h says 4.98 but the tag is version 4.99.1"
  no_leftovers r1
  config "$SUITE_TMP/fails" 'stamp_command = "echo reversion broke >&2; exit 4"'
  EMBARGO_DATA=$SUITE_TMP/fails expect_exit 1 build --tag exim-4.99.1 --base exim-4.99 --out r2
  expect_contains "$ERR" "the stamping command failed in src/src (exit status 4)"
  expect_contains "$ERR" "reversion broke"
  no_leftovers r2
  config "$SUITE_TMP/slow" 'stamp_command = "echo waiting; sleep 60"
stamp_timeout_seconds = 1'
  start=$(date +%s)
  EMBARGO_DATA=$SUITE_TMP/slow expect_exit 1 build --tag exim-4.99.1 --base exim-4.99 --out r3
  expect_contains "$ERR" "killed after the time limit of 1 s"
  expect_contains "$ERR" "waiting"
  [ $(($(date +%s) - start)) -lt 30 ] || fail "the slow stamping command was not stopped"
  no_leftovers r3
  expect_exit 1 build --tag exim-4.99.2 --base exim-4.99 --out r4
  expect_contains "$ERR" "layout: doc/doc-txt is not a directory at tag exim-4.99.2"
  no_leftovers r4
  expect_exit 1 embargo release layout --repo "$REPO" --tag exim-4.99.2
  expect_contains "$ERR" "layout: doc/doc-txt is not a directory at tag exim-4.99.2"

  TEST "documentation: tools missing -> skipped with a line naming them; no doc/spec.txt"
  config "$SUITE_TMP/nodoctools" 'docs_tools = ["fakexfpt", "make"]'
  mkdir -p "$SUITE_TMP/bin"
  printf '#!/bin/sh\nprintf "%%s for Exim %%s made %%s\\n" "$1" "$2" "$(date "+%%d %%b %%Y")" >"$1"\n' \
    >"$SUITE_TMP/bin/fakexfpt"
  chmod 755 "$SUITE_TMP/bin/fakexfpt"
  EMBARGO_DATA=$SUITE_TMP/nodoctools expect_ok build --tag exim-4.99.1 --base exim-4.99 --out nd --formats gz
  expect_contains "$OUT" "documentation skipped: fakexfpt not found (release.layout.docs_tools)"
  expect_equal "$(tar -tzf nd/exim-4.99.1.tar.gz)" "$(expected_members exim-4.99.1)" "members without documentation"
  EMBARGO_DATA=$SUITE_TMP/nodoctools expect_ok embargo release layout --repo "$REPO" --tag exim-4.99.1
  expect_contains "$OUT" "# documentation skipped: fakexfpt not found (release.layout.docs_tools)"

  TEST "documentation: made by the docs command in doc/doc-docbook, shipped in doc/, same bytes twice"
  PATH=$SUITE_TMP/bin:$PATH EMBARGO_DATA=$SUITE_TMP/nodoctools expect_ok embargo release layout --repo "$REPO" \
    --tag exim-4.99.1
  expect_contains "$OUT" "would add: exim-4.99.1/doc/exim.8, exim-4.99.1/doc/filter.txt, exim-4.99.1/doc/spec.txt"
  for o in d1 d2; do
    PATH=$SUITE_TMP/bin:$PATH EMBARGO_DATA=$SUITE_TMP/nodoctools expect_ok build --tag exim-4.99.1 --base exim-4.99 \
      --out $o --formats gz
  done
  expect_contains "$OUT" "documentation made in"
  expect_contains "$OUT" "doc/exim.8, doc/filter.txt, doc/spec.txt"
  cmp -s d1/exim-4.99.1.tar.gz d2/exim-4.99.1.tar.gz || fail "the tarball with documentation differs between builds"
  expect_equal "$(tar -tzf d1/exim-4.99.1.tar.gz)" "$(expected_members exim-4.99.1 |
    sed 's|^exim-4.99.1/doc/cve-2019-15846/posting-0.txt$|&\nexim-4.99.1/doc/exim.8\nexim-4.99.1/doc/filter.txt\nexim-4.99.1/doc/spec.txt|')" \
    "members with documentation"
  day=$(date -u -d "@$(git -C "$REPO" for-each-ref --format='%(taggerdate:unix)' refs/tags/exim-4.99.1)" "+%d %b %Y")
  expect_equal "$(tar -xzOf d1/exim-4.99.1.tar.gz exim-4.99.1/doc/spec.txt)" "spec.txt for Exim 4.99.1 made $day" \
    "spec.txt"
  expect_equal "$(tar -xzOf d1/exim-4.99.1.tar.gz exim-4.99.1/doc/exim.8)" "exim.8 for Exim 4.99.1 made $day" "exim.8"

  TEST "documentation: a failing command or a missing file refuses with the command's output; nothing in --out"
  config "$SUITE_TMP/docfails" 'docs_command = "echo docbook broke >&2; exit 3"
docs_tools = []'
  EMBARGO_DATA=$SUITE_TMP/docfails expect_exit 1 build --tag exim-4.99.1 --base exim-4.99 --out r5
  expect_contains "$ERR" "the documentation command failed in doc/doc-docbook (exit status 3)"
  expect_contains "$ERR" "docbook broke"
  no_leftovers r5
  config "$SUITE_TMP/docempty" 'docs_command = "echo made nothing; touch spec.txt"
docs_tools = []'
  EMBARGO_DATA=$SUITE_TMP/docempty expect_exit 1 build --tag exim-4.99.1 --base exim-4.99 --out r6
  expect_contains "$ERR" "the documentation command did not make doc/doc-docbook/exim.8"
  expect_contains "$ERR" "made nothing"
  no_leftovers r6

  TEST "a plain git-archive layout is a short section"
  config "$SUITE_TMP/plain" '# the whole repository'
  sed -i '0,/^preset = "exim"/s//preset = "git-archive"/' "$SUITE_TMP/plain/embargo.toml"
  sed -i 's/^version_file = .*/version_file = ""/' "$SUITE_TMP/plain/embargo.toml"
  EMBARGO_DATA=$SUITE_TMP/plain expect_ok embargo release layout --repo "$REPO" --tag exim-4.99.1
  expect_contains "$OUT" "exim-4.99.1/test/confs/0002"
  expect_contains "$OUT" "exim-4.99.1/release-process/scripts/mk_exim_release"
  expect_equal "$(echo "$OUT" | grep -c -v '^#')" "$(( $(git -C "$REPO" ls-tree -r -t exim-4.99.1 | wc -l) + 1 ))" "members"
  EMBARGO_DATA=$SUITE_TMP/plain expect_ok build --tag exim-4.99.1 --base exim-4.99 --out plainout --formats gz
  git -C "$REPO" archive --prefix=exim-4.99.1/ exim-4.99.1 | tar -x -C "$SUITE_TMP" --one-top-level=ref
  mkdir p && tar -xzf plainout/exim-4.99.1.tar.gz -C p
  diff -r p/exim-4.99.1 ref/exim-4.99.1 >/dev/null || fail "plain layout differs from git archive"
  expect_contains "$(cat plainout/exim-4.99.1.patch)" "diff --git a/src/src/exim.c b/src/src/exim.c"

  TEST "release test unpacks the tarball, builds and runs it, and records the result on the case"
  config "$SUITE_TMP/t" '# the default layout'
  ADD="command = 'make >/dev/null && ./exim -bV'" awk '{print} /^\[release\.test\]$/ {print ENVIRON["ADD"]}' \
    "$SUITE_TMP/t/embargo.toml" >"$SUITE_TMP/t/x" && mv "$SUITE_TMP/t/x" "$SUITE_TMP/t/embargo.toml"
  export EMBARGO_DATA=$SUITE_TMP/t EMBARGO_ACTOR=alice
  expect_ok embargo case new --title "Heap corruption" --reporter "Rep <rep@example.org>"
  id=$(embargo case list --format json | sed -n 's/.*"id": "\(EMB-[0-9-]*\)".*/\1/p' | head -1)
  expect_ok embargo release test out1 --case "$id"
  expect_contains "$OUT" "release tested: exim-4.99.1.tar.gz: build and test ok"
  expect_contains "$OUT" "Exim version 4.99.1 #1"
  expect_ok embargo timeline "$id"
  expect_contains "$OUT" "release tested: exim-4.99.1.tar.gz: build and test ok"
  expect_ok embargo release test rc --format json
  expect_contains "$OUT" '"found": "Exim version 5.0-RC1 #1"'

  TEST "release test fails: the build breaks, the version is not printed, no tarball"
  sed -i "s|^command = 'make >/dev/null \&\& ./exim -bV'|command = 'echo compiling; exit 2'|" "$EMBARGO_DATA/embargo.toml"
  expect_exit 1 embargo release test out1 --case "$id"
  expect_contains "$OUT" "release tested: exim-4.99.1.tar.gz: FAILED"
  expect_contains "$OUT" "exit status 2"
  expect_contains "$OUT" "| compiling"
  expect_ok embargo timeline "$id"
  expect_contains "$OUT" "release tested: exim-4.99.1.tar.gz: FAILED"
  sed -i "s|^command = 'echo compiling; exit 2'|command = 'make >/dev/null \&\& ./exim -bV'\nexpect = 'Exim version 9.9'|" \
    "$EMBARGO_DATA/embargo.toml"
  expect_exit 1 embargo release test out1
  expect_contains "$OUT" "no line of the output has 'Exim version 9.9'"
  mkdir empty
  expect_exit 1 embargo release test empty
  expect_contains "$ERR" "holds no exim-VERSION.tar.gz"
  unset EMBARGO_DATA
}
