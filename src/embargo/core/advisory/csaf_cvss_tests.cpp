#include <array>
#include <cmath>
#include <string_view>

#include <fmt/format.h>

#include <embargo/core/advisory/csaf_cvss_tests.hpp>
#include <embargo/core/advisory/csaf_walk.hpp>
#include <embargo/core/cvss/cvss.hpp>
#include <embargo/core/cvss/cvss_json.hpp>

namespace embargo::core::advisory {

namespace {

using Json = nlohmann::json;
using Findings = std::vector<CsafFinding>;

constexpr std::array<std::string_view, 6> k_score_members = {
    "baseScore", "baseSeverity", "temporalScore", "temporalSeverity", "environmentalScore", "environmentalSeverity"};

bool is_score_member(const std::string& key) {
  for (std::string_view m : k_score_members) {
    if (key == m) {
      return true;
    }
  }
  return false;
}

// 6.1.8; the scores of the vector when the object is usable for 6.1.9/10.
std::optional<cvss::Scores> check_form(const Json& obj, bool v2, const std::string& pointer, Findings& out) {
  std::vector<const char*> required = {"version", "vectorString", "baseScore"};
  if (!v2) {
    required.push_back("baseSeverity");
  }
  for (const char* member : required) {
    if (!obj.contains(member)) {
      out.push_back({"6.1.8", pointer, fmt::format("the required member {} is missing", member)});
      return std::nullopt;
    }
  }
  std::string vector = obj["vectorString"];
  auto scores = cvss::score_vector(vector);
  if (!scores) {
    out.push_back({"6.1.8", pointer + "/vectorString", fmt::format("{}: {}", vector, scores.error().message())});
    return std::nullopt;
  }
  bool vector_v2 = scores->vector.version == cvss::Version::v2_0;
  bool vector_v4 = scores->vector.version == cvss::Version::v4_0;
  if (vector_v2 != v2 || vector_v4) {
    out.push_back({"6.1.8", pointer + "/vectorString",
                   fmt::format("a CVSS {} vector cannot stand in {}", cvss::version_text(scores->vector.version),
                               v2 ? "cvss_v2" : "cvss_v3")});
    return std::nullopt;
  }
  return *scores;
}

bool same_value(const Json& given, const Json& want) {
  if (given.is_number() && want.is_number()) {
    return std::fabs(given.get<double>() - want.get<double>()) < 1e-6;
  }
  return given == want;
}

void check_values(const Json& obj, const cvss::Scores& scores, const std::string& pointer, Findings& out) {
  Json want = cvss::to_first_json(scores, obj["vectorString"].get<std::string>());
  if (obj["version"] != want["version"]) {
    out.push_back({"6.1.10", pointer + "/version",
                   fmt::format("version {} but the vector is CVSS {}", obj["version"].get<std::string>(),
                               want["version"].get<std::string>())});
  }
  for (const auto& [key, given] : obj.items()) {
    if (key == "version" || key == "vectorString") {
      continue;
    }
    if (is_score_member(key)) {
      // v2 scores of a group the vector does not give: all "not defined", equal to the base score.
      const Json& expected = want.contains(key) ? want[key] : want["baseScore"];
      if (!same_value(given, expected)) {
        out.push_back({"6.1.9", pointer + "/" + key,
                       fmt::format("{} is {} but the vector gives {}", key, given.dump(), expected.dump())});
      }
      continue;
    }
    Json expected = want.contains(key) ? want[key] : Json("NOT_DEFINED");
    if (given != expected) {
      out.push_back({"6.1.10", pointer + "/" + key,
                     fmt::format("{} is {} but the vector says {}", key, given.dump(), expected.dump())});
    }
  }
}

}  // namespace

void test_cvss(const Json& doc, Findings& out) {
  const Json& vulns = vulnerabilities_of(doc);
  for (std::size_t v = 0; v < vulns.size(); ++v) {
    const Json& scores = vulns[v].value("scores", Json::array());
    for (std::size_t s = 0; s < scores.size(); ++s) {
      for (const char* key : {"cvss_v2", "cvss_v3"}) {
        if (!scores[s].contains(key)) {
          continue;
        }
        std::string pointer = fmt::format("/vulnerabilities/{}/scores/{}/{}", v, s, key);
        auto parsed = check_form(scores[s][key], std::string_view(key) == "cvss_v2", pointer, out);
        if (parsed) {
          check_values(scores[s][key], *parsed, pointer, out);
        }
      }
    }
  }
}

}  // namespace embargo::core::advisory
