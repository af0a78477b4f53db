#pragma once

// The dates a notice shows in its timeline table. The disclosure planner
// (issue 5) plugs its stored plan in by implementing DisclosureTimeline;
// without a plan, CaseDatesTimeline uses what the case itself knows.

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

// Report received (created_at), notices already sent (from the timeline),
// the reporter's deadline and the planned release (release_at).
class CaseDatesTimeline : public DisclosureTimeline {
 public:
  Result<std::vector<PlannedEvent>> events(core::StoreTx& tx, const core::Case& c) const override;
};

}  // namespace embargo::notice
