#!/usr/bin/env bash
# Times `embargo release build` against the equivalent shell pipeline on a
# generated repository (~2,500 files, ~60 MB of source), interleaved, several
# runs. Both do the same work: verify the signed tag, the tree under
# exim-<version>/ with owner 0 and sorted names, .tar.gz/.tar.bz2/.tar.xz at
# -9, the unified diff and the format-patch series, sizes, SHA-256, SHA-512
# and a detached armored signature per file.
#
# usage: bench/release_vs_pipeline.sh [RUNS] [FILES] [MEGABYTES]
#   EMBARGO=path/to/embargo (default: build/bin/embargo)
# Run it under `nice` on a shared machine; it prints each run and the ratio
# of the medians (embargo / pipeline).
set -euo pipefail

runs=${1:-3}
files=${2:-2500}
megabytes=${3:-60}
here=$(cd "$(dirname "$0")" && pwd)
embargo=${EMBARGO:-$here/../build/bin/embargo}
work=$(mktemp -d "${TMPDIR:-/tmp}/embargo-bench-XXXXXX")
export GNUPGHOME=$work/gnupg
cleanup() {
  gpgconf --homedir "$GNUPGHOME" --kill all 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -m 700 "$GNUPGHOME"
gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key "Bench <bench@example.org>" ed25519 sign never 2>/dev/null
key=$(gpg --batch --with-colons --list-secret-keys | awk -F: '/^fpr/ {print $10; exit}')
gpg --batch --armor --export "$key" > "$work/keyring.asc"

repo=$work/repo
python3 "$here/gen_source_tree.py" "$repo" "$files" "$megabytes"
mkdir -p "$repo/src/src"
printf 'EXIM_RELEASE_VERSION="4.99"\nEXIM_VARIANT_VERSION=""\n' > "$repo/src/src/version.sh"
g() { git -c user.name=Bench -c user.email=bench@example.org -c user.signingkey="$key" -C "$repo" "$@"; }
git init -q -b main "$repo"
g add -A && g commit -q -m "Exim 4.99" && g tag -s -m "Exim 4.99" exim-4.99
for f in $(cd "$repo" && git ls-files | head -20); do echo "/* fix */" >> "$repo/$f"; done
g commit -q -am "Fix the bug" 
sed -i 's/"4.99"/"4.99.1"/' "$repo/src/src/version.sh"
g commit -q -am "Version 4.99.1" && g tag -s -m "Exim 4.99.1" exim-4.99.1
g gc -q
echo "repository: $(cd "$repo" && git ls-files | wc -l) files, $(git -C "$repo" archive exim-4.99.1 | wc -c) bytes of tar"

run_embargo() {
  "$embargo" release build --repo "$repo" --tag exim-4.99.1 --base exim-4.99 --package exim --out "$1" \
    --keyring "$work/keyring.asc" --sign-key "$key" >/dev/null
}

run_pipeline() {
  local out=$1 tmp=$1.tmp name=exim-4.99.1
  mkdir -p "$out" "$tmp"
  git -C "$repo" tag -v exim-4.99.1 >/dev/null 2>&1
  local mtime
  mtime=$(git -C "$repo" log -1 --format=%ct exim-4.99.1)
  git -C "$repo" archive --prefix="$name/" exim-4.99.1 | tar -x -C "$tmp"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime" -cf "$out/$name.tar" -C "$tmp" "$name"
  gzip -9 -n -k "$out/$name.tar"
  bzip2 -9 -k "$out/$name.tar"
  xz -9 -k "$out/$name.tar"
  rm "$out/$name.tar"
  git -C "$repo" diff exim-4.99 exim-4.99.1 > "$out/$name.patch"
  git -C "$repo" format-patch -q --stdout exim-4.99..exim-4.99.1 > "$out/$name-series.patch"
  (cd "$out" && for f in *; do echo "SIZE ($f) = $(stat -c %s "$f")"; done > 00-sizes.txt
   sha256sum $name* | awk '{print "SHA256 (" $2 ") = " $1}' > 00-sha256sums.txt
   sha512sum $name* | awk '{print "SHA512 (" $2 ") = " $1}' > 00-sha512sums.txt
   for f in *; do gpg --batch --detach-sign --armor -u "$key" "$f"; done)
  rm -rf "$tmp"
}

export repo key work embargo
export -f run_embargo run_pipeline
# timed FILE FUNCTION DIR: wall, user and system seconds of one side into FILE.
timed() { /usr/bin/time -f "%e %U %S" -o "$1" bash -c "$2 $3"; }
e_times=()
p_times=()
for i in $(seq 1 "$runs"); do
  timed "$work/te" run_embargo "$work/e$i"
  timed "$work/tp" run_pipeline "$work/p$i"
  read -r e eu es < "$work/te"
  read -r p pu ps < "$work/tp"
  e_times+=("$e"); p_times+=("$p")
  printf 'run %d: embargo %.2f s (cpu %.1f s), pipeline %.2f s (cpu %.1f s), ratio %.2f  (load %s)\n' "$i" \
    "$e" "$(echo "$eu + $es" | bc)" "$p" "$(echo "$pu + $ps" | bc)" "$(echo "$e / $p" | bc -l)" \
    "$(cut -d' ' -f1 /proc/loadavg)"
  if [ "$i" = 1 ]; then
    for ext in gz bz2 xz; do
      echo "  .tar.$ext: embargo $(stat -c %s "$work/e1/exim-4.99.1.tar.$ext") bytes," \
        "pipeline $(stat -c %s "$work/p1/exim-4.99.1.tar.$ext") bytes"
    done
  fi
  rm -rf "$work/e$i" "$work/p$i"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
em=$(median "${e_times[@]}"); pm=$(median "${p_times[@]}")
printf 'median: embargo %.2f s, pipeline %.2f s, ratio %.2f\n' "$em" "$pm" "$(echo "$em / $pm" | bc -l)"
