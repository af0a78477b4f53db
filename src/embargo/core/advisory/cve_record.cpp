#include <embargo/core/advisory/cve_record.hpp>

#include <cctype>

#include <embargo/core/version.hpp>

namespace embargo::core::advisory {

namespace {

nlohmann::json english(const std::string& text) { return {{"lang", "en"}, {"value", text}}; }

std::string iso_seconds(util::Timestamp t) {
  std::string s = util::format_timestamp(t);
  return s.substr(0, 19) + ".000Z";
}

nlohmann::json metrics(const AdvisoryInput& in) {
  nlohmann::json out = nlohmann::json::array();
  if (!in.cvss) {
    return out;
  }
  for (const std::string& vector : in.v.cvss) {
    if (auto scored = in.cvss(vector)) {
      out.push_back({{"format", "CVSS"},
                     {"scenarios", nlohmann::json::array({english("GENERAL")})},
                     {scored->first, scored->second}});
    }
  }
  return out;
}

}  // namespace

nlohmann::json cve_versions(std::string_view affected_range) {
  auto range = parse_version_range(affected_range, "affected");
  nlohmann::json versions = nlohmann::json::array();
  if (!range) {
    return versions;
  }
  nlohmann::json entry = {{"status", "affected"}, {"versionType", "custom"}};
  std::string lower = "0";
  for (const Constraint& c : range->constraints) {
    switch (c.op) {
      case RangeOp::eq:
        versions.push_back({{"version", c.version.to_string()}, {"status", "affected"}, {"versionType", "custom"}});
        break;
      case RangeOp::ge:
      case RangeOp::gt:  // CVE 5 has no exclusive lower bound; the bound version itself is then listed too
        lower = c.version.to_string();
        break;
      case RangeOp::lt: entry["lessThan"] = c.version.to_string(); break;
      case RangeOp::le: entry["lessThanOrEqual"] = c.version.to_string(); break;
    }
  }
  if (versions.empty() || entry.contains("lessThan") || entry.contains("lessThanOrEqual")) {
    entry["version"] = lower;
    if (!entry.contains("lessThan") && !entry.contains("lessThanOrEqual")) {
      entry["lessThan"] = "*";
    }
    versions = nlohmann::json::array({entry});
  }
  return versions;
}

nlohmann::json cna_container(const AdvisoryInput& in) {
  const auto& config = in.config;
  nlohmann::json provider = {{"orgId", config.cna_org_id}};
  if (!config.cna_short_name.empty()) {
    provider["shortName"] = config.cna_short_name;
  }
  nlohmann::json cna = {
      {"providerMetadata", provider},
      {"title", in.v.title},
      {"descriptions", nlohmann::json::array({english(in.v.description.empty() ? in.v.title : in.v.description)})},
      {"affected", nlohmann::json::array({{{"vendor", config.vendor},
                                           {"product", config.product},
                                           {"defaultStatus", "unaffected"},
                                           {"versions", cve_versions(in.v.affected)}}})},
      {"references", nlohmann::json::array({{{"url", reference_url(in)},
                                             {"tags", nlohmann::json::array({"vendor-advisory"})}}})},
  };
  if (!config.repository_url.empty()) {
    cna["affected"][0]["repo"] = config.repository_url;
  }
  if (!config.purl.empty()) {
    cna["affected"][0]["packageURL"] = config.purl;  // CVE 5.2
  }
  if (!in.v.cwe.empty()) {
    // "CWE-787 Out-of-bounds Write", as CNAs write it, when the name is known.
    auto name = cwe_name(in.cwes, in.v.cwe);
    std::string description = name ? in.v.cwe + " " + *name : in.v.cwe;
    cna["problemTypes"] = nlohmann::json::array(
        {{{"descriptions", nlohmann::json::array({{{"lang", "en"},
                                                   {"description", description},
                                                   {"cweId", in.v.cwe},
                                                   {"type", "CWE"}}})}}});
  }
  if (auto m = metrics(in); !m.empty()) {
    cna["metrics"] = m;
  }
  if (std::string credit = published_credit(in.c.reporter); !credit.empty()) {
    cna["credits"] = nlohmann::json::array({{{"lang", "en"}, {"value", credit}, {"type", "finder"}}});
  }
  if (in.c.release_at && !in.draft) {
    cna["datePublic"] = iso_seconds(*in.c.release_at);
  }
  if (!in.v.mitigation.empty()) {
    cna["workarounds"] = nlohmann::json::array({english(in.v.mitigation)});
  }
  return cna;
}

Result<void> check_cna(const AdvisoryConfig& config) {
  const std::string& id = config.cna_org_id;
  bool uuid = id.size() == 36;
  for (std::size_t i = 0; uuid && i < id.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    uuid = dash ? id[i] == '-' : std::isxdigit(static_cast<unsigned char>(id[i])) != 0;
  }
  if (!uuid) {
    return make_error(ErrorCode::invalid_argument,
                      id.empty() ? "advisory.cna_org_id is not configured (the CNA's UUID from CVE Services)"
                                 : "advisory.cna_org_id: '" + id + "' is not a UUID");
  }
  return {};
}

nlohmann::json cve_record(const AdvisoryInput& in) {
  nlohmann::json meta = {{"cveId", cve_identifier(in.v)},
                         {"assignerOrgId", in.config.cna_org_id},
                         {"state", "PUBLISHED"}};
  if (!in.config.cna_short_name.empty()) {
    meta["assignerShortName"] = in.config.cna_short_name;
  }
  if (in.c.release_at && !in.draft) {
    meta["datePublished"] = iso_seconds(*in.c.release_at);
  }
  return {{"dataType", "CVE_RECORD"},
          {"dataVersion", k_cve_data_version},
          {"cveMetadata", meta},
          {"containers", {{"cna", cna_container(in)}}}};
}

}  // namespace embargo::core::advisory
