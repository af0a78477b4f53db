#pragma once

// Fault injection for the release scheduler's crash tests: when the
// environment variable EMBARGO_FAULT_POINT is N (1, 2, ...), the process
// kills itself with SIGKILL at the Nth call of fault_point(), which the job
// runner makes at each boundary between its side effects (after a claim,
// after a step's action when it did something, before a step's transaction,
// after its commit), and `embargo case plan` at each boundary of a re-plan
// (scheduler/plan_follower.cpp, cli/case_plan_command.cpp: steps moved,
// lists told, committed). Unset or 0: no effect. With EMBARGO_FAULT_ONLY set to
// "a|b|...", only boundaries whose description contains one of the parts
// count (a suite about some steps kills only between theirs).
// This is the one way a test can crash embargod at an exact point on
// demand; nothing else reads the variable.

#include <string_view>

namespace embargo::scheduler {

// Counts a boundary; SIGKILLs the process at the configured one. `where`
// is written to stderr first, so the test log says where it died.
void fault_point(std::string_view where);

}  // namespace embargo::scheduler
