#pragma once

// The reporter's credit (issue 12): the reporter sees the exact line that
// will be published and accepts, edits or declines it. The announcement,
// advisories, CVE record and CSAF use only an accepted line; without an
// acceptance the reporter is published as anonymous.
//
// The timeline is the record: each decision is a `credit` entry (data:
// {"decision": "accepted"|"declined", "line"}). A line counts as accepted
// only while it is still the case's credit: when the team changes the credit
// afterwards, the reporter must accept the new line again.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/core/case.hpp>
#include <embargo/core/case_service.hpp>
#include <embargo/core/store.hpp>
#include <embargo/core/timeline.hpp>

namespace embargo::core {

namespace entry_kind {
inline constexpr std::string_view k_credit = "credit";
}  // namespace entry_kind

enum class CreditDecision { pending, accepted, declined };

std::string_view to_string(CreditDecision decision);

inline constexpr std::size_t k_max_credit_bytes = 200;

struct CreditState {
  std::string line;  // the line that would be published if accepted
  CreditDecision decision = CreditDecision::pending;
  std::optional<util::Timestamp> decided_at;
  std::string decided_by;
};

// The line the reporter is asked about: the case's credit, else the
// reporter's name; empty when neither is known.
std::string proposed_credit(const Case& c);

// The reporter's decision on the current line, from the timeline.
CreditState credit_state(const Case& c, const std::vector<TimelineEntry>& timeline);

// `c.reporter` as the world may see it: the credit kept only when accepted,
// otherwise anonymous with no credit.
Reporter published_reporter(const Case& c, const std::vector<TimelineEntry>& timeline);
// Loads the case's timeline and returns `c` with published_reporter applied,
// for the exporters and notices.
Result<Case> with_published_credit(StoreTx& tx, Case c);

class CreditService {
 public:
  explicit CreditService(const CaseService& cases) : m_cases(cases) {}

  // Accepts `line` (empty: the proposed line unchanged). An edited line is
  // stored as the case's credit first. InvalidArgument when there is no line
  // or it is over k_max_credit_bytes or has control characters.
  Result<CreditState> accept(StoreTx& tx, std::string_view case_id, std::string_view line,
                             std::string_view actor) const;
  // No credit: the case becomes anonymous.
  Result<CreditState> decline(StoreTx& tx, std::string_view case_id, std::string_view actor) const;

 private:
  const CaseService& m_cases;
};

}  // namespace embargo::core
