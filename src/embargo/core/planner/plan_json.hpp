#pragma once

// The JSON form of a plan (`--format json`, the store, the API):
//   {"events": [{"name": "release", "at": "2026-03-10T14:00:00Z",
//                "local": {"Europe/London": "2026-03-10T14:00:00+00:00", ...},
//                "why": "..."}, ...],
//    "checks": [{"rule": "weekday", "status": "ok", "detail": "Tuesday 2026-03-10"}, ...],
//    "ok": true}
// Field names are a contract: add, never rename.

#include <vector>

#include <nlohmann/json.hpp>

#include <embargo/core/planner/plan.hpp>
#include <embargo/core/planner/zone.hpp>

namespace embargo::core::planner {

// `local` holds each event in each of `zones` (empty: no `local`). Ordered
// as above (events, checks, ok; name, at, local, why).
nlohmann::ordered_json to_json(const Plan& plan, const std::vector<Zone>& zones);

// Reads back what to_json wrote (`local` and `ok` are ignored: derived).
// InvalidArgument naming the member at fault.
Result<Plan> plan_from_json(const nlohmann::json& json);

}  // namespace embargo::core::planner
