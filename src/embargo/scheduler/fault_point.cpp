#include <atomic>
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

}  // namespace

void fault_point(std::string_view where) {
  static const long k_point = configured_point();
  static std::atomic<long> s_count{0};
  if (k_point <= 0) {
    return;
  }
  if (++s_count == k_point) {
    std::fprintf(stderr, "embargod: EMBARGO_FAULT_POINT=%ld: killed at %.*s\n", k_point, static_cast<int>(where.size()),
                 where.data());
    std::fflush(stderr);
    std::raise(SIGKILL);
  }
}

}  // namespace embargo::scheduler
