// embargo cve reserve | publish | update | reject | state | request-text:
// identifiers from the project's CNA account in CVE Services, in parallel
// with the rest of the work (seed step 3). Every network side effect that
// succeeded is written to the case's timeline; what a publish needs is
// checked before any request is sent.

#include <algorithm>
#include <cstdlib>
#include <ostream>

#include <date/date.h>
#include <fmt/format.h>

#include <embargo/cli/commands.hpp>
#include <embargo/core/credit.hpp>
#include <embargo/core/advisory/cve_record.hpp>
#include <embargo/core/cvss/cvss_json.hpp>
#include <embargo/cveapi/cve_publish.hpp>
#include <embargo/cveapi/cve_services_client.hpp>
#include <embargo/schema/cwe_catalogue.hpp>
#include <embargo/schema/json_schema.hpp>
#include <embargo/util/file.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::cli {

namespace {

// The CNA account of `project` (a case's: Context::case_config; or the
// server's own, ctx.project()). REQUIRES: ctx.data() succeeded.
Result<std::unique_ptr<core::CveAuthority>> make_client(Context& ctx, const core::ProjectConfig& project) {
  TRY_ASSIGN(config::DataDir * dir, ctx.data());
  TRY_ASSIGN(cveapi::CveServicesConfig config, cveapi::services_config(project, dir->path));
  return std::unique_ptr<core::CveAuthority>(std::make_unique<cveapi::CveServicesClient>(std::move(config)));
}

struct ReserveArgs {
  std::string case_id;
  int count = 0;
  int year = 0;
  bool sequential = false;
};

Result<int> run_reserve(Context& ctx, const ReserveArgs& a) {
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  std::vector<core::Vulnerability> missing;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY(tx.get_case(a.case_id));
    TRY_ASSIGN(auto vulns, tx.list_vulnerabilities(a.case_id));
    for (auto& v : vulns) {
      if (core::cve_identifier(v).empty()) {  // a GCVE alone still needs a CVE
        missing.push_back(v);
      }
    }
    return {};
  }));
  int count = a.count > 0 ? a.count : static_cast<int>(missing.size());
  if (count == 0) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("every vulnerability of {} has a CVE identifier; give --count to reserve more", a.case_id));
  }
  int year = a.year > 0 ? a.year
                        : static_cast<int>(date::year_month_day{std::chrono::floor<date::days>(clock->now())}.year());
  TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(a.case_id));
  TRY_ASSIGN(auto client, make_client(ctx, settings->project));
  TRY_ASSIGN(core::ReservedIds reserved, client->reserve(count, year, a.sequential));
  auto recorded = ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::Case c, tx.get_case(a.case_id));
    std::string list;
    for (const auto& id : reserved.ids) {
      list += (list.empty() ? "" : ", ") + id;
    }
    TRY(service.record(tx, c, "cve", fmt::format("reserved {} from CVE Services{}", list,
                                                 reserved.partial ? " (fewer than asked: quota)" : ""),
                       ctx.actor(), nlohmann::json{{"reserved", reserved.ids}, {"quota", reserved.quota}}.dump()));
    for (std::size_t i = 0; i < missing.size() && i < reserved.ids.size(); ++i) {
      core::VulnerabilityEdit edit;
      edit.identifier = reserved.ids[i];
      TRY(service.edit_vulnerability(tx, a.case_id, missing[i].ordinal, edit, ctx.actor()));
    }
    return {};
  });
  if (!recorded) {
    // Reserved but not recorded: say which, so they are not lost.
    for (const auto& id : reserved.ids) {
      ctx.err() << "embargo: reserved but not recorded: " << id << '\n';
    }
    return tl::unexpected(recorded.error());
  }
  for (std::size_t i = 0; i < reserved.ids.size(); ++i) {
    ctx.out() << reserved.ids[i]
              << (i < missing.size() ? fmt::format("  vulnerability {}", missing[i].ordinal) : "  (not assigned)") << '\n';
  }
  return reserved.partial ? k_exit_error : k_exit_ok;
}

