#!/bin/sh
# Fetches OpenPGP.js (the `openpgp` package, pinned) from the npm registry and
# puts its minified browser bundle where embargod looks for it:
#   scripts/fetch-openpgp.sh DIR   ->  DIR/openpgp.min.js (+ its LICENSE)
# DIR is usually <build>/share/embargo/static (`ninja -C build openpgp_js`);
# `ninja install` copies that to <prefix>/share/embargo/static. embargod also
# honours $EMBARGO_STATIC_DIR. Without the file the report form simply has no
# in-browser encryption.
set -eu
version=6.3.2
dest=${1:?usage: fetch-openpgp.sh DIR}
work=$(mktemp -d "${TMPDIR:-/tmp}/embargo-openpgp-XXXXXX")
trap 'rm -rf "$work"' EXIT
echo '{"private":true}' >"$work/package.json"
(cd "$work" && npm install --no-audit --no-fund --silent "openpgp@$version" >npm.log 2>&1) || {
  echo "fetch-openpgp: npm could not install openpgp@$version: $(tail -1 "$work/npm.log")" >&2
  exit 1
}
mkdir -p "$dest"
cp "$work/node_modules/openpgp/dist/openpgp.min.js" "$dest/openpgp.min.js.tmp"
mv "$dest/openpgp.min.js.tmp" "$dest/openpgp.min.js"
cp "$work/node_modules/openpgp/LICENSE" "$dest/openpgp.LICENSE" 2>/dev/null || true
echo "fetch-openpgp: $dest/openpgp.min.js (openpgp $version)"
