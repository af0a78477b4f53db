#include <embargo/pgp/key_setup.hpp>

#include <fmt/format.h>

#include <embargo/pgp/gpg_context.hpp>

namespace embargo::pgp {

namespace fs = std::filesystem;

namespace {

Result<std::unique_ptr<GpgContext>> open_home(const fs::path& home, util::SensitiveString passphrase) {
  std::error_code ec;
  if (!fs::is_directory(home, ec)) {
    if (!fs::create_directories(home, ec)) {
      return make_error(ErrorCode::io_error, fmt::format("cannot create {}: {}", home.string(), ec.message()));
    }
    fs::permissions(home, fs::perms::owner_all, ec);
  }
  return GpgContext::open(home, std::move(passphrase));
}

}  // namespace

Result<std::string> make_key_pair(const fs::path& home, std::string_view user_id, util::SensitiveString passphrase) {
  TRY_ASSIGN(auto ctx, open_home(home, std::move(passphrase)));
  auto fpr = ctx->create_key(user_id);
  if (!fpr) {
    return gpg_failure(ErrorCode::io_error, fmt::format("making a key for {}", user_id), fpr.error());
  }
  return *fpr;
}

Result<std::vector<std::string>> import_key_file(const fs::path& home, const fs::path& file,
                                                 util::SensitiveString passphrase) {
  TRY_ASSIGN(auto ctx, open_home(home, std::move(passphrase)));
  TRY_ASSIGN(GpgData data, GpgData::from_file(file));
  auto imported = ctx->import(data);
  if (!imported) {
    return gpg_failure(ErrorCode::invalid_argument, fmt::format("importing {}", file.string()), imported.error());
  }
  if (imported->fingerprints.empty()) {
    return make_error(ErrorCode::invalid_argument, fmt::format("{}: holds no OpenPGP key", file.string()));
  }
  return imported->fingerprints;
}

}  // namespace embargo::pgp
