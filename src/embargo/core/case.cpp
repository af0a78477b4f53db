#include <embargo/core/case.hpp>

#include <array>
#include <cctype>
#include <utility>

#include <fmt/format.h>

#include <embargo/util/strings.hpp>

namespace embargo::core {

namespace {

template <typename Enum, std::size_t N>
Result<Enum> parse_enum(std::string_view text, const std::array<std::pair<std::string_view, Enum>, N>& names,
                        std::string_view field) {
  for (const auto& [name, value] : names) {
    if (text == name) {
      return value;
    }
  }
  std::string accepted;
  for (const auto& [name, value] : names) {
    accepted += accepted.empty() ? "" : ", ";
    accepted += name;
  }
  return make_error(ErrorCode::invalid_argument,
                    fmt::format("{}: unknown value '{}' (one of: {})", field, text, accepted));
}

constexpr std::array<std::pair<std::string_view, CaseState>, 8> k_states{{
    {"reported", CaseState::reported},
    {"confirmed", CaseState::confirmed},
    {"fixing", CaseState::fixing},
    {"notified", CaseState::notified},
    {"fix-shared", CaseState::fix_shared},
    {"public", CaseState::public_},
    {"closed", CaseState::closed},
    {"rejected", CaseState::rejected},
}};

constexpr std::array<std::pair<std::string_view, ImpactClass>, 6> k_impacts{{
    {"unknown", ImpactClass::unknown},
    {"rce", ImpactClass::rce},
    {"lpe", ImpactClass::lpe},
    {"dos", ImpactClass::dos},
    {"leak", ImpactClass::leak},
    {"other", ImpactClass::other},
}};

constexpr std::array<std::pair<std::string_view, Exploitation>, 3> k_exploitations{{
    {"none", Exploitation::none},
    {"poc-public", Exploitation::poc_public},
    {"active", Exploitation::active},
}};

template <typename Enum, std::size_t N>
std::string_view name_of(Enum value, const std::array<std::pair<std::string_view, Enum>, N>& names) {
  for (const auto& [name, v] : names) {
    if (v == value) {
      return name;
    }
  }
  return "?";
}

bool plausible_email(std::string_view s) {
  auto at = s.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < s.size() && s.find_first_of(" <>\t\r\n,") == std::string_view::npos;
}

}  // namespace

std::string_view to_string(CaseState state) { return name_of(state, k_states); }
std::string_view to_string(ImpactClass impact) { return name_of(impact, k_impacts); }
std::string_view to_string(Exploitation exploitation) { return name_of(exploitation, k_exploitations); }

Result<CaseState> parse_case_state(std::string_view text) { return parse_enum(text, k_states, "state"); }
Result<ImpactClass> parse_impact(std::string_view text) { return parse_enum(text, k_impacts, "impact"); }
Result<Exploitation> parse_exploitation(std::string_view text) {
  return parse_enum(text, k_exploitations, "exploitation");
}

Result<Reporter> parse_reporter(std::string_view text) {
  std::string_view t = util::trim(text);
  if (t.empty()) {
    return make_error(ErrorCode::invalid_argument, "reporter: empty; give \"Name <address>\", an address or a name");
  }
  Reporter r;
  auto open = t.find('<');
  if (open != std::string_view::npos) {
    auto close = t.find('>', open);
    if (close == std::string_view::npos || close + 1 != t.size()) {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("reporter: '{}' has an unclosed <address>; give \"Name <address>\"", t));
    }
    std::string_view email = util::trim(t.substr(open + 1, close - open - 1));
    if (!plausible_email(email)) {
      return make_error(ErrorCode::invalid_argument, fmt::format("reporter: '{}' is not a mail address", email));
    }
    r.email = std::string(email);
    r.name = std::string(util::trim(t.substr(0, open)));
    if (r.name.size() >= 2 && r.name.front() == '"' && r.name.back() == '"') {
      r.name = r.name.substr(1, r.name.size() - 2);
    }
  } else if (t.find('@') != std::string_view::npos) {
    if (!plausible_email(t)) {
      return make_error(ErrorCode::invalid_argument, fmt::format("reporter: '{}' is not a mail address", t));
    }
    r.email = std::string(t);
  } else {
    r.name = std::string(t);
  }
  return r;
}

std::string format_reporter(const Reporter& r) {
  if (r.name.empty()) {
    return r.email;
  }
  if (r.email.empty()) {
    return r.name;
  }
  return fmt::format("{} <{}>", r.name, r.email);
}

std::string format_case_id(std::string_view prefix, int year, int number) {
  return fmt::format("{}-{:04}-{:04}", prefix, year, number);
}

Result<void> validate_case_prefix(std::string_view prefix) {
  if (prefix.empty() || prefix.size() > 16) {
    return make_error(ErrorCode::invalid_argument, "case_prefix: must be 1 to 16 characters");
  }
  for (char c : prefix) {
    if (!std::isupper(static_cast<unsigned char>(c)) && !std::isdigit(static_cast<unsigned char>(c))) {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("case_prefix: '{}' may only hold A-Z and 0-9", prefix));
    }
  }
  return {};
}

Result<void> validate_title(std::string_view title) {
  std::string_view t = util::trim(title);
  if (t.empty()) {
    return make_error(ErrorCode::invalid_argument, "title: must not be empty");
  }
  if (t.size() > 300) {
    return make_error(ErrorCode::invalid_argument, "title: longer than 300 characters");
  }
  for (char c : t) {
    if (c == '\n' || c == '\r' || c == '\0') {
      return make_error(ErrorCode::invalid_argument, "title: must be one line");
    }
  }
  return {};
}

}  // namespace embargo::core
