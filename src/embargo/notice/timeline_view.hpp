#pragma once

// The timeline table of a notice: each event in UTC and in the configured
// zones, in time order, with "<-- NOW" where the sending time falls (on the
// event of the same minute, else on a row of its own), and the exact times
// of the release and of the fix to packagers.

#include <string>
#include <vector>

#include <mstch/mstch.hpp>

#include <embargo/core/planner/zone.hpp>
#include <embargo/notice/disclosure_timeline.hpp>

namespace embargo::notice {

struct TimelineView {
  // Each: when ("Wed 2026-12-16 14:00 UTC"), label, now (bool), locals[]
  // (lines of "London Wed 14:00 GMT | New York Wed 09:00 EST" in `zones`).
  mstch::array rows;
  std::string release;    // "Wed 2026-12-16 14:00 UTC"; "" when not planned
  std::string packaging;  // likewise for fix-to-packagers
  // The release in the configured zones, as lines like the rows' locals.
  mstch::array release_locals;
};

TimelineView timeline_view(std::vector<PlannedEvent> events, util::Timestamp now,
                           const std::vector<core::planner::Zone>& zones);

}  // namespace embargo::notice
