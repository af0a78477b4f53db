#include <embargo/core/advisory/osv.hpp>

#include <algorithm>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include <embargo/core/version.hpp>

namespace embargo::core::advisory {

namespace {

std::string rfc3339_seconds(util::Timestamp t) { return util::format_timestamp(t).substr(0, 19) + "Z"; }

// introduced/fixed/last_affected events for a range on our version numbers.
nlohmann::json version_events(const std::string& affected) {
  nlohmann::json events = nlohmann::json::array();
  auto range = parse_version_range(affected, "affected");
  if (!range) {
    return events;
  }
  std::string introduced = "0";
  nlohmann::json end;
  for (const Constraint& c : range->constraints) {
    std::string v = c.version.to_string();
    switch (c.op) {
      case RangeOp::ge:
      case RangeOp::gt:
      case RangeOp::eq: introduced = v; break;
      case RangeOp::lt: end = {{"fixed", v}}; break;
      case RangeOp::le: end = {{"last_affected", v}}; break;
    }
    if (c.op == RangeOp::eq && end.is_null()) {
      end = {{"last_affected", v}};
    }
  }
  events.push_back({{"introduced", introduced}});
  if (!end.is_null()) {
    events.push_back(end);
  }
  return events;
}

// The package name within its ecosystem: the purl's namespace and name
// (maven: "group:artifact"), without version, qualifiers or subpath.
std::string purl_package_name(std::string_view purl, std::string_view ecosystem) {
  std::string_view rest = purl.substr(purl.find('/') + 1);
  rest = rest.substr(0, rest.find_first_of("@?#"));
  std::string name(rest);
  if (ecosystem == "Maven") {
    std::replace(name.begin(), name.end(), '/', ':');
  }
  return name;
}

nlohmann::json affected_package(const AdvisoryInput& in) {
  nlohmann::json affected = {
      {"database_specific", {{"vendor", in.config.vendor}, {"product", in.config.product}}}};
  if (in.config.purl.empty()) {
    return affected;
  }
  if (std::string ecosystem = osv_ecosystem(in.config.purl); !ecosystem.empty()) {
    affected["package"] = {{"ecosystem", ecosystem},
                           {"name", purl_package_name(in.config.purl, ecosystem)},
                           {"purl", in.config.purl}};
  } else {
    affected["database_specific"]["purl"] = in.config.purl;
  }
  return affected;
}

}  // namespace

std::string osv_ecosystem(std::string_view purl) {
  static const std::pair<std::string_view, std::string_view> k_types[] = {
      {"pypi", "PyPI"},       {"npm", "npm"},         {"cargo", "crates.io"}, {"golang", "Go"},
      {"maven", "Maven"},     {"gem", "RubyGems"},    {"nuget", "NuGet"},     {"composer", "Packagist"},
      {"hex", "Hex"},         {"pub", "Pub"},         {"hackage", "Hackage"}, {"cran", "CRAN"},
      {"conan", "ConanCenter"}, {"swift", "SwiftURL"}};
  if (!purl.starts_with("pkg:")) {
    return {};
  }
  std::string_view type = purl.substr(4, purl.find('/') == std::string_view::npos ? 0 : purl.find('/') - 4);
  for (const auto& [t, ecosystem] : k_types) {
    if (type == t) {
      return std::string(ecosystem);
    }
  }
  return {};
}

Result<nlohmann::json> osv_record(const AdvisoryInput& in, const OsvExtras& extras) {
  TRY(check_affected_known(in.c, in.v));  // an OSV entry is its affected ranges
  const std::string cve = cve_identifier(in.v);
  if (cve.empty()) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("vulnerability {} of {}: OSV needs a CVE identifier as its id (has '{}'; "
                                  "embargo vuln set {} {} --id CVE-...)",
                                  in.v.ordinal, in.c.id, identifiers_text(in.v, "none"), in.c.id, in.v.ordinal));
  }
  nlohmann::json affected = affected_package(in);
  nlohmann::json ranges = nlohmann::json::array();
  ranges.push_back({{"type", "ECOSYSTEM"}, {"events", version_events(in.v.affected)}});
  bool commits_known = !extras.fix_commit.empty() || !extras.introduced_commit.empty();
  if (commits_known && !in.config.repository_url.empty()) {
    nlohmann::json events = nlohmann::json::array(
        {{{"introduced", extras.introduced_commit.empty() ? std::string("0") : extras.introduced_commit}}});
    if (!extras.fix_commit.empty()) {
      events.push_back({{"fixed", extras.fix_commit}});
    }
    ranges.push_back({{"type", "GIT"}, {"repo", in.config.repository_url}, {"events", events}});
  }
  affected["ranges"] = ranges;
  nlohmann::json out = {{"schema_version", "1.7.5"},
                        {"id", cve},
                        {"modified", rfc3339_seconds(extras.modified)},
                        {"summary", in.v.title},
                        {"details", in.v.description.empty() ? in.v.title : in.v.description},
                        {"affected", nlohmann::json::array({affected})}};
  if (in.c.release_at) {
    out["published"] = rfc3339_seconds(*in.c.release_at);
  }
  if (!in.config.advisory_url.empty()) {
    out["references"] = nlohmann::json::array({{{"type", "ADVISORY"}, {"url", reference_url(in)}}});
  }
  if (std::string credit = published_credit(in.c.reporter); !credit.empty()) {
    out["credits"] = nlohmann::json::array({{{"name", credit}, {"type", "FINDER"}}});
  }
  // The vulnerability's other identifiers (a GCVE), and a CVE the reporter obtained on their own.
  nlohmann::json aliases = non_cve_identifiers(in.v);
  if (!in.c.reporter.own_cve.empty() && in.c.reporter.own_cve != cve) {
    aliases.push_back(in.c.reporter.own_cve);
  }
  if (!aliases.empty()) {
    out["aliases"] = aliases;
  }
  for (const std::string& vector : in.v.cvss) {
    std::string type = vector.starts_with("CVSS:4.0/") ? "CVSS_V4" : vector.starts_with("CVSS:3") ? "CVSS_V3" : "CVSS_V2";
    out["severity"].push_back({{"type", type}, {"score", vector}});
  }
  return out;
}

}  // namespace embargo::core::advisory
