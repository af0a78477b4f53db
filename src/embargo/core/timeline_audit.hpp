#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/core/store.hpp>
#include <embargo/core/timeline.hpp>

namespace embargo::core {

struct AuditReport {
  std::int64_t cases = 0;
  std::int64_t entries = 0;
  // At most one break per case, the first entry that does not match.
  std::vector<ChainBreak> breaks;
  // Each case's head hash as recorded, for keeping outside the store.
  std::vector<std::pair<std::string, std::string>> heads;
};

// Re-computes every hash of one case's timeline (or of all cases when
// `case_id` is empty), streaming, and compares with the heads the cases
// record. NotFound for an unknown case.
Result<AuditReport> audit_timelines(StoreTx& tx, std::string_view case_id);

}  // namespace embargo::core
