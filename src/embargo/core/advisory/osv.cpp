#include <embargo/core/advisory/osv.hpp>

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

}  // namespace

Result<nlohmann::json> osv_record(const AdvisoryInput& in, const OsvExtras& extras) {
  if (!in.v.identifier.starts_with("CVE-")) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("vulnerability {} of {}: OSV needs a CVE identifier as its id (has '{}')",
                                  in.v.ordinal, in.c.id, in.v.identifier));
  }
  // No "package": a source-only project has no ecosystem, and OSV requires
  // one in a package. The product is named in database_specific.
  nlohmann::json affected = {
      {"database_specific", {{"vendor", in.config.vendor}, {"product", in.config.product}}}};
  nlohmann::json ranges = nlohmann::json::array();
  if (!in.v.affected.empty()) {
    ranges.push_back({{"type", "ECOSYSTEM"}, {"events", version_events(in.v.affected)}});
  }
  if (!extras.fix_commit.empty() && !in.config.repository_url.empty()) {
    ranges.push_back({{"type", "GIT"},
                      {"repo", in.config.repository_url},
                      {"events", nlohmann::json::array({{{"introduced", "0"}}, {{"fixed", extras.fix_commit}}})}});
  }
  affected["ranges"] = ranges;
  nlohmann::json out = {{"schema_version", "1.7.5"},
                        {"id", in.v.identifier},
                        {"modified", rfc3339_seconds(extras.modified)},
                        {"summary", in.v.title},
                        {"details", in.v.description.empty() ? in.v.title : in.v.description},
                        {"affected", nlohmann::json::array({affected})}};
  if (in.c.release_at) {
    out["published"] = rfc3339_seconds(*in.c.release_at);
  }
  if (!in.config.advisory_url.empty()) {
    out["references"] = nlohmann::json::array({{{"type", "ADVISORY"}, {"url", advisory_url(in.config, in.v.identifier)}}});
  }
  if (std::string credit = published_credit(in.c.reporter); !credit.empty()) {
    out["credits"] = nlohmann::json::array({{{"name", credit}, {"type", "FINDER"}}});
  }
  if (!in.c.reporter.own_cve.empty() && in.c.reporter.own_cve != in.v.identifier) {
    out["aliases"] = nlohmann::json::array({in.c.reporter.own_cve});
  }
  for (const std::string& vector : in.v.cvss) {
    std::string type = vector.starts_with("CVSS:4.0/") ? "CVSS_V4" : vector.starts_with("CVSS:3") ? "CVSS_V3" : "CVSS_V2";
    out["severity"].push_back({{"type", type}, {"score", vector}});
  }
  return out;
}

}  // namespace embargo::core::advisory
