#pragma once

// The JSON forms of cases, vulnerabilities and timeline entries: one
// definition for `--format json` and the HTTP API, so scripts see the same
// field names everywhere. Field names are a contract; add, never rename.

#include <nlohmann/json.hpp>

#include <embargo/core/artifact.hpp>
#include <embargo/core/case.hpp>
#include <embargo/core/timeline.hpp>
#include <embargo/core/vulnerability.hpp>

namespace embargo::core {

nlohmann::json to_json(const Case& c);
// The same, with the case's project ("" for the server's own; StoreTx::case_project).
nlohmann::json to_json(const Case& c, const std::string& project);
nlohmann::json to_json(const Reporter& r);
nlohmann::json to_json(const Vulnerability& v);
nlohmann::json to_json(const TimelineEntry& e);
nlohmann::json to_json(const Artifact& a);

}  // namespace embargo::core
