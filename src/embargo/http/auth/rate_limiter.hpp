#pragma once

// Rate limiting of failed authentications, per client address and per
// usercode, as token buckets of "failures still allowed".
//
// - Per address: when an address has used its failures, every request from
//   it is answered 429 until the bucket refills. Other addresses (the real
//   user elsewhere) are not affected.
// - Per usercode: when a usercode has used its failures (a distributed
//   guessing attempt), addresses that never logged in with it are answered
//   429 for that usercode, while addresses that did authenticate with it
//   (remembered, a bounded set) and credentials already verified and cached
//   keep working. So an attack slows guessing against one list without
//   locking out the list's real users at their usual addresses. (Guessing a
//   24-character random password is hopeless anyway; the limit mostly bounds
//   the argon2id CPU an attacker can make us spend.)
//
// Thread safety: all members are safe to call concurrently.

#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

namespace embargo::http {

struct RateLimits {
  double address_burst = 10;        // failures an address may make at once
  double address_refill_per_s = 0.1;  // ... regained per second
  double usercode_burst = 30;
  double usercode_refill_per_s = 0.5;
};

class FailureLimiter {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  explicit FailureLimiter(RateLimits limits) : m_limits(limits) {}

  // False when `address` has no failures left: answer 429 without checking.
  bool address_allowed(std::string_view address, TimePoint now);
  // False when the usercode `key` has no failures left and `address` never
  // authenticated with it.
  bool usercode_allowed(std::string_view key, std::string_view address, TimePoint now);
  void record_failure(std::string_view address, std::string_view key, TimePoint now);
  void record_success(std::string_view key, std::string_view address);

 private:
  struct Bucket {
    double tokens = 0;
    TimePoint last{};
  };
  static double refill(Bucket& b, double burst, double per_s, TimePoint now);
  void trim_if_large();

  RateLimits m_limits;
  std::mutex m_mutex;
  std::unordered_map<std::string, Bucket> m_addresses;
  std::unordered_map<std::string, Bucket> m_usercodes;
  std::unordered_map<std::string, std::set<std::string, std::less<>>> m_known_addresses;
};

}  // namespace embargo::http
