#pragma once

// What publishing a CVE record needs, shared by `embargo cve publish` and the
// scheduler's publish-cve step: the client's settings with the API key (from
// $EMBARGO_CVE_API_KEY or [cve_services] api_key_file, never logged), and the
// CNA container as CVE Services takes it, checked before any request.

#include <filesystem>

#include <nlohmann/json.hpp>

#include <embargo/core/advisory/advisory_input.hpp>
#include <embargo/core/project_config.hpp>
#include <embargo/cveapi/cve_services_client.hpp>

namespace embargo::cveapi {

// InvalidArgument naming what is missing (cve_services.user,
// advisory.cna_short_name, the API key); the key file is relative to
// `data_dir`.
Result<CveServicesConfig> services_config(const core::ProjectConfig& project, const std::filesystem::path& data_dir);

// The CNA container for `in`, validated against the CVE 5.2 schema, with the
// references' tags left out (CVE Services' request schema admits none).
// Errors: check_publishable's and check_cna's, Corruption when the schema
// check fails (the message names the JSON pointer).
Result<nlohmann::json> request_container(const core::advisory::AdvisoryInput& in);

// True when the published record `record` (GET /cve/{id}) already says what
// `container` says: every field of the container is equal in the record's
// CNA container (fields the service adds, like providerMetadata, are not
// compared).
bool same_content(const nlohmann::json& record, const nlohmann::json& container);

}  // namespace embargo::cveapi
