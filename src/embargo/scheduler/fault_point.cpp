#include <atomic>
#include <cerrno>  // program_invocation_short_name (GNU)
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <embargo/scheduler/fault_point.hpp>

namespace embargo::scheduler {

namespace {

long configured_point() {
  const char* text = std::getenv("EMBARGO_FAULT_POINT");
  return text == nullptr ? 0 : std::strtol(text, nullptr, 10);
}

// True when EMBARGO_FAULT_ONLY is unset or one of its '|'-separated parts
// occurs in `where`.
bool counted(std::string_view where) {
  static const char* only = std::getenv("EMBARGO_FAULT_ONLY");
  if (only == nullptr || *only == '\0') {
    return true;
  }
  std::string_view parts(only);
  while (!parts.empty()) {
    auto bar = parts.find('|');
    std::string_view part = parts.substr(0, bar);
    if (!part.empty() && where.find(part) != std::string_view::npos) {
      return true;
    }
    parts = bar == std::string_view::npos ? std::string_view() : parts.substr(bar + 1);
  }
  return false;
}

}  // namespace

void fault_point(std::string_view where) {
  static const long k_point = configured_point();
  static std::atomic<long> s_count{0};
  if (k_point <= 0 || !counted(where)) {
    return;
  }
  if (++s_count == k_point) {
    std::fprintf(stderr, "%s: EMBARGO_FAULT_POINT=%ld: killed at %.*s\n", program_invocation_short_name, k_point,
                 static_cast<int>(where.size()), where.data());
    std::fflush(stderr);
    std::raise(SIGKILL);
  }
}

}  // namespace embargo::scheduler
