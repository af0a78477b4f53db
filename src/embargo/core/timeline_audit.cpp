#include <embargo/core/timeline_audit.hpp>

#include <map>

namespace embargo::core {

Result<AuditReport> audit_timelines(StoreTx& tx, std::string_view case_id) {
  std::vector<Case> cases;
  if (case_id.empty()) {
    TRY_ASSIGN(cases, tx.list_cases({}));
  } else {
    TRY_ASSIGN(Case c, tx.get_case(case_id));
    cases.push_back(std::move(c));
  }
  AuditReport report;
  ChainVerifier verifier;
  TRY(tx.for_each_timeline_entry(case_id, [&](const TimelineEntry& e) -> Result<void> {
    if (auto broken = verifier.feed(e)) {
      report.breaks.push_back(std::move(*broken));
    }
    return {};
  }));
  for (const Case& c : cases) {
    if (auto broken = verifier.finish(c)) {
      report.breaks.push_back(std::move(*broken));
    }
    report.heads.emplace_back(c.id, c.timeline_head);
  }
  report.cases = static_cast<std::int64_t>(cases.size());
  report.entries = verifier.entries_checked();
  return report;
}

}  // namespace embargo::core
