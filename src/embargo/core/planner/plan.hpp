#pragma once

// A disclosure timeline and its verdict: the steps with their instants (UTC)
// and why each was chosen, and one check per policy rule.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/util/result.hpp>
#include <embargo/util/time.hpp>

namespace embargo::core::planner {

// In the order they must happen.
enum class Step { advance_notice, fix_to_packagers, heads_up, release };

// "advance-notice", "fix-to-packagers", "heads-up", "release".
std::string_view to_string(Step step);
Result<Step> parse_step(std::string_view text);

enum class Status { ok, warn, fail };
std::string_view to_string(Status status);
Result<Status> parse_status(std::string_view text);

struct Event {
  Step step = Step::release;
  util::Timestamp at{};
  std::string why;  // why this instant was chosen (propose) or "given" (check)

  friend bool operator==(const Event&, const Event&) = default;
};

struct Check {
  std::string rule;  // one of planner::rule
  Status status = Status::ok;
  std::string detail;

  friend bool operator==(const Check&, const Check&) = default;
};

struct Plan {
  std::vector<Event> events;  // ordered by step
  std::vector<Check> checks;  // one per rule, in the order of policy.hpp

  // True when no check fails (warnings allowed).
  bool ok() const;
  // The instant of `step`, if the plan has that step.
  std::optional<util::Timestamp> at(Step step) const;
  // The rules that fail, comma-separated ("weekday, reporter-deadline").
  std::string failing_rules() const;

  friend bool operator==(const Plan&, const Plan&) = default;
};

}  // namespace embargo::core::planner