struct PublishArgs {
  std::string case_id;
  std::string vuln;
  bool update = false;
};

Result<int> run_publish(Context& ctx, const PublishArgs& a) {
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  core::Case c;
  core::Vulnerability v;
  std::string page_id;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(c, tx.get_case(a.case_id));
    TRY_ASSIGN(c, core::with_published_credit(tx, c));  // only an accepted credit
    TRY_ASSIGN(auto vulns, tx.list_vulnerabilities(a.case_id));
    page_id = core::advisory::page_identifier(vulns);
    for (const auto& candidate : vulns) {
      bool chosen = a.vuln.empty() ? vulns.size() == 1
                                   : core::has_identifier(candidate, a.vuln) || std::to_string(candidate.ordinal) == a.vuln;
      if (chosen) {
        v = candidate;
      }
    }
    return {};
  }));
  if (v.ordinal == 0) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("--vuln: choose one vulnerability of {} (identifier or number)", a.case_id));
  }
  TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(a.case_id));
  core::advisory::AdvisoryInput in{c, v, settings->project.advisory, core::cvss::advisory_metric,
                                   schema::shipped_cwe_names().value_or(nullptr)};
  in.page_id = page_id;
  TRY_ASSIGN(nlohmann::json container, cveapi::request_container(in));
  TRY_ASSIGN(auto client, make_client(ctx, settings->project));
  TRY(a.update ? client->update(v.identifier, container) : client->publish(v.identifier, container));
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::Case fresh, tx.get_case(a.case_id));
    return service.record(tx, fresh, "cve",
                          fmt::format("{} the CVE record of {} in CVE Services", a.update ? "updated" : "published",
                                      v.identifier),
                          ctx.actor(), nlohmann::json{{"cve", v.identifier}, {"cna", container}}.dump());
  }));
  ctx.out() << fmt::format("{} {}\n", a.update ? "updated" : "published", v.identifier);
  return k_exit_ok;
}

struct RejectArgs {
  std::string cve_id;
  std::string why;
  std::string project;  // --project: whose CNA account; else the cases' (project_for)
};

struct StateArgs {
  std::string cve_id;
  std::string project;
};

// The cases with a vulnerability identified as `cve_id`. REQUIRES: ctx.data() succeeded.
Result<std::vector<core::Case>> cases_with(Context& ctx, const std::string& cve_id) {
  std::vector<core::Case> out;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto cases, tx.list_cases({}));
    for (auto& c : cases) {
      TRY_ASSIGN(auto vulns, tx.list_vulnerabilities(c.id));
      if (std::any_of(vulns.begin(), vulns.end(), [&](const auto& v) { return core::has_identifier(v, cve_id); })) {
        out.push_back(std::move(c));
      }
    }
    return {};
  }));
  return out;
}

// The settings CVE Services is asked with about an identifier `cases` hold:
// those of `named` (--project) if given, else the cases' project's (its CNA
// account owns the identifier), else the server's own. InvalidArgument if
// cases of several projects hold it and none is named. REQUIRES: ctx.data().
Result<const core::ProjectConfig*> project_for(Context& ctx, const std::string& cve_id,
                                               const std::vector<core::Case>& cases, const std::string& named) {
  if (!named.empty()) {
    TRY_ASSIGN(config::DataDir * dir, ctx.data());
    TRY_ASSIGN(const config::ConfigFile* settings, dir->config.config_for_project(named));
    return &settings->project;
  }
  const config::ConfigFile* chosen = nullptr;
  for (const core::Case& c : cases) {
    TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(c.id));
    if (chosen != nullptr && settings != chosen) {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("{} is held by cases of different projects ({} and {}); "
                                    "say whose CNA account to use with --project",
                                    cve_id, cases.front().id, c.id));
    }
    chosen = settings;
  }
  return chosen != nullptr ? &chosen->project : &ctx.project();
}

