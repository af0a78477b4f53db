// PgTx: disclosure plans (planner/case_plan.hpp).

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <embargo/core/planner/case_plan.hpp>
#include <embargo/core/planner/plan_json.hpp>
#include <embargo/storage/postgres/pg_tx.hpp>

namespace embargo::storage::postgres {

Result<std::int64_t> PgTx::insert_plan(const core::planner::StoredPlan& p) {
  TRY(require_writable());
  std::optional<util::Timestamp> release = p.plan.at(core::planner::Step::release);
  if (!release) {
    return make_error(ErrorCode::invalid_argument, "plan: has no release step");
  }
  nlohmann::ordered_json json = core::planner::to_json(p.plan, {});
  return guarded(fmt::format("plan of {}", p.case_id), [&]() -> Result<std::int64_t> {
    // SERIALIZABLE makes max(seq) + 1 safe against a concurrent plan.
    return m_txn
        .exec_params1(
            "INSERT INTO plans(case_id, seq, created_at, actor, release_at, ok, events, checks) "
            "VALUES ($1, (SELECT coalesce(max(seq), 0) + 1 FROM plans WHERE case_id = $1), $2, $3, $4, "
            "$5, $6::jsonb, $7::jsonb) RETURNING seq",
            p.case_id, ts_param(p.created_at), p.actor, ts_param(*release), p.plan.ok(), json.at("events").dump(),
            json.at("checks").dump())[0]
        .as<std::int64_t>();
  });
}

Result<std::optional<core::planner::StoredPlan>> PgTx::latest_plan(std::string_view case_id) {
  using Found = std::optional<core::planner::StoredPlan>;
  TRY_ASSIGN(pqxx::result r, guarded(fmt::format("plans of {}", case_id), [&]() -> Result<pqxx::result> {
               return m_txn.exec_params(fmt::format("SELECT case_id, seq, {}, actor, events::text, checks::text "
                                                    "FROM plans WHERE case_id = $1 ORDER BY seq DESC LIMIT 1",
                                                    micros("created_at")),
                                        std::string(case_id));
             }));
  if (r.empty()) {
    return Found();
  }
  core::planner::StoredPlan p;
  p.case_id = r[0][0].as<std::string>();
  p.seq = r[0][1].as<std::int64_t>();
  p.created_at = from_micros(r[0][2].as<std::int64_t>());
  p.actor = r[0][3].as<std::string>();
  nlohmann::json json;
  try {
    json = {{"events", nlohmann::json::parse(r[0][4].as<std::string>())},
            {"checks", nlohmann::json::parse(r[0][5].as<std::string>())}};
  } catch (const std::exception& e) {
    return make_error(ErrorCode::corruption, fmt::format("plan {} of {}: {}", p.seq, p.case_id, e.what()));
  }
  auto plan = core::planner::plan_from_json(json);
  if (!plan) {
    return make_error(ErrorCode::corruption,
                      fmt::format("plan {} of {}: {}", p.seq, p.case_id, plan.error().message()));
  }
  p.plan = std::move(*plan);
  return Found(std::move(p));
}

}  // namespace embargo::storage::postgres
