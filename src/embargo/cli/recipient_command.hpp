#pragma once

// Shared with `case plan`: the planner's warnings about important recipients
// that have not acknowledged (core/recipient.hpp readiness_warnings).

#include <embargo/cli/context.hpp>

namespace embargo::cli {

// Prints "embargo: warning: ..." on stderr for each warning about `case_id`;
// returns how many.
Result<int> warn_unready_recipients(Context& ctx, std::string_view case_id, util::Timestamp now);

}  // namespace embargo::cli
