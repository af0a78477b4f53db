#include <embargo/core/state_machine.hpp>

#include <algorithm>

#include <fmt/format.h>

namespace embargo::core {

std::vector<CaseState> next_states(CaseState from) {
  using S = CaseState;
  switch (from) {
    case S::reported: return {S::confirmed, S::rejected};
    case S::confirmed: return {S::fixing, S::rejected};
    case S::fixing: return {S::notified, S::rejected};
    case S::notified: return {S::fix_shared, S::rejected};
    case S::fix_shared: return {S::public_, S::rejected};
    case S::public_: return {S::closed};
    case S::rejected: return {S::closed, S::reported};
    case S::closed: return {};
  }
  return {};
}

namespace {

Result<void> refuse(CaseState from, CaseState to, std::string_view why) {
  return make_error(ErrorCode::conflict,
                    fmt::format("cannot move from {} to {}: {}", to_string(from), to_string(to), why));
}

}  // namespace

Result<void> check_transition(CaseState from, CaseState to, const TransitionFacts& facts, bool override_date) {
  auto allowed = next_states(from);
  if (std::find(allowed.begin(), allowed.end(), to) == allowed.end()) {
    std::string list;
    for (CaseState s : allowed) {
      list += list.empty() ? "" : ", ";
      list += to_string(s);
    }
    return refuse(from, to, allowed.empty() ? "the case is closed"
                                            : fmt::format("not a next state (next: {})", list));
  }
  switch (to) {
    case CaseState::fixing:
    case CaseState::notified:
      if (facts.vulnerabilities == 0) {
        return refuse(from, to, "no vulnerability is recorded (add one per distinct bug with `embargo vuln add`)");
      }
      break;
    case CaseState::fix_shared:
      if (!facts.signed_release) {
        return refuse(from, to, "no release with a verified signature is recorded on the case");
      }
      break;
    case CaseState::public_:
      if (override_date) {
        break;
      }
      if (!facts.release_at) {
        return refuse(from, to, "no release date is planned (plan one, or override with a reason)");
      }
      if (facts.now < *facts.release_at) {
        return refuse(from, to,
                      fmt::format("the planned release is {}, not yet (override with a reason to release early)",
                                  util::format_timestamp_human(*facts.release_at)));
      }
      break;
    default:
      break;
  }
  return {};
}

}  // namespace embargo::core
