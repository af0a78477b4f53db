# npm_deps DIR PACKAGE_JSON WHAT: installs PACKAGE_JSON's dependencies into
# DIR once. Suites run in parallel: one installs under the lock, the others
# wait for its "installed" mark rather than use a half-made tree. On failure
# prints "npm could not install WHAT: ..." and returns 1 (a probe's reason).
npm_deps() {
  local deps=$1 package=$2 what=$3
  mkdir -p "$deps" || return 1
  (
    flock 9
    [ -f "$deps/installed" ] && exit 0
    cp "$package" "$deps/" || exit 1
    if ! (cd "$deps" && npm install --no-audit --no-fund --silent >npm.log 2>&1); then
      echo "npm could not install $what: $(tail -1 "$deps/npm.log")"
      exit 1
    fi
    touch "$deps/installed"
  ) 9>"$deps/.lock"
}
