#include <doctest/doctest.h>

#include <embargo/config/config_file.hpp>

#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;

TEST_CASE("[policy] in embargo.toml") {
  SUBCASE("the default file parses to the default policy") {
    config::ConfigFile c = unwrap(config::parse_config(config::default_config_text("Exim", "EXIM"), "embargo.toml"));
    const core::planner::Policy& p = c.project.policy;
    core::planner::Policy defaults;
    CHECK(p.release_zone == defaults.release_zone);
    CHECK(p.release_time == defaults.release_time);
    CHECK(p.no_release_days == defaults.no_release_days);
    CHECK(p.packager_min == defaults.packager_min);
    CHECK(p.packager_preferred == defaults.packager_preferred);
    CHECK(p.distros_max == defaults.distros_max);
    CHECK(p.distros_preferred == defaults.distros_preferred);
    CHECK(p.heads_up_lead == defaults.heads_up_lead);
    CHECK(p.search_days == defaults.search_days);
  }
  SUBCASE("every rule can be changed") {
    config::ConfigFile c = unwrap(config::parse_config(R"(
[policy]
release_zone = "America/New_York"
release_time = "09:30"
release_tolerance_minutes = 15
no_release_days = ["sat", "Sunday"]
active_exploitation_any_day = false
poc_public_friday = false
holidays_file = "holidays.ics"
packager_window_min_hours = 48
packager_window_preferred_hours = 72
distros_max_embargo_days = 10
distros_preferred_embargo_days = 5
reporter_deadline = false
heads_up = false
heads_up_lead_hours = 12
heads_up_on_weekends = true
search_days = 30
)",
                                                       "t.toml"));
    const core::planner::Policy& p = c.project.policy;
    CHECK(p.release_zone == "America/New_York");
    CHECK(p.release_time == std::chrono::minutes(9 * 60 + 30));
    CHECK(p.release_tolerance == std::chrono::minutes(15));
    CHECK(p.no_release_days == std::array<bool, 7>{true, false, false, false, false, false, true});
    CHECK_FALSE(p.active_allows_any_day);
    CHECK_FALSE(p.poc_public_friday);
    CHECK(p.holidays_file == "holidays.ics");
    CHECK(p.packager_min == std::chrono::hours(48));
    CHECK(p.packager_preferred == std::chrono::hours(72));
    CHECK(p.distros_max == std::chrono::hours(240));
    CHECK(p.distros_preferred == std::chrono::hours(120));
    CHECK_FALSE(p.reporter_deadline);
    CHECK_FALSE(p.heads_up);
    CHECK(p.heads_up_lead == std::chrono::hours(12));
    CHECK(p.heads_up_on_weekends);
    CHECK(p.search_days == 30);
  }
  SUBCASE("mistakes name the key") {
    auto err = [](const std::string& text) { return config::parse_config(text, "t.toml").error().message(); };
    CHECK(err("[policy]\nrelease_hour = 14\n") == "config: policy.release_hour is not a known setting");
    CHECK(err("[policy]\nrelease_time = \"2pm\"\n").find("config: policy.release_time:") == 0);
    CHECK(err("[policy]\nno_release_days = [\"Caturday\"]\n").find("policy.no_release_days") != std::string::npos);
    CHECK(err("[policy]\npackager_window_min_hours = \"x\"\n") ==
          "config: policy.packager_window_min_hours has the wrong type");
    CHECK(err("[policy]\ndistros_max_embargo_days = 3\n").find("policy.distros_max_embargo_days") != std::string::npos);
    CHECK(err("[time]\nzones = [\"Europe/Londn\"]\n").find("config: time.zones: unknown time zone") == 0);
    CHECK(err("[policy]\nrelease_zone = \"Mars/Base\"\n").find("config: policy.release_zone: unknown time zone") == 0);
  }
}
