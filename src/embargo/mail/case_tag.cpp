#include <embargo/mail/case_tag.hpp>

#include <algorithm>

namespace embargo::mail {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// "YYYY-N..." with 4 to 9 digits after the dash.
bool is_year_and_number(std::string_view tail) {
  if (tail.size() < 9 || tail.size() > 14 || tail[4] != '-') {
    return false;
  }
  for (std::size_t i = 0; i < tail.size(); ++i) {
    if (i != 4 && !is_digit(tail[i])) {
      return false;
    }
  }
  return true;
}

// The id inside the brackets at `open` ("[" at subject[open]), if well formed.
std::string_view tag_at(std::string_view subject, std::size_t open, const std::vector<std::string>& prefixes) {
  // The longest id: a 16-character prefix, the year, 9 digits and two dashes.
  std::string_view rest = subject.substr(open + 1, 32);
  auto close = rest.find(']');
  if (close == std::string_view::npos) {
    return {};
  }
  std::string_view id = rest.substr(0, close);
  auto dash = id.find('-');
  if (dash == std::string_view::npos) {
    return {};
  }
  std::string_view prefix = id.substr(0, dash);
  bool known = std::find(prefixes.begin(), prefixes.end(), prefix) != prefixes.end();
  return known && is_year_and_number(id.substr(dash + 1)) ? id : std::string_view{};
}

}  // namespace

std::vector<std::string> case_tags(std::string_view subject, const std::vector<std::string>& prefixes) {
  std::vector<std::string> tags;
  for (auto at = subject.find('['); at != std::string_view::npos; at = subject.find('[', at + 1)) {
    std::string_view id = tag_at(subject, at, prefixes);
    if (!id.empty() && std::find(tags.begin(), tags.end(), id) == tags.end()) {
      tags.emplace_back(id);
    }
  }
  return tags;
}

std::vector<std::string> case_prefixes(const core::ProjectConfig& config) {
  std::vector<std::string> out{config.case_prefix};
  for (const auto& p : config.projects) {
    out.push_back(p.case_prefix);
  }
  return out;
}

}  // namespace embargo::mail
