#pragma once

// The EU Cyber Resilience Act's clock (issue 25; Article 14, applying since
// 2026-09-11) on a case, with [cra] enabled (config/cra_config.hpp) and the
// case's exploitation "active". The manufacturers that ship the project owe
// three reports; each is a disclosure duty beside the lists' ones
// (disclosure_duties.hpp), so it is shown, checked and reminded like them:
//
//   cra-early-warning   24 hours after the team became aware
//   cra-notification    72 hours after the team became aware
//   cra-final-report    14 days after the fix is public: the case's move to
//                       `public`; before that, counted from the planned
//                       release (state "ok"), or without a due time
//
// Awareness is the time the case's timeline recorded exploitation "active"
// (its creation, or the `case edit --exploitation active` that set it; after
// it was set back and then active again, the latest). A duty is "done" once
// `embargo report cra CASE --stage S --sent` recorded a "cra-report"
// timeline entry for its stage.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/config/cra_config.hpp>
#include <embargo/core/case.hpp>
#include <embargo/core/timeline.hpp>
#include <embargo/notice/disclosure_duties.hpp>
#include <embargo/util/result.hpp>
#include <embargo/util/time.hpp>

namespace embargo::notice {

namespace cra {
// The stages, as `embargo report cra --stage` names them.
inline constexpr std::string_view k_early_warning = "early-warning";
inline constexpr std::string_view k_notification = "notification";
inline constexpr std::string_view k_final = "final";
// The timeline entry that records a stage's report as sent: data {"stage"}.
inline constexpr std::string_view k_report_entry = "cra-report";
}  // namespace cra

// Exactly one of the stage names above; InvalidArgument names them.
Result<std::string> parse_cra_stage(std::string_view text);
// The duty rule of a stage: "cra-early-warning", "cra-notification", "cra-final-report".
std::string cra_rule(std::string_view stage);

struct CraFacts {
  std::optional<util::Timestamp> aware_at;   // exploitation last became "active"
  std::optional<util::Timestamp> public_at;  // the case's first move to public
  std::vector<std::string> reported;         // stages recorded as sent
};

// What the timeline says, in order.
CraFacts cra_facts(const std::vector<core::TimelineEntry>& timeline);

// The three duties (list ""), or none when the clock is off or `c`'s
// exploitation is not "active". States as Duty's; an "open" or "ok" one past
// its due time is made "fail" by disclosure_duties.
std::vector<Duty> cra_duties(const core::Case& c, const CraFacts& facts, const config::CraConfig& cra);

}  // namespace embargo::notice
