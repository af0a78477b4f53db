#include <embargo/core/user.hpp>

#include <cctype>

#include <fmt/format.h>

namespace embargo::core {

std::string_view to_string(Role role) {
  switch (role) {
    case Role::admin: return "admin";
    case Role::team: return "team";
    case Role::maintainer: return "maintainer";
    case Role::reporter: return "reporter";
  }
  return "?";
}

Result<Role> parse_role(std::string_view text) {
  for (Role r : {Role::admin, Role::team, Role::maintainer, Role::reporter}) {
    if (text == to_string(r)) {
      return r;
    }
  }
  return make_error(ErrorCode::invalid_argument,
                    fmt::format("role: unknown value '{}' (one of: admin, team, maintainer, reporter)", text));
}

Result<void> validate_user_name(std::string_view name) {
  if (name.empty() || name.size() > 64) {
    return make_error(ErrorCode::invalid_argument, "user name: must be 1 to 64 characters");
  }
  for (char c : name) {
    bool ok = std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
              c == '.' || c == '_' || c == '-';
    if (!ok) {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("user name: '{}' may only hold a-z, 0-9, '.', '_' and '-'", name));
    }
  }
  return {};
}

}  // namespace embargo::core
