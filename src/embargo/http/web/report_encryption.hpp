#pragma once

// Optional encryption of the public report form in the browser, to the
// team's OpenPGP key, with OpenPGP.js (npm's `openpgp`, bundled, served by
// embargod itself: no external resources).
//
// Two files, both read once at start:
// - openpgp.min.js: $EMBARGO_STATIC_DIR/openpgp.min.js, else the installed
//   <prefix>/share/embargo/static/, else <build>/share/embargo/static/ of the
//   build tree (scripts/fetch-openpgp.sh puts it there; `ninja openpgp_js`).
// - the team's armoured public key: <data>/report-key.asc (export it with
//   `gpg --homedir DATA/gnupg --armor --export FINGERPRINT`).
// With both, the form offers "encrypt in this browser" (web/report.js, on by
// default); the server stores the armoured message as received. Without
// either, or without JavaScript, the form is the plain one.

#include <filesystem>
#include <optional>
#include <string>

#include <embargo/util/result.hpp>

namespace embargo::http {

struct ReportEncryption {
  std::string openpgp_js;  // the minified bundle
  std::string team_key;    // "-----BEGIN PGP PUBLIC KEY BLOCK-----..."
};

// The directory holding openpgp.min.js, or nullopt.
std::optional<std::filesystem::path> find_static_dir();

// Both files, or nullopt with `why` saying which is missing. InvalidArgument
// when report-key.asc exists but is not an armoured public key.
Result<std::optional<ReportEncryption>> load_report_encryption(const std::filesystem::path& data_dir,
                                                               std::string& why);

// The browser side (served at /static/report.js).
std::string_view report_script();

}  // namespace embargo::http
