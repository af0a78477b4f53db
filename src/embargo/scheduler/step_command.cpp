// The configured release steps ([[publish.steps]], step_command.hpp): their
// jobs, and the step that runs their commands.

#include <embargo/scheduler/step_command.hpp>

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include <embargo/config/project_settings.hpp>
#include <embargo/core/advisory/advisory_input.hpp>
#include <embargo/core/advisory/advisory_page.hpp>
#include <embargo/scheduler/release_jobs.hpp>
#include <embargo/util/file.hpp>
#include <embargo/util/process.hpp>

extern char** environ;

namespace embargo::scheduler {

namespace {

namespace fs = std::filesystem;
namespace planner = core::planner;
using core::Job;

constexpr std::size_t k_tail_lines = 10;
constexpr std::size_t k_tail_bytes = 2000;

const config::CommandStep* find_step(const config::ConfigFile& settings, std::string_view kind) {
  for (const config::CommandStep& s : settings.publish.steps) {
    if (s.kind() == kind) {
      return &s;
    }
  }
  return nullptr;
}

// RFC 3339 for scripts: "2026-12-10T14:00:00Z" (the fraction only when
// there is one).
std::string iso(util::Timestamp t) {
  std::string text = util::format_timestamp(t);
  if (auto dot = text.find(".000000Z"); dot != std::string::npos) {
    text.replace(dot, 8, "Z");
  }
  return text;
}

// Absolute: the command runs in another directory.
fs::path absolute_path(const fs::path& p) {
  std::error_code ec;
  fs::path a = fs::absolute(p, ec);
  return ec ? p : a;
}

// Where publish-advisory and publish-files put their files (step_publish.cpp).
fs::path target_dir(const StepEnv& env, const std::string& configured, std::string_view kind) {
  if (configured.empty()) {
    return {};
  }
  return absolute_path(env.sink_dir.empty() ? env.data_dir / configured : env.sink_dir / std::string(kind));
}

fs::path out_dir(const StepEnv& env, const Job& job, const config::CommandStep& step) {
  if (!env.sink_dir.empty()) {
    return absolute_path(env.sink_dir / ("run-" + step.name));
  }
  return absolute_path(env.data_dir / "steps" / job.case_id / step.name);
}

struct Prepared {
  nlohmann::ordered_json data;
  fs::path out;
};

std::vector<std::string> environment(const StepEnv& env, const Prepared& p, const config::CommandStep& step) {
  std::vector<std::string> vars;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view var(*e);
    std::string_view name = var.substr(0, var.find('='));
    if (!name.starts_with("EMBARGO_") && !step.env.contains(std::string(name))) {
      vars.emplace_back(var);
    }
  }
  for (const auto& [name, value] : step.env) {
    vars.push_back(name + "=" + value);
  }
  const auto& d = p.data;
  std::string ids;
  for (const auto& v : d["vulnerabilities"]) {
    if (v["identifier"].get<std::string>().starts_with("CVE-")) {  // the primary one is the CVE when there is one
      ids += (ids.empty() ? "" : " ") + v["identifier"].get<std::string>();
    }
  }
  auto text = [](const nlohmann::ordered_json& j) { return j.is_string() ? j.get<std::string>() : std::string(); };
  const auto& publish = d["publish"];
  std::vector<std::pair<std::string, std::string>> ours = {
      {"DRY_RUN", env.sink_dir.empty() ? "0" : "1"},
      {"CASE", text(d["case"]["id"])},
      {"PROJECT", text(d["case"]["project"])},
      {"STEP", step.name},
      {"JOB", std::to_string(d["job"]["id"].get<std::int64_t>())},
      {"ATTEMPT", std::to_string(d["job"]["attempt"].get<int>())},
      {"DUE_AT", text(d["step"]["due_at"])},
      {"RELEASE_AT", text(d["case"]["release_at"])},
      {"CVE_IDS", ids},
      {"CASE_JSON", (p.out / "case.json").string()},
      {"DATA_DIR", absolute_path(env.data_dir).string()},
      {"OUT_DIR", p.out.string()},
      {"WEB_DIR", text(publish["web_dir"])},
      {"FILES_DIR", text(publish["files_dir"])},
      {"ADVISORY_PAGE", text(publish["advisory_page"])},
      {"WEB_URL", text(publish["web_url"])},
      {"FILES_URL", text(publish["files_url"])},
  };
  for (const auto& [name, value] : ours) {
    vars.push_back("EMBARGO_" + name + "=" + value);
  }
  return vars;
}

std::string seconds(std::chrono::milliseconds ms) {
  return fmt::format("{:.1f} s", static_cast<double>(ms.count()) / 1000.0);
}

// "exit 0 after 1.2 s", with the output's last lines on the lines below.
std::string describe(const config::CommandStep& step, const util::ProcessOutcome& o, const std::string& tail) {
  std::string what;
  if (o.timed_out) {
    what = fmt::format("timed out after {} s (timeout_seconds): its process group was killed", step.timeout_seconds);
  } else if (o.signal != 0) {
    what = fmt::format("killed by signal {} ({}) after {}", o.signal, strsignal(o.signal), seconds(o.elapsed));
  } else {
    what = fmt::format("exit {} after {}", o.exit_code, seconds(o.elapsed));
  }
  what = fmt::format("{}: {}", step.command.front(), what);
  return tail.empty() ? what + " (no output)" : what + "; output ends:\n" + tail;
}

class CommandStepRunner final : public ReleaseStep {
 public:
  explicit CommandStepRunner(const StepEnv& env) : m_env(env) {}

