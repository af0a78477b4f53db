#pragma once

// A clock a test moves: EMBARGO_CLOCK_FILE names a file holding one RFC 3339
// time, read on every now(). embargod uses it instead of the system clock when
// the variable is set (the command line has EMBARGO_NOW), so an integration
// suite can hold time still and move it across a release's minutes
// (tests/integration/suites/release_slips.bash). Never set in production.
// Thread-safe.

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>

#include <embargo/util/time.hpp>

namespace embargo::util {

class FileClock : public Clock {
 public:
  explicit FileClock(std::filesystem::path file) : m_file(std::move(file)) {}
  // The file's time; when it cannot be read or parsed, the last time read
  // (the system's before the first).
  Timestamp now() const override;
  // A FileClock on $EMBARGO_CLOCK_FILE, or null when it is unset or empty.
  static std::unique_ptr<FileClock> from_env();

 private:
  std::filesystem::path m_file;
  mutable std::mutex m_mutex;
  mutable std::optional<Timestamp> m_last;  // guarded by m_mutex
};

}  // namespace embargo::util
