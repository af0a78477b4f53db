#pragma once

// Small RAII holders over GPGME's C API (internal to pgp/): a context bound
// to one GnuPG home, data objects over memory or a file descriptor, a key.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include <gpgme.h>

#include <embargo/util/result.hpp>

namespace embargo::pgp {

// "what: <gpgme's words>" as an Error of `code`.
tl::unexpected<Error> gpg_failure(ErrorCode code, std::string_view what, gpgme_error_t err);

class GpgData {
 public:
  GpgData() = default;
  ~GpgData() {
    if (m_data != nullptr) {
      gpgme_data_release(m_data);
    }
  }
  GpgData(GpgData&& o) noexcept : m_data(o.m_data) { o.m_data = nullptr; }
  GpgData& operator=(GpgData&&) = delete;
  GpgData(const GpgData&) = delete;
  GpgData& operator=(const GpgData&) = delete;

  // An empty buffer for output.
  static Result<GpgData> empty();
  // A view of `bytes`, which must outlive the object (no copy).
  static Result<GpgData> view(std::string_view bytes);
  // Reads from `fd` (not owned; must stay open while the object is used).
  static Result<GpgData> from_fd(int fd);

  gpgme_data_t get() const { return m_data; }
  // The bytes written into an empty() buffer.
  std::string take();

 private:
  gpgme_data_t m_data = nullptr;
};

class GpgKey {
 public:
  GpgKey() = default;
  explicit GpgKey(gpgme_key_t key) : m_key(key) {}
  ~GpgKey() {
    if (m_key != nullptr) {
      gpgme_key_unref(m_key);
    }
  }
  GpgKey(GpgKey&& o) noexcept : m_key(o.m_key) { o.m_key = nullptr; }
  GpgKey& operator=(GpgKey&&) = delete;
  GpgKey(const GpgKey&) = delete;
  GpgKey& operator=(const GpgKey&) = delete;
  gpgme_key_t get() const { return m_key; }

 private:
  gpgme_key_t m_key = nullptr;
};

class GpgContext {
 public:
  // A context on the OpenPGP engine using `home` (empty = GnuPG's default,
  // $GNUPGHOME or ~/.gnupg). IOError when GnuPG is missing or too old.
  static Result<GpgContext> create(const std::filesystem::path& home);
  ~GpgContext() {
    if (m_ctx != nullptr) {
      gpgme_release(m_ctx);
    }
  }
  GpgContext(GpgContext&& o) noexcept : m_ctx(o.m_ctx) { o.m_ctx = nullptr; }
  GpgContext& operator=(GpgContext&&) = delete;
  GpgContext(const GpgContext&) = delete;
  GpgContext& operator=(const GpgContext&) = delete;
  gpgme_ctx_t get() const { return m_ctx; }

 private:
  explicit GpgContext(gpgme_ctx_t ctx) : m_ctx(ctx) {}
  gpgme_ctx_t m_ctx = nullptr;
};

// A private GnuPG home in /tmp (mode 0700) holding only imported public
// keys; on destruction the agent it may have started is stopped and the
// directory removed.
class TempGnupgHome {
 public:
  static Result<std::unique_ptr<TempGnupgHome>> create();
  ~TempGnupgHome();
  TempGnupgHome(const TempGnupgHome&) = delete;
  TempGnupgHome& operator=(const TempGnupgHome&) = delete;
  const std::filesystem::path& path() const { return m_path; }

 private:
  explicit TempGnupgHome(std::filesystem::path path) : m_path(std::move(path)) {}
  std::filesystem::path m_path;
};

}  // namespace embargo::pgp
