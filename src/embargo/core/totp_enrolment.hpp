#pragma once

// A user's second login factor (util/totp.hpp), as stored. The secret is
// never stored in the clear: `secret_sealed` is util::SecretBox::seal of the
// raw key with the context totp_context(user), under the key in
// <data>/secrets/totp.key (config/secret_key.hpp), so a copy of the database
// alone does not let anyone make codes.

#include <cstdint>
#include <string>
#include <string_view>

#include <embargo/util/time.hpp>

namespace embargo::core {

struct TotpEnrolment {
  std::string user;
  std::string secret_sealed;
  bool confirmed = false;      // false: enrolment started, no code shown back yet; login does not ask
  std::int64_t last_step = 0;  // the newest 30-second step a code was accepted for: no replay
  util::Timestamp created_at{};
};

inline std::string totp_context(std::string_view user) { return "totp\n" + std::string(user); }

}  // namespace embargo::core
