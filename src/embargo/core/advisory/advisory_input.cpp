#include <embargo/core/advisory/advisory_input.hpp>

#include <fmt/format.h>

namespace embargo::core::advisory {

Result<void> check_publishable(const AdvisoryInput& in) {
  std::string what = fmt::format("vulnerability {} of {}", in.v.ordinal, in.c.id);
  if (in.v.identifier.empty()) {
    return make_error(ErrorCode::invalid_argument, fmt::format("{}: no identifier yet (vuln set --id)", what));
  }
  if (cve_identifier(in.v).empty()) {
    // A GCVE alone: the CVE record and CVE Services need a CVE.
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("{}: no CVE identifier (has {}); a CVE record needs one: embargo vuln set {} {} "
                                  "--id CVE-YYYY-NNNN, or embargo cve reserve {}",
                                  what, identifiers_text(in.v), in.c.id, in.v.ordinal, in.c.id));
  }
  return check_container_content(in);
}

Result<void> check_container_content(const AdvisoryInput& in) {
  TRY(check_affected_known(in.c, in.v));
  if (in.config.advisory_url.empty()) {
    return make_error(ErrorCode::invalid_argument,
                      "advisory.advisory_url is not configured; a published record needs a reference");
  }
  return {};
}

bool before_release(const Case& c, util::Timestamp now) {
  if (c.state == CaseState::public_ || c.state == CaseState::closed) {
    return false;
  }
  return !c.release_at || *c.release_at > now;
}

Result<void> check_affected_known(const Case& c, const Vulnerability& v) {
  if (!v.affected.empty()) {
    return {};
  }
  return make_error(ErrorCode::invalid_argument,
                    fmt::format("vulnerability {0} of {1}: affected versions unknown; this export needs them: "
                                "embargo vuln set {1} {0} --affected \">=4.92,<4.99.1\"",
                                v.ordinal, c.id));
}

std::string page_identifier(const std::vector<Vulnerability>& vulns) {
  for (const Vulnerability& v : vulns) {
    if (!v.identifier.empty()) {
      return v.identifier;
    }
  }
  return {};
}

std::string expand_advisory_template(std::string_view url_template, std::string_view case_id,
                                     std::string_view page_id) {
  std::string out(url_template);
  for (auto [placeholder, value] : {std::pair<std::string_view, std::string_view>{"{id}", page_id.empty() ? case_id : page_id},
                                    std::pair<std::string_view, std::string_view>{"{case}", case_id}}) {
    for (auto pos = out.find(placeholder); pos != std::string::npos; pos = out.find(placeholder, pos + value.size())) {
      out.replace(pos, placeholder.size(), value);
    }
  }
  return out;
}

std::string advisory_url(const AdvisoryConfig& config, std::string_view case_id, std::string_view page_id) {
  return expand_advisory_template(config.advisory_url, case_id, page_id);
}

std::string advisory_page_file(const AdvisoryConfig& config, std::string_view case_id, std::string_view page_id) {
  std::string_view url = config.advisory_url;
  url = url.substr(0, url.find_first_of("?#"));
  std::string_view last = url.substr(url.rfind('/') + 1);
  if (last.empty()) {
    return std::string(case_id) + ".html";
  }
  return expand_advisory_template(last, case_id, page_id);
}

std::string reference_url(const AdvisoryInput& in) {
  return advisory_url(in.config, in.c.id, in.page_id.empty() ? std::string_view(in.v.identifier) : in.page_id);
}

std::string published_credit(const Reporter& r) { return r.anonymous ? std::string() : r.credit; }

}  // namespace embargo::core::advisory