  Result<std::string> act(core::StoreTx& view, const Job& job) override {
    TRY_ASSIGN(const config::ConfigFile* settings, m_env.case_config(view, job.case_id));
    const config::CommandStep* step = find_step(*settings, job.kind);
    if (step == nullptr) {
      return fmt::format("skipped: [[publish.steps]] has no step '{}' any more",
                         job.kind.substr(config::k_command_kind_prefix.size()));
    }
    Prepared p{{}, out_dir(m_env, job, *step)};
    TRY_ASSIGN(p.data, command_step_json(m_env, view, *settings, *step, job));
    std::error_code ec;
    fs::create_directories(p.out, ec);
    if (ec) {
      return make_error(ErrorCode::io_error, fmt::format("cannot create {}: {}", p.out.string(), ec.message()));
    }
    TRY(util::write_file_atomic(p.out / "case.json", p.data.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"));
    util::ProcessRequest request;
    request.argv = step->command;
    request.cwd = absolute_path(step->cwd.empty() ? m_env.data_dir : m_env.data_dir / step->cwd);
    request.env = environment(m_env, p, *step);
    request.output = p.out / "output.log";
    request.timeout = std::chrono::seconds(step->timeout_seconds);
    TRY_ASSIGN(util::ProcessOutcome outcome, util::run_process(request));
    std::string said = describe(*step, outcome, util::tail_of_file(request.output, k_tail_lines, k_tail_bytes));
    if (!outcome.ok()) {
      return make_error(ErrorCode::io_error, said);
    }
    return said;
  }

  Result<std::string> record(core::StoreTx&, const Job&) override { return std::string(); }

 private:
  const StepEnv& m_env;
};

// The ids of `jobs` (not cancelled) whose kind `step` waits for.
std::vector<std::int64_t> waits_for(const config::CommandStep& step, const std::vector<Job>& jobs) {
  std::vector<std::int64_t> ids;
  for (const std::string& kind : step.after) {
    for (const Job& j : jobs) {
      if (j.kind == kind && j.state != core::JobState::cancelled && j.id != 0) {
        ids.push_back(j.id);
      }
    }
  }
  return ids;
}

}  // namespace

bool is_command_kind(std::string_view kind) {
  return kind.starts_with(config::k_command_kind_prefix);
}

std::optional<util::Timestamp> command_step_due(const config::CommandStep& step, const planner::Plan& plan) {
  auto at = plan.at(step.at);
  if (!at) {
    return std::nullopt;
  }
  return *at + std::chrono::minutes(step.offset_minutes);
}

std::vector<Job> command_jobs_for_plan(const std::vector<config::CommandStep>& steps, std::string_view case_id,
                                       const planner::Plan& plan) {
  std::vector<Job> jobs;
  for (const config::CommandStep& step : steps) {
    if (auto due = command_step_due(step, plan)) {
      Job j;
      j.case_id = std::string(case_id);
      j.kind = step.kind();
      j.due_at = *due;
      jobs.push_back(std::move(j));
    }
  }
  return jobs;
}

Result<std::vector<Job>> schedule_configured_steps(const config::ConfigFile& config, const core::CaseService& service,
                                                   core::StoreTx& tx, std::string_view case_id,
                                                   std::string_view actor) {
  TRY_ASSIGN(const config::ConfigFile* settings, config::config_for_case(config, tx, case_id));
  TRY_ASSIGN(auto stored, tx.latest_plan(case_id));
  std::vector<Job> added;
  if (!stored) {
    return added;
  }
  TRY_ASSIGN(std::vector<Job> all, tx.list_jobs(case_id));
  for (Job& j : configured_jobs_for_plan(*settings, case_id, stored->plan)) {
    bool scheduled = std::any_of(all.begin(), all.end(), [&](const Job& o) {
      return o.kind == j.kind && o.state != core::JobState::cancelled;
    });
    if (!scheduled) {
      TRY_ASSIGN(j.id, tx.insert_job(j));
      added.push_back(j);
    }
  }
  all.insert(all.end(), added.begin(), added.end());
  nlohmann::json data = nlohmann::json::array();
  for (Job& j : added) {  // now that every job has its id
    if (is_command_kind(j.kind)) {
      j.depends_on = waits_for(*find_step(*settings, j.kind), all);
    }
    if (!j.depends_on.empty()) {
      TRY(tx.update_job(j));
    }
    data.push_back({{"id", j.id}, {"kind", j.kind}, {"due_at", util::format_timestamp(j.due_at)}});
  }
  if (!added.empty()) {
    TRY_ASSIGN(core::Case c, tx.get_case(case_id));
    TRY(service.record(tx, c, entry::k_scheduled,
                       fmt::format("release scheduled: {} configured steps ([publish] advance_lists, [[publish.steps]])",
                                   added.size()), actor,
                       data.dump()));
  }
  return added;
}

Result<nlohmann::ordered_json> command_step_json(const StepEnv& env, core::StoreTx& view,
                                                 const config::ConfigFile& settings, const config::CommandStep& step,
                                                 const Job& job) {
  using nlohmann::ordered_json;
  TRY_ASSIGN(core::Case c, view.get_case(job.case_id));
  TRY_ASSIGN(std::string project, view.case_project(job.case_id));
  TRY_ASSIGN(auto vulns, view.list_vulnerabilities(job.case_id));
  TRY_ASSIGN(auto files, view.list_artifacts(job.case_id));
  TRY_ASSIGN(auto stored, view.latest_plan(job.case_id));
  ordered_json plan = ordered_json::object();
  std::optional<util::Timestamp> release = c.release_at;
  if (stored) {
    for (const planner::Event& e : stored->plan.events) {
      plan[std::string(planner::to_string(e.step))] = iso(e.at);
    }
    if (auto planned = stored->plan.at(planner::Step::release)) {
      release = planned;
    }
  }
  ordered_json out;
  out["dry_run"] = !env.sink_dir.empty();
  out["case"] = {{"id", c.id},
                 {"title", c.title},
                 {"state", core::to_string(c.state)},
                 {"project", project},
                 {"release_at", release ? ordered_json(iso(*release)) : ordered_json()}};
  out["vulnerabilities"] = ordered_json::array();
  for (const core::Vulnerability& v : vulns) {
    out["vulnerabilities"].push_back({{"ordinal", v.ordinal},
                                      {"identifier", v.identifier},
                                      {"aliases", v.aliases},
                                      {"title", v.title},
                                      {"cwe", v.cwe},
                                      {"cvss", v.cvss},
                                      {"affected", v.affected},
                                      {"fixed", v.fixed}});
  }
  out["plan"] = plan;
  out["step"] = {{"name", step.name},
                 {"kind", step.kind()},
                 {"at", planner::to_string(step.at)},
                 {"offset_minutes", step.offset_minutes},
                 {"due_at", iso(job.due_at)}};
  out["job"] = {{"id", job.id}, {"attempt", job.attempts}};
  const auto& pub = settings.publish;
  out["publish"] = {{"web_dir", target_dir(env, pub.web_dir, kind::k_publish_advisory).string()},
                    {"web_url", pub.web_url},
                    {"advisory_page", core::advisory::advisory_page_file(settings.project.advisory, c.id,
                                                                         core::advisory::page_identifier(vulns))},
                    {"files_dir", target_dir(env, pub.files_dir, kind::k_publish_files).string()},
                    {"files_url", pub.files_url}};
  out["files"] = ordered_json::array();
  for (const core::Artifact& a : files) {
    out["files"].push_back({{"name", a.name}, {"sha256", a.sha256}, {"size", a.size}});
  }
  return out;
}

std::unique_ptr<ReleaseStep> make_command_step(const StepEnv& env) {
  return std::make_unique<CommandStepRunner>(env);
}

}  // namespace embargo::scheduler