Result<int> run_reject(Context& ctx, const RejectArgs& a) {
  TRY(core::validate_identifier(a.cve_id));
  if (util::trim(a.why).empty()) {
    return make_error(ErrorCode::invalid_argument, "why: a rejection needs a reason (--why)");
  }
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  TRY_ASSIGN(std::vector<core::Case> cases, cases_with(ctx, a.cve_id));
  TRY_ASSIGN(const core::ProjectConfig* project, project_for(ctx, a.cve_id, cases, a.project));
  TRY_ASSIGN(auto client, make_client(ctx, *project));
  TRY(client->reject(a.cve_id, a.why));
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    for (const core::Case& held : cases) {
      TRY_ASSIGN(core::Case c, tx.get_case(held.id));
      TRY(service.record(tx, c, "cve", fmt::format("rejected {} in CVE Services: {}", a.cve_id, a.why), ctx.actor()));
    }
    return {};
  }));
  ctx.out() << "rejected " << a.cve_id << '\n';
  return k_exit_ok;
}

Result<int> run_state(Context& ctx, const StateArgs& a) {
  TRY(core::validate_identifier(a.cve_id));
  TRY(ctx.data());
  TRY_ASSIGN(std::vector<core::Case> cases, cases_with(ctx, a.cve_id));
  TRY_ASSIGN(const core::ProjectConfig* project, project_for(ctx, a.cve_id, cases, a.project));
  TRY_ASSIGN(auto client, make_client(ctx, *project));
  TRY_ASSIGN(std::string state, client->id_state(a.cve_id));
  ctx.out() << a.cve_id << ' ' << state << '\n';
  return k_exit_ok;
}

}  // namespace

void add_cve_request_text_command(CLI::App* cve, Context& ctx);

void add_cve_commands(CLI::App& app, Context& ctx) {
  auto* cve = app.add_subcommand("cve", "CVE identifiers and records through CVE Services");
  cve->require_subcommand(1);

  auto reserve = std::make_shared<ReserveArgs>();
  auto* r = cve->add_subcommand("reserve", "Reserve identifiers, one per vulnerability that has none");
  r->add_option("case", reserve->case_id, "Case id")->required();
  r->add_option("--count", reserve->count, "How many (default: one per vulnerability without an identifier)")
      ->check(CLI::Range(1, 50));
  r->add_option("--year", reserve->year, "The identifiers' year (default: this year)")->check(CLI::Range(1999, 2100));
  r->add_flag("--sequential", reserve->sequential, "Consecutive numbers (the service's default is not)");
  r->callback([&ctx, reserve] { run_command(ctx, [&] { return run_reserve(ctx, *reserve); }); });

  for (bool update : {false, true}) {
    auto args = std::make_shared<PublishArgs>();
    args->update = update;
    auto* p = cve->add_subcommand(update ? "update" : "publish",
                                  update ? "Replace a published record's CNA container" : "Publish the CVE record");
    p->add_option("case", args->case_id, "Case id")->required();
    p->add_option("--vuln", args->vuln, "Which vulnerability: identifier or number");
    p->callback([&ctx, args] { run_command(ctx, [&] { return run_publish(ctx, *args); }); });
  }

  auto reject = std::make_shared<RejectArgs>();
  auto* j = cve->add_subcommand("reject", "Reject an identifier (not a vulnerability, duplicate, unused)");
  j->add_option("cve", reject->cve_id, "CVE-YYYY-NNNN")->required();
  j->add_option("--why", reject->why, "The reason, published with the rejection")->required();
  j->add_option("--project", reject->project,
                "Whose CNA account (default: the project of the cases that hold the identifier)");
  j->callback([&ctx, reject] { run_command(ctx, [&] { return run_reject(ctx, *reject); }); });

  auto state = std::make_shared<StateArgs>();
  auto* s = cve->add_subcommand("state", "Ask CVE Services for an identifier's state");
  s->add_option("cve", state->cve_id, "CVE-YYYY-NNNN")->required();
  s->add_option("--project", state->project,
                "Whose CNA account (default: the project of the cases that hold the identifier)");
  s->callback([&ctx, state] { run_command(ctx, [&] { return run_state(ctx, *state); }); });

  add_cve_request_text_command(cve, ctx);
}

}  // namespace embargo::cli
