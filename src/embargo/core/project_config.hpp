#pragma once

#include <string>
#include <vector>

#include <embargo/core/planner/policy.hpp>

namespace embargo::core {

// How the project appears in advisories it publishes (CVE records, OSV,
// CSAF), from the [advisory] section.
struct AdvisoryConfig {
  std::string vendor = "Example";
  std::string product = "Example";
  std::string cna_org_id;      // UUID of the CNA (CVE Services), empty if the project is not a CNA
  std::string cna_short_name;  // e.g. "Exim"
  // Where each advisory is published; "{id}" is replaced by the identifier.
  std::string advisory_url;
  std::string repository_url;  // public git repository, for OSV GIT ranges
  // The product's package URL without a version ("pkg:github/Exim/exim"):
  // packageURL in CVE records, the package in OSV. Empty: not written.
  std::string purl;
};

// Where the project's CNA account lives ([cve_services]). The API key is not
// here: it comes from $EMBARGO_CVE_API_KEY or the file api_key_file names.
struct CveServicesSettings {
  std::string url = "https://cveawg.mitre.org/api";
  std::string user;
  std::string api_key_file;  // relative to the data directory
};

// Another project served by the same embargod ([[projects]], issue 12 and
// core/project.hpp): its cases get their own id prefix and team.
struct ProjectEntry {
  std::string name;          // [a-z0-9._-], 1-64: how commands name it
  std::string display_name;  // "Exim"
  std::string case_prefix;   // "EXIM": its case ids
  // Its settings file as given (`config`, relative to the data directory;
  // config/project_settings.hpp); empty = embargo.toml's settings.
  std::string config_file;
};

// What a project configures about itself (config/config_file.hpp reads it
// from embargo.toml). Later subsystems add their sections beside these.
struct ProjectConfig {
  std::string project_name = "Example";
  std::string case_prefix = "EMB";
  // Zones in which times are shown (the planner's `local` times); releases
  // are planned in policy.release_zone.
  std::vector<std::string> time_zones = {"Europe/London",   "America/Los_Angeles", "America/New_York",
                                         "Europe/Berlin",   "Europe/Moscow",       "Asia/Tokyo"};
  AdvisoryConfig advisory;
  CveServicesSettings cve_services;
  // The disclosure policy the planner applies ([policy] in embargo.toml).
  planner::Policy policy;
  // Other projects on this server ([[projects]]); this one is the server's own.
  std::vector<ProjectEntry> projects;
};

}  // namespace embargo::core
