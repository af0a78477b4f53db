#include <nlohmann/json.hpp>

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
  if (c.release_at) {
    out.push_back({"release", "Public release (CRD)", *c.release_at});
  }
  return out;
}

}  // namespace embargo::notice
