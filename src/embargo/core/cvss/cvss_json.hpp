#pragma once

// JSON forms of CVSS scores, with the field names of FIRST's JSON schemas
// (data/schemas/cvss/cvss-v2.0.json, cvss-v3.0.json, cvss-v3.1.json, cvss-v4.0.json).

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include <embargo/core/cvss/cvss.hpp>

namespace embargo::core::cvss {

// The object FIRST's schema of the vector's version describes (CVE's cvssV3_1, CSAF's cvss_v4...):
// version, vectorString, every metric the vector gives (as the schema's enum names), and the
// scores. v2: temporalScore/environmentalScore only when computed (the schema allows no null);
// v2 has no severities. v3.x: all three scores and severities. v4.0: baseScore/baseSeverity are
// the score of the vector as given (the schema's 2026 revision dropped threat and environmental
// scores and forbids unknown members). Validates against that schema.
nlohmann::ordered_json to_first_json(const Scores& s, std::string_view vector_string);

// One line of `embargo cvss score --format json`: to_first_json plus these members, which are
// not in FIRST's schemas: v2 "temporalScore"/"environmentalScore" null when the vector has no
// metric of that group; v4 "score" (equal to baseScore) and "nomenclature" ("CVSS-BT", ...).
nlohmann::ordered_json to_report_json(const Scores& s, std::string_view vector_string);

// The member of a CVE record's metrics (or a CSAF score) that carries `vector`: its key
// ("cvssV2_0", "cvssV3_0", "cvssV3_1", "cvssV4_0") and to_first_json of its scores; nullopt if
// the vector does not parse. This is advisory::CvssToJson, the hook the exports take.
std::optional<std::pair<std::string, nlohmann::json>> advisory_metric(std::string_view vector);

// {"vectorString": ..., "error": ...} for a vector that does not parse.
nlohmann::ordered_json error_json(std::string_view vector_string, std::string_view message);

}  // namespace embargo::core::cvss
