#include <algorithm>
#include <chrono>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/core/planner/zone.hpp>
#include <embargo/notice/cra_clock.hpp>

namespace embargo::notice {

namespace {

using core::planner::format_utc_minutes;
using std::chrono::hours;

constexpr hours k_early_warning_after{24};
constexpr hours k_notification_after{72};
constexpr hours k_final_after{14 * 24};

nlohmann::json data_of(const core::TimelineEntry& e) {
  return e.data.empty() ? nlohmann::json::object() : nlohmann::json::parse(e.data, nullptr, false);
}

// The exploitation an entry sets, or "" when it sets none.
std::string exploitation_set_by(const core::TimelineEntry& e, const nlohmann::json& data) {
  if ((e.kind != core::entry_kind::k_created && e.kind != core::entry_kind::k_field) || !data.is_object()) {
    return "";
  }
  auto it = data.find("exploitation");
  return it != data.end() && it->is_string() ? it->get<std::string>() : "";
}

bool reported(const CraFacts& f, std::string_view stage) {
  return std::find(f.reported.begin(), f.reported.end(), stage) != f.reported.end();
}

Duty aware_duty(std::string_view stage, hours after, const CraFacts& f, std::string_view what) {
  Duty d{cra_rule(stage), "", "open", "", *f.aware_at + after};
  if (reported(f, stage)) {
    d.state = "done";
  }
  d.detail = fmt::format("{}: due {} h after the team became aware of active exploitation ({}), by {}{}", what,
                         after.count(), format_utc_minutes(*f.aware_at), format_utc_minutes(*d.due),
                         d.state == "done" ? "; recorded as sent" : "");
  return d;
}

Duty final_duty(const core::Case& c, const CraFacts& f) {
  Duty d{cra_rule(cra::k_final), "", "open", "", std::nullopt};
  std::string from;
  if (f.public_at) {
    d.due = *f.public_at + k_final_after;
    from = fmt::format("the fix was public at {}", format_utc_minutes(*f.public_at));
  } else if (c.release_at) {
    d.state = "ok";
    d.due = *c.release_at + k_final_after;
    from = fmt::format("the release is planned for {}", format_utc_minutes(*c.release_at));
  } else {
    d.state = "ok";
    from = "no release is planned yet";
  }
  if (reported(f, cra::k_final)) {
    d.state = "done";
  }
  d.detail =
      fmt::format("final report to the manufacturers: due 14 days after the fix is public ({}){}{}", from,
                  d.due ? ", by " + format_utc_minutes(*d.due) : "", d.state == "done" ? "; recorded as sent" : "");
  return d;
}

}  // namespace

Result<std::string> parse_cra_stage(std::string_view text) {
  for (std::string_view s : {cra::k_early_warning, cra::k_notification, cra::k_final}) {
    if (text == s) {
      return std::string(s);
    }
  }
  return make_error(ErrorCode::invalid_argument,
                    fmt::format("stage: '{}' is not early-warning, notification or final", text));
}

std::string cra_rule(std::string_view stage) {
  return stage == cra::k_final ? "cra-final-report" : fmt::format("cra-{}", stage);
}

CraFacts cra_facts(const std::vector<core::TimelineEntry>& timeline) {
  CraFacts f;
  for (const core::TimelineEntry& e : timeline) {
    nlohmann::json data = data_of(e);
    std::string set = exploitation_set_by(e, data);
    if (set == "active") {
      f.aware_at = e.at;
    } else if (!set.empty()) {
      f.aware_at.reset();
    }
    if (e.kind == core::entry_kind::k_state && data.is_object() && data.value("to", "") == "public" && !f.public_at) {
      f.public_at = e.at;
    }
    if (e.kind == cra::k_report_entry && data.is_object() && data.contains("stage") && data["stage"].is_string()) {
      f.reported.push_back(data["stage"].get<std::string>());
    }
  }
  return f;
}

std::vector<Duty> cra_duties(const core::Case& c, const CraFacts& facts, const config::CraConfig& cra) {
  if (!cra.enabled || c.exploitation != core::Exploitation::active || !facts.aware_at) {
    return {};
  }
  return {
      aware_duty(cra::k_early_warning, k_early_warning_after, facts, "early warning to the manufacturers"),
      aware_duty(cra::k_notification, k_notification_after, facts, "vulnerability notification to the manufacturers"),
      final_duty(c, facts)};
}

}  // namespace embargo::notice
