#include <cstdlib>

#include <embargo/util/file.hpp>
#include <embargo/util/file_clock.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::util {

Timestamp FileClock::now() const {
  auto text = read_file(m_file);
  std::lock_guard lock(m_mutex);
  if (text) {
    if (auto t = parse_timestamp(trim(*text))) {
      m_last = *t;
    }
  }
  return m_last ? *m_last : SystemClock().now();
}

std::unique_ptr<FileClock> FileClock::from_env() {
  const char* path = std::getenv("EMBARGO_CLOCK_FILE");
  if (path == nullptr || *path == '\0') {
    return nullptr;
  }
  return std::make_unique<FileClock>(path);
}

}  // namespace embargo::util
