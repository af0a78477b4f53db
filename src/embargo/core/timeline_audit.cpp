#include <embargo/core/timeline_audit.hpp>

#include <set>

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
  std::set<std::string, std::less<>> known;
  for (const Case& c : cases) {
    known.insert(c.id);
  }
  std::string last_id;
  TRY(tx.for_each_timeline_entry(case_id, [&](const TimelineEntry& e) -> Result<void> {
    if (e.case_id != last_id) {  // entries arrive grouped by case
      last_id = e.case_id;
      if (!known.contains(e.case_id)) {
        report.breaks.push_back({e.case_id, e.seq, "entries of a case that does not exist (the case was removed)"});
      }
    }
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
