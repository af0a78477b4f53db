#pragma once

// Helpers shared by unit tests: a temporary directory removed at scope exit,
// and a way to unwrap a Result that fails the test with its message.

#include <filesystem>
#include <string>

#include <doctest/doctest.h>

#include <embargo/util/result.hpp>

namespace testutil {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

// REQUIRE that `r` holds a value, printing the error otherwise; returns it.
template <typename T>
T unwrap(embargo::Result<T> r) {
  if (!r) {
    FAIL_CHECK(r.error().message());
    REQUIRE(r.has_value());
  }
  if constexpr (!std::is_void_v<T>) {
    return std::move(*r);
  }
}

}  // namespace testutil
