#include <embargo/http/auth/rate_limiter.hpp>

#include <algorithm>

namespace embargo::http {

namespace {

constexpr std::size_t k_max_entries = 100000;
constexpr std::size_t k_max_known_addresses = 64;

}  // namespace

double FailureLimiter::refill(Bucket& b, double burst, double per_s, TimePoint now) {
  if (b.last == TimePoint{}) {
    b.tokens = burst;
  } else {
    double elapsed = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min(burst, b.tokens + std::max(0.0, elapsed) * per_s);
  }
  b.last = now;
  return b.tokens;
}

bool FailureLimiter::address_allowed(std::string_view address, TimePoint now) {
  std::lock_guard lock(m_mutex);
  auto it = m_addresses.find(std::string(address));
  if (it == m_addresses.end()) {
    return true;
  }
  return refill(it->second, m_limits.address_burst, m_limits.address_refill_per_s, now) >= 1.0;
}

bool FailureLimiter::usercode_allowed(std::string_view key, std::string_view address, TimePoint now) {
  std::lock_guard lock(m_mutex);
  auto it = m_usercodes.find(std::string(key));
  if (it == m_usercodes.end() ||
      refill(it->second, m_limits.usercode_burst, m_limits.usercode_refill_per_s, now) >= 1.0) {
    return true;
  }
  auto known = m_known_addresses.find(std::string(key));
  return known != m_known_addresses.end() && known->second.count(address) > 0;
}

void FailureLimiter::record_failure(std::string_view address, std::string_view key, TimePoint now) {
  std::lock_guard lock(m_mutex);
  trim_if_large();
  Bucket& a = m_addresses[std::string(address)];
  refill(a, m_limits.address_burst, m_limits.address_refill_per_s, now);
  a.tokens = std::max(0.0, a.tokens - 1);
  if (!key.empty()) {
    Bucket& u = m_usercodes[std::string(key)];
    refill(u, m_limits.usercode_burst, m_limits.usercode_refill_per_s, now);
    u.tokens = std::max(0.0, u.tokens - 1);
  }
}

void FailureLimiter::record_success(std::string_view key, std::string_view address) {
  std::lock_guard lock(m_mutex);
  auto& known = m_known_addresses[std::string(key)];
  if (known.size() < k_max_known_addresses) {
    known.emplace(address);
  }
}

void FailureLimiter::trim_if_large() {
  // Under a flood of addresses, forget the ones that have refilled anyway
  // (keeping the table bounded); the oldest state is the least useful.
  if (m_addresses.size() > k_max_entries) {
    m_addresses.clear();
  }
  if (m_usercodes.size() > k_max_entries) {
    m_usercodes.clear();
  }
}

}  // namespace embargo::http
