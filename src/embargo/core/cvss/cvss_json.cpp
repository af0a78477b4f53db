#include <array>
#include <string>

#include <embargo/core/cvss/cvss_json.hpp>

namespace embargo::core::cvss {

namespace {

void add_metrics(nlohmann::ordered_json& out, const Vector& v, Group group) {
  auto table = metric_table(v.version);
  for (std::size_t m = 0; m < table.size(); ++m) {
    if (table[m].group == group && v.has(m)) {
      out[std::string(table[m].json_name)] = std::string(table[m].values[v[m]].json);
    }
  }
}

void add_score(nlohmann::ordered_json& out, const char* score_name, const char* severity_name, double score) {
  out[score_name] = score;
  if (severity_name != nullptr) {
    out[severity_name] = std::string(severity_json(severity_of(score)));
  }
}

}  // namespace

nlohmann::ordered_json to_first_json(const Scores& s, std::string_view vector_string) {
  const Version version = s.vector.version;
  const bool v2 = version == Version::v2_0;
  nlohmann::ordered_json out;
  out["version"] = std::string(version_text(version));
  out["vectorString"] = std::string(vector_string);
  add_metrics(out, s.vector, Group::base);
  add_score(out, "baseScore", v2 ? nullptr : "baseSeverity", s.base);
  add_metrics(out, s.vector, Group::temporal);
  if (s.temporal) {
    add_score(out, "temporalScore", v2 ? nullptr : "temporalSeverity", *s.temporal);
  }
  add_metrics(out, s.vector, Group::environmental);
  if (s.environmental) {
    add_score(out, "environmentalScore", v2 ? nullptr : "environmentalSeverity", *s.environmental);
  }
  add_metrics(out, s.vector, Group::supplemental);
  return out;
}

nlohmann::ordered_json to_report_json(const Scores& s, std::string_view vector_string) {
  nlohmann::ordered_json out = to_first_json(s, vector_string);
  switch (s.vector.version) {
    case Version::v2_0:
      if (!s.temporal) {
        out["temporalScore"] = nullptr;
      }
      if (!s.environmental) {
        out["environmentalScore"] = nullptr;
      }
      break;
    case Version::v4_0:
      out["score"] = s.base;
      out["nomenclature"] = std::string(s.nomenclature);
      break;
    case Version::v3_0:
    case Version::v3_1:
      break;
  }
  return out;
}

nlohmann::ordered_json error_json(std::string_view vector_string, std::string_view message) {
  nlohmann::ordered_json out;
  out["vectorString"] = std::string(vector_string);
  out["error"] = std::string(message);
  return out;
}

std::optional<std::pair<std::string, nlohmann::json>> advisory_metric(std::string_view vector) {
  auto scores = score_vector(vector);
  if (!scores) {
    return std::nullopt;
  }
  static constexpr std::array<const char*, 4> k_keys{"cvssV2_0", "cvssV3_0", "cvssV3_1", "cvssV4_0"};
  const auto key = k_keys.at(static_cast<std::size_t>(scores->vector.version));
  return std::make_pair(std::string(key), nlohmann::json(to_first_json(*scores, vector)));
}

}  // namespace embargo::core::cvss
