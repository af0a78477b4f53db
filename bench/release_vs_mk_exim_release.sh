#!/usr/bin/env bash
# Times `embargo release build` against Exim's own
# release-process/scripts/mk_exim_release --nodoc --noweb at the same tag of
# a clone of the real Exim repository, alternating, in one run; then
# compares the two exim-VERSION.tar.xz member by member (names, types,
# contents, modes, link targets; mtimes and order are reported apart).
#
# usage: bench/release_vs_mk_exim_release.sh REPO TAG BASE [RUNS]
#   e.g. bench/release_vs_mk_exim_release.sh ~/exim exim-4.98.2 exim-4.98.1 3
#   EMBARGO=path/to/embargo (default: build/bin/embargo)
#   KEYRING=maintainers.asc: check the real tags with the maintainers' keys.
#     Without it, TAG and BASE are re-made in a scratch clone as tags signed
#     by a throwaway key on the same commits (the tarball depends only on
#     the commit), since the maintainers' keys may not be on this machine.
#   MK=path/to/mk_exim_release (default: the clone's own, at its HEAD)
# Both sides sign every file with the same throwaway key. Run it under nice
# on a shared machine; it prints each run and the ratio of the medians.
# No network is used.
set -euo pipefail

repo_in=${1:?usage: $0 REPO TAG BASE [RUNS]}
tag=${2:?TAG}
base=${3:?BASE}
runs=${4:-3}
here=$(cd "$(dirname "$0")" && pwd)
embargo=${EMBARGO:-$here/../build/bin/embargo}
version=${tag#exim-}
work=$(mktemp -d "${TMPDIR:-/tmp}/embargo-mkbench-XXXXXX")
export GNUPGHOME=$work/gnupg
cleanup() {
  gpgconf --homedir "$GNUPGHOME" --kill all 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -m 700 "$GNUPGHOME"
gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key "Bench <bench@example.org>" ed25519 sign never 2>/dev/null
key=$(gpg --batch --with-colons --list-secret-keys | awk -F: '/^fpr/ {print $10; exit}')

repo=$work/exim
git clone -q "$repo_in" "$repo"
if [ -n "${KEYRING:-}" ]; then
  keyring=$KEYRING
else
  keyring=$work/keyring.asc
  gpg --batch --armor --export "$key" >"$keyring"
  for t in "$tag" "$base"; do
    commit=$(git -C "$repo" rev-parse "$t^{commit}")
    git -C "$repo" -c user.name=Bench -c user.email=bench@example.org -c user.signingkey="$key" \
      tag -f -s -m "$t (re-signed for the benchmark)" "$t" "$commit" >/dev/null
  done
fi
mk=${MK:-$repo/release-process/scripts/mk_exim_release}
echo "repository: $repo_in at $tag ($(git -C "$repo" rev-parse --short "$tag^{commit}")), base $base"
echo "embargo: $embargo; mk_exim_release: $mk"

# --no-docs as mk_exim_release's --nodoc: where xfpt and friends are
# installed, the documentation step would otherwise run.
run_embargo() {
  "$embargo" release build --repo "$repo" --tag "$tag" --base "$base" --package exim --out "$1" \
    --keyring "$keyring" --sign-key "$key" --no-docs >"$1.log" 2>&1
}
run_mk() {
  (cd "$repo" && "$mk" --nodoc --noweb --key "$key" "$version" "$1") >"$1.log" 2>&1
}
export repo tag base key keyring embargo mk version
export -f run_embargo run_mk
timed() { /usr/bin/time -f "%e %U %S" -o "$1" bash -c "$2 $3" || { cat "$3.log"; exit 1; }; }

e_times=()
m_times=()
for i in $(seq 1 "$runs"); do
  timed "$work/te" run_embargo "$work/e$i"
  timed "$work/tm" run_mk "$work/m$i"
  read -r ew eu es <"$work/te"
  read -r mw mu ms <"$work/tm"
  printf 'run %d: embargo %6.2f s wall (%.2f user, %.2f sys) | mk_exim_release %6.2f s wall (%.2f user, %.2f sys)\n' \
    "$i" "$ew" "$eu" "$es" "$mw" "$mu" "$ms"
  e_times+=("$ew")
  m_times+=("$mw")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
em=$(median "${e_times[@]}")
mm=$(median "${m_times[@]}")
echo "median: embargo $em s, mk_exim_release $mm s, ratio $(awk -v a="$em" -v b="$mm" 'BEGIN {printf "%.2f", a/b}')"

# Member by member.
ours=$work/e1/exim-$version.tar.xz
theirs=$work/m1/exim-$version.tar.xz
mkdir "$work/xo" "$work/xm"
tar -xJf "$ours" -C "$work/xo"
tar -xJf "$theirs" -C "$work/xm"
list() { tar --numeric-owner -tvJf "$1" | awk '{printf "%s %s", $1, $2; for (i = 6; i <= NF; i++) printf " %s", $i; print ""}' | sort -k3; }
echo "members: embargo $(tar -tJf "$ours" | wc -l), mk_exim_release $(tar -tJf "$theirs" | wc -l)"
diff <(tar -tJf "$ours" | sort) <(tar -tJf "$theirs" | sort) && echo "same member names" || echo "member names differ (< embargo, > mk_exim_release)"
if diff -r --no-dereference "$work/xo" "$work/xm" >"$work/content.diff"; then
  echo "same contents and link targets, file for file"
else
  echo "contents differ:"; head -50 "$work/content.diff"
fi
diff <(list "$ours") <(list "$theirs") >"$work/modes.diff" && echo "same modes and owners" ||
  { echo "modes/owners differ ($(grep -c '^<' "$work/modes.diff") members), e.g.:"; grep '^[<>]' "$work/modes.diff" | head -6; }
echo "order: embargo sorted by name: $(tar -tJf "$ours" | head -3 | tr '\n' ' ')"
echo "order: mk_exim_release (readdir): $(tar -tJf "$theirs" | head -3 | tr '\n' ' ')"
echo "mtimes: embargo $(tar --full-time -tvJf "$ours" | awk '{print $4" "$5}' | sort -u | wc -l) distinct;" \
  "mk_exim_release $(tar --full-time -tvJf "$theirs" | awk '{print $4" "$5}' | sort -u | wc -l) distinct"
echo "00-sizes.txt, embargo:"; cat "$work/e1/00-sizes.txt"
echo "00-sizes.txt, mk_exim_release:"; cat "$work/m1/00-sizes.txt"
