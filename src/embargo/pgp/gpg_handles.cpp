#include <embargo/pgp/gpg_handles.hpp>

#include <cstdlib>
#include <system_error>

#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <fmt/format.h>

extern char** environ;

namespace embargo::pgp {

tl::unexpected<Error> gpg_failure(ErrorCode code, std::string_view what, gpgme_error_t err) {
  return make_error(code, fmt::format("{}: {}", what, gpgme_strerror(err)));
}

Result<GpgData> GpgData::empty() {
  GpgData d;
  if (gpgme_error_t e = gpgme_data_new(&d.m_data); e != 0) {
    return gpg_failure(ErrorCode::io_error, "gpgme data", e);
  }
  return d;
}

Result<GpgData> GpgData::view(std::string_view bytes) {
  GpgData d;
  if (gpgme_error_t e = gpgme_data_new_from_mem(&d.m_data, bytes.data(), bytes.size(), 0); e != 0) {
    return gpg_failure(ErrorCode::io_error, "gpgme data", e);
  }
  return d;
}

Result<GpgData> GpgData::from_fd(int fd) {
  GpgData d;
  if (gpgme_error_t e = gpgme_data_new_from_fd(&d.m_data, fd); e != 0) {
    return gpg_failure(ErrorCode::io_error, "gpgme data", e);
  }
  return d;
}

std::string GpgData::take() {
  std::size_t size = 0;
  char* bytes = gpgme_data_release_and_get_mem(m_data, &size);
  m_data = nullptr;
  std::string out(bytes == nullptr ? "" : std::string(bytes, size));
  gpgme_free(bytes);
  return out;
}

Result<GpgContext> GpgContext::create(const std::filesystem::path& home) {
  static const char* version = gpgme_check_version(nullptr);
  if (version == nullptr) {
    return make_error(ErrorCode::io_error, "gpgme: library initialisation failed");
  }
  if (gpgme_error_t e = gpgme_engine_check_version(GPGME_PROTOCOL_OpenPGP); e != 0) {
    return gpg_failure(ErrorCode::io_error, "GnuPG (gpg) is not installed or too old", e);
  }
  gpgme_ctx_t ctx = nullptr;
  if (gpgme_error_t e = gpgme_new(&ctx); e != 0) {
    return gpg_failure(ErrorCode::io_error, "gpgme context", e);
  }
  GpgContext owned(ctx);
  if (!home.empty()) {
    if (gpgme_error_t e = gpgme_ctx_set_engine_info(ctx, GPGME_PROTOCOL_OpenPGP, nullptr, home.c_str()); e != 0) {
      return gpg_failure(ErrorCode::io_error, fmt::format("GnuPG home {}", home.string()), e);
    }
  }
  return owned;
}

Result<std::unique_ptr<TempGnupgHome>> TempGnupgHome::create() {
  std::string pattern = (std::filesystem::temp_directory_path() / "embargo-gnupg-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    return make_error(ErrorCode::io_error, fmt::format("cannot create a temporary GnuPG home: {}",
                                                       std::generic_category().message(errno)));
  }
  ::chmod(pattern.c_str(), 0700);
  return std::unique_ptr<TempGnupgHome>(new TempGnupgHome(pattern));
}

TempGnupgHome::~TempGnupgHome() {
  // Stop an agent or keyboxd this home may have started; best effort.
  std::string home = m_path.string();
  const char* argv[] = {"gpgconf", "--homedir", home.c_str(), "--kill", "all", nullptr};
  pid_t pid = 0;
  if (::posix_spawnp(&pid, "gpgconf", nullptr, nullptr, const_cast<char* const*>(argv), environ) == 0) {
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
  std::error_code ec;
  std::filesystem::remove_all(m_path, ec);
}

}  // namespace embargo::pgp
