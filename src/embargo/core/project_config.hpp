#pragma once

#include <string>
#include <vector>

#include <embargo/core/planner/policy.hpp>

namespace embargo::core {

// What a project configures about itself (config/config_file.hpp reads it
// from embargo.toml). Later subsystems add their sections beside these.
struct ProjectConfig {
  std::string project_name = "Example";
  std::string case_prefix = "EMB";
  // Zones in which times are shown (the planner's `local` times); releases
  // are planned in policy.release_zone.
  std::vector<std::string> time_zones = {"Europe/London",   "America/Los_Angeles", "America/New_York",
                                         "Europe/Berlin",   "Europe/Moscow",       "Asia/Tokyo"};
  // The disclosure policy the planner applies ([policy] in embargo.toml).
  planner::Policy policy;
};

}  // namespace embargo::core
