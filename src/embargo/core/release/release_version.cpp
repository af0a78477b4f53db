#include <embargo/core/release/release_version.hpp>

#include <charconv>
#include <regex>

#include <fmt/format.h>

namespace embargo::core::release {

std::string ReleaseVersion::release_text() const {
  std::string s = fmt::format("{}.{}", major, minor);
  if (security) {
    s += fmt::format(".{}", *security);
  }
  if (fixes) {
    s += fmt::format(".{}", *fixes);
  }
  return s;
}

std::string ReleaseVersion::text() const {
  return rc ? fmt::format("{}-RC{}", release_text(), *rc) : release_text();
}

namespace {

tl::unexpected<Error> bad_version(std::string_view text, std::string_view why) {
  return make_error(ErrorCode::invalid_argument,
                    fmt::format("version '{}' {} (expected MAJOR.MINOR[.SECURITY[.FIXES]][-RCn])", text, why));
}

// A decimal number without sign or leading zeros, at most 9 digits.
std::optional<int> parse_number(std::string_view s) {
  if (s.empty() || s.size() > 9 || (s.size() > 1 && s[0] == '0')) {
    return std::nullopt;
  }
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) {
    return std::nullopt;
  }
  return v;
}

}  // namespace

Result<ReleaseVersion> parse_release_version(std::string_view text) {
  std::string_view body = text;
  ReleaseVersion v;
  if (auto dash = body.find('-'); dash != std::string_view::npos) {
    std::string_view suffix = body.substr(dash + 1);
    if (suffix.substr(0, 2) != "RC") {
      return bad_version(text, "has a suffix other than -RCn");
    }
    v.rc = parse_number(suffix.substr(2));
    if (!v.rc) {
      return bad_version(text, "has a malformed RC number");
    }
    body = body.substr(0, dash);
  }
  std::vector<int> parts;
  while (true) {
    auto dot = body.find('.');
    auto n = parse_number(body.substr(0, dot));
    if (!n) {
      return bad_version(text, "has a part that is not a number");
    }
    parts.push_back(*n);
    if (dot == std::string_view::npos) {
      break;
    }
    body = body.substr(dot + 1);
  }
  if (parts.size() < 2 || parts.size() > 4) {
    return bad_version(text, "must have two to four numbers");
  }
  v.major = parts[0];
  v.minor = parts[1];
  if (parts.size() > 2) {
    v.security = parts[2];
  }
  if (parts.size() > 3) {
    v.fixes = parts[3];
  }
  return v;
}

namespace {

// exim-4_90_1 -> 4.90.1, exim-4_97_RC2 -> 4.97-RC2.
std::string from_underscores(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_' && s.substr(i + 1, 2) == "RC") {
      out += '-';
    } else {
      out += s[i] == '_' ? '.' : s[i];
    }
  }
  return out;
}

}  // namespace

Result<ReleaseVersion> version_from_tag(std::string_view tag, const std::vector<std::string>& patterns) {
  for (const auto& pattern : patterns) {
    for (std::string_view placeholder : {std::string_view("{version}"), std::string_view("{version_}")}) {
      auto at = pattern.find(placeholder);
      if (at == std::string::npos) {
        continue;
      }
      std::string_view prefix = std::string_view(pattern).substr(0, at);
      std::string_view suffix = std::string_view(pattern).substr(at + placeholder.size());
      if (tag.size() <= prefix.size() + suffix.size() || tag.substr(0, prefix.size()) != prefix ||
          tag.substr(tag.size() - suffix.size()) != suffix) {
        continue;
      }
      std::string_view middle = tag.substr(prefix.size(), tag.size() - prefix.size() - suffix.size());
      bool underscores = placeholder == "{version_}";
      bool has_underscore = middle.find('_') != std::string_view::npos;
      bool has_dot = middle.find('.') != std::string_view::npos;
      if (underscores ? (!has_underscore || has_dot) : has_underscore) {
        continue;
      }
      auto v = parse_release_version(underscores ? from_underscores(middle) : std::string(middle));
      if (!v) {
        return make_error(ErrorCode::invalid_argument, fmt::format("tag '{}': {}", tag, v.error().message()));
      }
      return v;
    }
  }
  std::string list;
  for (const auto& p : patterns) {
    list += list.empty() ? p : ", " + p;
  }
  return make_error(ErrorCode::not_found, fmt::format("tag '{}' does not match a release tag pattern ({})", tag, list));
}

namespace {

// The first group of the first line matching `pattern` entirely.
Result<std::optional<std::string>> find_line(std::string_view content, const std::string& pattern) {
  std::regex re;
  try {
    re = std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return make_error(ErrorCode::invalid_argument, fmt::format("release pattern '{}' is not a regex: {}", pattern,
                                                               e.what()));
  }
  std::size_t start = 0;
  while (start <= content.size()) {
    auto end = content.find('\n', start);
    std::string line(content.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    std::smatch m;
    if (std::regex_match(line, m, re) && m.size() > 1) {
      return std::optional<std::string>(m[1].str());
    }
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  return std::optional<std::string>();
}

}  // namespace

Result<void> check_version_file(std::string_view file_name, std::string_view content, const ReleaseVersion& version,
                                const ReleaseSettings& settings) {
  TRY_ASSIGN(auto found, find_line(content, settings.version_pattern));
  if (!found) {
    return make_error(ErrorCode::invalid_argument, fmt::format("version file {}: no line matches '{}'", file_name,
                                                               settings.version_pattern));
  }
  if (*found != version.release_text()) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("version mismatch: {} says {} but the tag is version {}", file_name, *found,
                                  version.release_text()));
  }
  if (settings.variant_pattern.empty()) {
    return {};
  }
  TRY_ASSIGN(auto variant, find_line(content, settings.variant_pattern));
  std::string want = version.rc ? fmt::format("RC{}", *version.rc) : std::string();
  std::string got = variant.value_or("");
  if (got != want) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("version mismatch: {} has variant '{}' but the tag is version {}", file_name, got,
                                  version.text()));
  }
  return {};
}

}  // namespace embargo::core::release
