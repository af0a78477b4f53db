#include <algorithm>
#include <cctype>
#include <vector>

#include <fmt/format.h>

#include <embargo/core/advisory/language_tag.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::core::advisory {

namespace {

bool all_of(std::string_view s, int (*pred)(int)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [pred](unsigned char c) { return pred(c) != 0; });
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::toupper(c); });
  return out;
}

std::string title(std::string_view s) {
  std::string out = lower(s);
  if (!out.empty()) {
    out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  }
  return out;
}

// Private-use ranges of the registry: languages qaa-qtz, scripts Qaaa-Qabx, regions AA, QM-QZ, XA-XZ, ZZ.
bool private_language(const std::string& l) {
  return l.size() == 3 && l[0] == 'q' && l[1] >= 'a' && l[1] <= 't';
}
bool private_script(const std::string& s) {
  return s >= "Qaaa" && s <= "Qabx";
}
bool private_region(const std::string& r) {
  return r == "AA" || r == "ZZ" || (r[0] == 'Q' && r[1] >= 'M') || r[0] == 'X';
}

// Variants, extensions and private use: form only.
std::optional<std::string> check_tail(const std::vector<std::string_view>& parts, std::size_t i) {
  for (; i < parts.size(); ++i) {
    std::string_view p = parts[i];
    if (p.size() == 1) {
      return std::nullopt;  // an extension or private use: the rest is its own
    }
    bool variant = (p.size() >= 5 && p.size() <= 8 && all_of(p, std::isalnum)) ||
                   (p.size() == 4 && std::isdigit(static_cast<unsigned char>(p[0])) != 0 && all_of(p, std::isalnum));
    if (!variant) {
      return fmt::format("subtag \"{}\" is not a variant, extension or private use", p);
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> language_tag_problem(std::string_view tag, const LanguageCodes& codes) {
  auto parts = util::split(tag, '-');
  if (parts.empty() || parts[0].empty()) {
    return "the language tag is empty";
  }
  if (lower(parts[0]) == "x") {
    return std::nullopt;  // private use
  }
  std::string language = lower(parts[0]);
  if (!all_of(language, std::isalpha) || language.size() < 2 || language.size() > 3) {
    return fmt::format("\"{}\" is not a registered language subtag", parts[0]);
  }
  if (!codes.languages.contains(language) && !private_language(language)) {
    return fmt::format("\"{}\" is not an ISO 639 language code usable in BCP 47", parts[0]);
  }
  std::size_t i = 1;
  for (int ext = 0; ext < 3 && i < parts.size() && parts[i].size() == 3 && all_of(parts[i], std::isalpha); ++ext, ++i) {
    if (!codes.languages.contains(lower(parts[i]))) {
      return fmt::format("\"{}\" is not a language code (extended language subtag)", parts[i]);
    }
  }
  if (i < parts.size() && parts[i].size() == 4 && all_of(parts[i], std::isalpha)) {
    std::string script = title(parts[i]);
    if (!codes.scripts.contains(script) && !private_script(script)) {
      return fmt::format("\"{}\" is not an ISO 15924 script code", parts[i]);
    }
    ++i;
  }
  if (i < parts.size() && parts[i].size() == 2 && all_of(parts[i], std::isalpha)) {
    std::string region = upper(parts[i]);
    if (!codes.regions.contains(region) && !private_region(region)) {
      return fmt::format("\"{}\" is not an ISO 3166-1 region code", parts[i]);
    }
    ++i;
  } else if (i < parts.size() && parts[i].size() == 3 && all_of(parts[i], std::isdigit)) {
    ++i;  // UN M.49 area: form only
  }
  return check_tail(parts, i);
}

}  // namespace embargo::core::advisory
