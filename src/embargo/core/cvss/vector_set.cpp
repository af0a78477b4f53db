#include <algorithm>
#include <array>
#include <optional>

#include <fmt/format.h>

#include <embargo/core/cvss/cvss.hpp>
#include <embargo/core/cvss/vector_parser.hpp>
#include <embargo/core/cvss/vector_set.hpp>

namespace embargo::core::cvss {

Result<std::vector<std::string>> merge_vectors(const std::vector<std::string>& stored,
                                               const std::vector<std::string>& given) {
  std::array<std::optional<std::string>, 4> by_version;
  bool clear = std::find(given.begin(), given.end(), std::string()) != given.end();
  if (!clear) {
    for (const std::string& text : stored) {
      auto parsed = parse_vector(text);
      if (parsed) {
        by_version[static_cast<std::size_t>(parsed->version)] = text;
      }
    }
  }
  std::array<bool, 4> seen{};
  for (const std::string& text : given) {
    if (text.empty()) {
      continue;
    }
    auto parsed = parse_vector(text);
    if (!parsed) {
      return make_error(ErrorCode::invalid_argument, fmt::format("cvss: {}", parsed.error().message()));
    }
    auto index = static_cast<std::size_t>(parsed->version);
    if (seen[index]) {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("cvss: two CVSS {} vectors given", version_text(parsed->version)));
    }
    seen[index] = true;
    by_version[index] = text;
  }
  std::vector<std::string> out;
  for (auto& text : by_version) {
    if (text) {
      out.push_back(*text);
    }
  }
  return out;
}

std::string score_summary(const std::string& vector) {
  auto scored = score_vector(vector);
  if (!scored) {
    return fmt::format("invalid: {}", scored.error().message());
  }
  if (scored->vector.version == Version::v2_0) {
    return fmt::format("{:.1f}", scored->base);
  }
  return fmt::format("{:.1f} {}", scored->base, severity_name(severity_of(scored->base)));
}

}  // namespace embargo::core::cvss
