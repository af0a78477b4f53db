#include <embargo/core/advisory/advisory_input.hpp>

#include <fmt/format.h>

namespace embargo::core::advisory {

Result<void> check_publishable(const AdvisoryInput& in) {
  std::string what = fmt::format("vulnerability {} of {}", in.v.ordinal, in.c.id);
  if (in.v.identifier.empty()) {
    return make_error(ErrorCode::invalid_argument, fmt::format("{}: no identifier yet (vuln set --id)", what));
  }
  if (in.v.affected.empty()) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("{}: no affected versions (vuln set --affected \">=4.92,<4.99.1\")", what));
  }
  if (in.config.advisory_url.empty()) {
    return make_error(ErrorCode::invalid_argument,
                      "advisory.advisory_url is not configured; a published record needs a reference");
  }
  return {};
}

std::string advisory_url(const AdvisoryConfig& config, std::string_view identifier) {
  std::string url = config.advisory_url;
  auto pos = url.find("{id}");
  if (pos != std::string::npos) {
    url.replace(pos, 4, identifier);
  }
  return url;
}

std::string published_credit(const Reporter& r) { return r.anonymous ? std::string() : r.credit; }

}  // namespace embargo::core::advisory
