#pragma once

// Times typed by people (command-line options): RFC 3339 with a zone, or,
// when a zone is given separately (--tz), a local date and time or a bare
// date in that zone. A time without any zone is refused with the accepted
// forms, because a release time ambiguous by hours is worse than none.

#include <chrono>
#include <optional>
#include <string_view>

#include <embargo/core/planner/zone.hpp>
#include <embargo/util/result.hpp>

namespace embargo::core::planner {

// Accepts:
//   2026-03-03T14:00Z, 2026-03-03T14:00:00+01:00   (any zone given or not)
//   2026-03-03T14:00, 2026-03-03 14:00              (only with `zone`)
//   2026-03-03                                      (only with `zone`: that day at `date_only_time`)
// InvalidArgument starts with `field` and shows the accepted forms; a local
// time skipped or repeated by a clock change in `zone` is refused too.
Result<util::Timestamp> parse_moment(std::string_view text, std::string_view field, const std::optional<Zone>& zone,
                                     std::chrono::minutes date_only_time);

}  // namespace embargo::core::planner
