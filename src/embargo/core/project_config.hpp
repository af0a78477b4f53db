#pragma once

#include <string>
#include <vector>

namespace embargo::core {

// What a project configures about itself (config/config_file.hpp reads it
// from embargo.toml). Later subsystems add their sections beside these.
struct ProjectConfig {
  std::string project_name = "Example";
  std::string case_prefix = "EMB";
  // Zones in which times are shown, first one is where releases are planned.
  std::vector<std::string> time_zones = {"Europe/London",   "America/Los_Angeles", "America/New_York",
                                         "Europe/Berlin",   "Europe/Moscow",       "Asia/Tokyo"};
};

}  // namespace embargo::core
