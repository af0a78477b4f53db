#pragma once

#include <string>
#include <string_view>

#include <embargo/util/result.hpp>
#include <embargo/util/time.hpp>

namespace embargo::core {

// DESIGN.md "Who may see what". Download-only usercodes are not users.
enum class Role { admin, team, maintainer, reporter };

std::string_view to_string(Role role);
Result<Role> parse_role(std::string_view text);

struct User {
  std::string name;  // login name, [a-z0-9._-], 1-64
  Role role = Role::team;
  std::string email;
  std::string password_hash;  // argon2id in libsodium's string form; never the password
  util::Timestamp created_at{};
};

Result<void> validate_user_name(std::string_view name);

}  // namespace embargo::core
