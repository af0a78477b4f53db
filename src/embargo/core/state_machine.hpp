#pragma once

// The life of a case (DESIGN.md "Cases and their states"):
//
//   reported -> confirmed -> fixing -> notified -> fix-shared -> public -> closed
//
// and from any state before `public`, to `rejected` (not a security issue,
// duplicate, out of scope); `rejected` may be closed, or reopened as
// `reported`.
//
// Some moves need conditions, checked against facts the caller gathers:
//   fixing, notified  at least one vulnerability is recorded (one identifier per bug)
//   fix-shared        a release with a verified signature is recorded on the case
//   public            a release date is planned and has come; an override with a
//                     reason lifts only this condition, and is recorded as such
// Every move needs a reason (who and why go on the timeline).

#include <optional>
#include <string>
#include <vector>

#include <embargo/core/case.hpp>
#include <embargo/util/result.hpp>
#include <embargo/util/time.hpp>

namespace embargo::core {

struct TransitionFacts {
  int vulnerabilities = 0;
  bool signed_release = false;
  std::optional<util::Timestamp> release_at;
  util::Timestamp now{};
};

// The states reachable from `from` in one move, in the order above.
std::vector<CaseState> next_states(CaseState from);

// Ok if `from -> to` is allowed with these facts. Otherwise Conflict with a
// message naming the failed condition and what would satisfy it.
// `override_date` lifts the release-date condition of `public` only.
Result<void> check_transition(CaseState from, CaseState to, const TransitionFacts& facts, bool override_date);

}  // namespace embargo::core
