// libFuzzer target: the [policy] section of embargo.toml (config::parse_config)
// and the planner under whatever policy it accepts. Any text must give a
// configuration or an Error; an accepted policy must give a Planner whose
// proposal check() agrees with, never a crash or a hang.

#include <cstddef>
#include <cstdint>
#include <string>

#include <embargo/config/config_file.hpp>
#include <embargo/core/planner/planner.hpp>

namespace {

using namespace embargo;
using namespace embargo::core::planner;

// The proposal's own checks and check() on its timeline must agree, except
// `order`, which propose also applies against now.
void check_agrees(const Planner& planner, const ProposeRequest& r, const Plan& plan) {
  CheckRequest c;
  c.exploitation = r.exploitation;
  c.reporter_deadline = r.reporter_deadline;
  c.timeline.advance_notice = *plan.at(Step::advance_notice);
  c.timeline.fix_to_packagers = *plan.at(Step::fix_to_packagers);
  c.timeline.heads_up = plan.at(Step::heads_up);
  c.timeline.release = *plan.at(Step::release);
  auto checked = planner.check(c);
  if (!checked || checked->checks.size() != plan.checks.size()) {
    __builtin_trap();
  }
  for (std::size_t i = 0; i < plan.checks.size(); ++i) {
    if (plan.checks[i].rule != rule::k_order && plan.checks[i].status != checked->checks[i].status) {
      __builtin_trap();
    }
  }
  // propose scores candidates without details: the statuses must not differ.
  RuleInput in{c.timeline, r.exploitation, r.reporter_deadline, r.now};
  std::vector<Check> fast = evaluate_rules(planner.policy(), planner.release_zone(), in, false);
  for (std::size_t i = 0; i < plan.checks.size(); ++i) {
    if (fast[i].status != plan.checks[i].status) {
      __builtin_trap();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto config = config::parse_config(text, "fuzz.toml");
  if (!config) {
    return 0;
  }
  auto planner = Planner::create(config->project.policy);
  if (!planner) {
    return 0;  // e.g. an unknown release_zone: found only here
  }
  ProposeRequest r;
  r.now = *util::parse_timestamp("2026-03-02T09:00:00Z");
  r.fix_ready = *util::parse_timestamp("2026-03-03T11:00:00Z");
  r.exploitation = static_cast<core::Exploitation>(size % 3);
  if (size % 2 == 0) {
    r.reporter_deadline = util::Date{2026, 3, 20};
  }
  Plan plan = planner->propose(r);
  if (!plan.at(Step::release) || !plan.at(Step::fix_to_packagers) || !plan.at(Step::advance_notice)) {
    __builtin_trap();
  }
  check_agrees(*planner, r, plan);
  return 0;
}
