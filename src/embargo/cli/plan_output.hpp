#pragma once

// What `embargo plan ...` and `embargo case plan` share: building the
// planner from the configuration (defaults without a data directory), the
// options common to both, and the three output formats.

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <embargo/calendar/ics.hpp>
#include <embargo/cli/context.hpp>
#include <embargo/core/planner/planner.hpp>

namespace embargo::cli {

// `plan check` and `plan propose` exit with this when a rule fails.
inline constexpr int k_exit_rule_fails = 4;

struct PlanSetup {
  core::ProjectConfig config;
  std::optional<core::planner::Planner> planner;  // always set by load_plan_setup
  std::vector<core::planner::Zone> zones;         // display zones (config [time] zones)
  std::optional<core::planner::Zone> input_zone;  // --tz
  util::Timestamp now{};
};

struct PlanOptions {
  std::string tz;            // --tz ZONE for times without a zone
  std::string holidays;      // --holidays FILE.ics (added to the policy's holidays_file)
  std::string now;           // --now
  std::string exploitation;  // --exploitation
  std::string deadline;      // --reporter-deadline
  std::string format;        // --format text|json|ics
  std::string project;       // --project NAME: that [[projects]] entry's policy and zones
};

// The config of the data directory when one is given (--data/EMBARGO_DATA),
// else the defaults; the holidays of policy.holidays_file and --holidays;
// the display zones; --tz; now (--now, else the context clock). With
// `case_id`, the policy and zones of the case's project (Context::case_config).
Result<PlanSetup> load_plan_setup(Context& ctx, const PlanOptions& o, std::string_view case_id = "");

// Adds --tz, --holidays, --format text|json|ics (and --now when `with_now`).
void add_plan_options(CLI::App* sub, PlanOptions& o, bool with_now);

// A time option: parse_moment with --tz, naming `field`.
Result<util::Timestamp> parse_time_option(const PlanSetup& s, const std::string& text, std::string_view field);
Result<std::optional<util::Date>> parse_deadline_option(const std::string& text);

// The plan in `format` on `out`; `title` heads the text form and the ICS
// summaries, `uid_base` makes the ICS UIDs.
void print_plan(std::ostream& out, const PlanSetup& s, const core::planner::Plan& plan, const std::string& format,
                const std::string& title, const std::string& uid_base);
// The readable table with `<-- NOW`, local times per zone, reasons, checks.
void print_plan_text(std::ostream& out, const std::vector<core::planner::Zone>& zones, const core::planner::Plan& plan,
                     std::optional<util::Timestamp> now);

// "Release kind: ..." under a case's plan (text form): the recorded
// decision (core/release_kind.hpp), or the proposal and how to record it.
Result<void> print_release_kind_line(Context& ctx, const std::string& case_id);

}  // namespace embargo::cli
