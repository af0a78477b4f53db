#pragma once

// Helpers shared by unit tests: a temporary directory removed at scope exit,
// a way to unwrap a Result that fails the test with its message, and a case
// row with a chosen id.

#include <filesystem>
#include <string>

#include <doctest/doctest.h>

#include <embargo/core/case.hpp>
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

// A valid case to insert with StoreTx::insert_case under `id` (for store
// tests that choose ids, e.g. the case counter migrations).
embargo::core::Case case_with_id(const std::string& id);

}  // namespace testutil
