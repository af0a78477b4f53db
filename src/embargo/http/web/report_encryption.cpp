#include <embargo/http/web/report_encryption.hpp>

#include <cstdlib>

#include <fmt/format.h>

#include <embargo/util/file.hpp>

namespace embargo::http {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_bundle = "openpgp.min.js";
constexpr std::string_view k_key_begin = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
constexpr std::size_t k_max_key_bytes = 256 * 1024;

// Runs in the reporter's browser. Shows the "encrypt" box only when
// OpenPGP.js loaded (so without JavaScript the plain form is all there is);
// on submit, replaces the details by an armoured message to the team's key.
// If encryption fails nothing is sent.
constexpr std::string_view k_script = R"js((function () {
  'use strict';
  var form = document.querySelector('form[action="/report"]');
  var key = document.getElementById('team-key');
  var box = document.getElementById('encrypt-box');
  var check = document.getElementById('encrypt');
  var status = document.getElementById('encrypt-status');
  if (!form || !key || !box || !check || typeof openpgp === 'undefined') {
    return;
  }
  box.hidden = false;
  var sending = false;
  form.addEventListener('submit', function (event) {
    var details = form.elements.details;
    if (sending || !check.checked || details.value.indexOf('-----BEGIN PGP MESSAGE-----') === 0) {
      return;
    }
    event.preventDefault();
    status.textContent = 'Encrypting...';
    openpgp.readKey({ armoredKey: key.textContent }).then(function (teamKey) {
      return openpgp.createMessage({ text: details.value }).then(function (message) {
        return openpgp.encrypt({ message: message, encryptionKeys: teamKey });
      });
    }).then(function (armored) {
      details.value = armored;
      sending = true;
      status.textContent = 'Encrypted; sending.';
      form.submit();
    }, function (error) {
      status.textContent = 'Could not encrypt (' + error.message + '); nothing was sent.';
    });
  });
})();
)js";

}  // namespace

std::optional<fs::path> find_static_dir() {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("EMBARGO_STATIC_DIR"); env != nullptr && *env != '\0') {
    candidates.emplace_back(env);
  }
  candidates.emplace_back(EMBARGO_INSTALLED_STATIC_DIR);
  candidates.emplace_back(EMBARGO_BUILD_STATIC_DIR);
  for (const fs::path& dir : candidates) {
    std::error_code ec;
    if (fs::is_regular_file(dir / k_bundle, ec)) {
      return dir;
    }
  }
  return std::nullopt;
}

Result<std::optional<ReportEncryption>> load_report_encryption(const fs::path& data_dir, std::string& why) {
  fs::path key_file = data_dir / "report-key.asc";
  std::error_code ec;
  if (!fs::exists(key_file, ec)) {
    why = fmt::format("no {} (the team's public key)", key_file.string());
    return std::optional<ReportEncryption>();
  }
  auto dir = find_static_dir();
  if (!dir) {
    why = fmt::format("no {} in $EMBARGO_STATIC_DIR, {} or {} (scripts/fetch-openpgp.sh)", k_bundle,
                      EMBARGO_INSTALLED_STATIC_DIR, EMBARGO_BUILD_STATIC_DIR);
    return std::optional<ReportEncryption>();
  }
  ReportEncryption out;
  TRY_ASSIGN(out.team_key, util::read_file(key_file));
  if (out.team_key.size() > k_max_key_bytes || out.team_key.find(k_key_begin) == std::string::npos) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("{}: not an ASCII-armoured OpenPGP public key", key_file.string()));
  }
  TRY_ASSIGN(out.openpgp_js, util::read_file(*dir / k_bundle));
  return std::optional<ReportEncryption>(std::move(out));
}

std::string_view report_script() {
  return k_script;
}

}  // namespace embargo::http
