#include <algorithm>

#include <nlohmann/json.hpp>

#include <embargo/core/planner/case_plan.hpp>
#include <embargo/notice/disclosure_timeline.hpp>

namespace embargo::notice {

namespace {

std::string label_of_sent(const std::string& kind) {
  if (kind == "advance") {
    return "Advance notice to the private lists";
  }
  if (kind == "fix") {
    return "Fix available to packagers";
  }
  if (kind == "heads-up") {
    return "Public heads-up";
  }
  if (kind == "release") {
    return "Release announcement";
  }
  return "";
}

std::string label_of_step(core::planner::Step step) {
  switch (step) {
    case core::planner::Step::advance_notice:
      return "Advance notice to the private lists";
    case core::planner::Step::fix_to_packagers:
      return "Fix available to packagers";
    case core::planner::Step::heads_up:
      return "Public heads-up";
    case core::planner::Step::release:
      return "Public release (CRD)";
  }
  return "";
}

bool has_key(const std::vector<PlannedEvent>& events, std::string_view key) {
  return std::any_of(events.begin(), events.end(), [&](const PlannedEvent& e) { return e.key == key; });
}

// The stored plan's steps that have not happened yet (a notice sent is shown
// at its sending time instead); the release comes from release_at.
Result<void> add_planned(core::StoreTx& tx, const core::Case& c, std::vector<PlannedEvent>& out) {
  TRY_ASSIGN(auto stored, tx.latest_plan(c.id));
  if (!stored) {
    return {};
  }
  for (const core::planner::Event& e : stored->plan.events) {
    std::string key(core::planner::to_string(e.step));
    if (e.step == core::planner::Step::release && c.release_at) {
      continue;
    }
    if (!has_key(out, key)) {
      out.push_back({key, label_of_step(e.step), e.at});
    }
  }
  return {};
}

}  // namespace

Result<std::vector<PlannedEvent>> CaseDatesTimeline::events(core::StoreTx& tx, const core::Case& c) const {
  std::vector<PlannedEvent> out;
  out.push_back({"received", "Report received", c.created_at});
  std::vector<std::string> seen;
  TRY(tx.for_each_timeline_entry(c.id, [&](const core::TimelineEntry& e) -> Result<void> {
    if (e.kind != "mail-sent") {
      return {};
    }
    auto data = nlohmann::json::parse(e.data, nullptr, false);
    std::string kind = data.is_object() ? data.value("kind", "") : "";
    std::string label = label_of_sent(kind);
    if (!label.empty() && std::find(seen.begin(), seen.end(), kind) == seen.end()) {
      seen.push_back(kind);
      out.push_back({kind == "advance" ? "advance-notice" : kind == "fix" ? "fix-to-packagers" : kind, label, e.at});
    }
    return {};
  }));
  if (c.reporter.deadline) {
    out.push_back({"reporter-deadline", "Reporter's disclosure deadline", util::end_of_day_utc(*c.reporter.deadline)});
  }
  TRY(add_planned(tx, c, out));
  if (c.release_at) {
    out.push_back({"release", "Public release (CRD)", *c.release_at});
  }
  return out;
}

}  // namespace embargo::notice
