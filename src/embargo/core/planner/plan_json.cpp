#include <fmt/format.h>

#include <embargo/core/planner/plan_json.hpp>

namespace embargo::core::planner {

nlohmann::ordered_json to_json(const Plan& plan, const std::vector<Zone>& zones) {
  using nlohmann::ordered_json;
  ordered_json events = ordered_json::array();
  for (const Event& e : plan.events) {
    ordered_json ev{{"name", to_string(e.step)}, {"at", format_utc_seconds(e.at)}};
    if (!zones.empty()) {
      ordered_json local = ordered_json::object();
      for (const Zone& z : zones) {
        local[z.name()] = format_rfc3339_in(z, e.at);
      }
      ev["local"] = std::move(local);
    }
    ev["why"] = e.why;
    events.push_back(std::move(ev));
  }
  ordered_json checks = ordered_json::array();
  for (const Check& c : plan.checks) {
    checks.push_back({{"rule", c.rule}, {"status", to_string(c.status)}, {"detail", c.detail}});
  }
  return {{"events", std::move(events)}, {"checks", std::move(checks)}, {"ok", plan.ok()}};
}

namespace {

Result<std::string> string_member(const nlohmann::json& j, const char* key, std::string_view where) {
  if (!j.is_object() || !j.contains(key) || !j.at(key).is_string()) {
    return make_error(ErrorCode::invalid_argument, fmt::format("plan: {}.{} must be a string", where, key));
  }
  return j.at(key).get<std::string>();
}

}  // namespace

Result<Plan> plan_from_json(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("events") || !json.at("events").is_array() || !json.contains("checks") ||
      !json.at("checks").is_array()) {
    return make_error(ErrorCode::invalid_argument, "plan: must be an object with arrays events and checks");
  }
  Plan plan;
  for (const auto& j : json.at("events")) {
    Event e;
    TRY_ASSIGN(std::string name, string_member(j, "name", "events[]"));
    TRY_ASSIGN(e.step, parse_step(name));
    TRY_ASSIGN(std::string at, string_member(j, "at", "events[]"));
    TRY_ASSIGN(e.at, util::parse_timestamp(at));
    if (j.contains("why") && j.at("why").is_string()) {
      e.why = j.at("why").get<std::string>();
    }
    plan.events.push_back(std::move(e));
  }
  for (const auto& j : json.at("checks")) {
    Check c;
    TRY_ASSIGN(c.rule, string_member(j, "rule", "checks[]"));
    TRY_ASSIGN(std::string status, string_member(j, "status", "checks[]"));
    TRY_ASSIGN(c.status, parse_status(status));
    TRY_ASSIGN(c.detail, string_member(j, "detail", "checks[]"));
    plan.checks.push_back(std::move(c));
  }
  return plan;
}

}  // namespace embargo::core::planner
