#include <array>

#include <fmt/format.h>

#include <embargo/core/planner/plan.hpp>

namespace embargo::core::planner {

namespace {

constexpr std::array<std::string_view, 4> k_steps{"advance-notice", "fix-to-packagers", "heads-up", "release"};
constexpr std::array<std::string_view, 3> k_statuses{"ok", "warn", "fail"};

}  // namespace

std::string_view to_string(Step step) {
  return k_steps.at(static_cast<std::size_t>(step));
}

Result<Step> parse_step(std::string_view text) {
  for (std::size_t i = 0; i < k_steps.size(); ++i) {
    if (text == k_steps[i]) {
      return static_cast<Step>(i);
    }
  }
  return make_error(ErrorCode::invalid_argument,
                    fmt::format("step '{}' is not one of advance-notice, fix-to-packagers, heads-up, release", text));
}

std::string_view to_string(Status status) {
  return k_statuses.at(static_cast<std::size_t>(status));
}

Result<Status> parse_status(std::string_view text) {
  for (std::size_t i = 0; i < k_statuses.size(); ++i) {
    if (text == k_statuses[i]) {
      return static_cast<Status>(i);
    }
  }
  return make_error(ErrorCode::invalid_argument, fmt::format("status '{}' is not one of ok, warn, fail", text));
}

bool Plan::ok() const {
  for (const Check& c : checks) {
    if (c.status == Status::fail) {
      return false;
    }
  }
  return true;
}

std::optional<util::Timestamp> Plan::at(Step step) const {
  for (const Event& e : events) {
    if (e.step == step) {
      return e.at;
    }
  }
  return std::nullopt;
}

std::string Plan::failing_rules() const {
  std::string out;
  for (const Check& c : checks) {
    if (c.status == Status::fail) {
      out += out.empty() ? c.rule : ", " + c.rule;
    }
  }
  return out;
}

}  // namespace embargo::core::planner
