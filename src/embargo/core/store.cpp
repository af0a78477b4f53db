#include <embargo/core/store.hpp>

namespace embargo::core {

Result<std::vector<TimelineEntry>> load_timeline(StoreTx& tx, std::string_view case_id) {
  std::vector<TimelineEntry> entries;
  TRY(tx.for_each_timeline_entry(case_id, [&](const TimelineEntry& e) -> Result<void> {
    entries.push_back(e);
    return {};
  }));
  return entries;
}

}  // namespace embargo::core
