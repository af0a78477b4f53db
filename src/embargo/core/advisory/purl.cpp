#include <cctype>
#include <set>

#include <fmt/format.h>

#include <embargo/core/advisory/purl.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::core::advisory {

namespace {

bool percent_encoding_ok(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      continue;
    }
    if (i + 2 >= s.size()) {
      return false;
    }
    if (std::isxdigit(static_cast<unsigned char>(s[i + 1])) == 0 ||
        std::isxdigit(static_cast<unsigned char>(s[i + 2])) == 0) {
      return false;
    }
  }
  return true;
}

bool key_ok(std::string_view key) {
  if (key.empty() || std::isdigit(static_cast<unsigned char>(key[0])) != 0) {
    return false;
  }
  for (char c : key) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '.' && c != '-' && c != '_') {
      return false;
    }
  }
  return true;
}

std::optional<std::string> qualifiers_problem(std::string_view text) {
  std::set<std::string> keys;
  for (std::string_view pair : util::split(text, '&')) {
    auto eq = pair.find('=');
    std::string key(pair.substr(0, eq));
    for (char& c : key) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (eq == std::string_view::npos || eq + 1 == pair.size()) {
      return fmt::format("qualifier \"{}\" has no value", pair);
    }
    if (!key_ok(key)) {
      return fmt::format("qualifier key \"{}\" is not valid", key);
    }
    if (!keys.insert(key).second) {
      return fmt::format("qualifier \"{}\" is given twice", key);
    }
  }
  return std::nullopt;
}

bool type_ok(std::string_view type) {
  if (type.empty() || std::isdigit(static_cast<unsigned char>(type[0])) != 0) {
    return false;
  }
  for (char c : type) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '.' && c != '+' && c != '-') {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<std::string> purl_problem(std::string_view purl) {
  if (!percent_encoding_ok(purl)) {
    return "a percent sign is not followed by two hexadecimal digits";
  }
  std::string_view rest = purl;
  if (rest.size() < 4 || !util::iequals(rest.substr(0, 4), "pkg:")) {
    return "a purl starts with \"pkg:\"";
  }
  rest.remove_prefix(4);
  if (auto hash = rest.rfind('#'); hash != std::string_view::npos) {
    rest = rest.substr(0, hash);
  }
  if (auto q = rest.rfind('?'); q != std::string_view::npos) {
    if (auto problem = qualifiers_problem(rest.substr(q + 1))) {
      return problem;
    }
    rest = rest.substr(0, q);
  }
  while (!rest.empty() && rest.front() == '/') {
    rest.remove_prefix(1);
  }
  auto slash = rest.find('/');
  std::string type(rest.substr(0, slash));
  if (!type_ok(type)) {
    return fmt::format("type \"{}\" is not valid", type);
  }
  rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    rest = rest.substr(0, at);
  }
  while (!rest.empty() && rest.back() == '/') {
    rest.remove_suffix(1);
  }
  auto last = rest.rfind('/');
  std::string_view name = last == std::string_view::npos ? rest : rest.substr(last + 1);
  if (name.empty()) {
    return "a purl needs a name";
  }
  for (auto& c : type) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if ((type == "maven" || type == "golang") && last == std::string_view::npos) {
    return fmt::format("a {} purl needs a namespace", type);
  }
  return std::nullopt;
}

}  // namespace embargo::core::advisory
