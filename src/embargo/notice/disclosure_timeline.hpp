#pragma once

// The dates a notice shows in its timeline table: an interface, so that a
// test or another source of dates can stand in; CaseDatesTimeline is what
// embargo uses (the case's dates, its sent notices and its stored plan).

#include <string>
#include <vector>

#include <embargo/core/store.hpp>
#include <embargo/util/time.hpp>

namespace embargo::notice {

struct PlannedEvent {
  // Well-known keys the templates use: "received", "advance-notice",
  // "fix-to-packagers", "release", "reporter-deadline"; others are shown only
  // in the table.
  std::string key;
  std::string label;  // "Fix available to packagers"
  util::Timestamp at{};
};

class DisclosureTimeline {
 public:
  virtual ~DisclosureTimeline() = default;
  // The events of `c`, in any order (the renderer sorts them).
  virtual Result<std::vector<PlannedEvent>> events(core::StoreTx& tx, const core::Case& c) const = 0;
};

// Report received (created_at), notices already sent (from the timeline, at
// their first sending), the stored plan's steps not sent yet (planner/
// case_plan.hpp), the reporter's deadline and the release (release_at, else
// the plan's).
class CaseDatesTimeline : public DisclosureTimeline {
 public:
  Result<std::vector<PlannedEvent>> events(core::StoreTx& tx, const core::Case& c) const override;
};

}  // namespace embargo::notice
