// publish-cve: each of the case's CVE records through CVE Services at the
// release (cveapi/ is the client; cveapi/cve_publish.hpp builds the records).

#include <fmt/format.h>

#include <embargo/core/credit.hpp>
#include <embargo/core/cvss/cvss_json.hpp>
#include <embargo/cveapi/cve_publish.hpp>
#include <embargo/scheduler/fault_point.hpp>
#include <embargo/scheduler/release_jobs.hpp>
#include <embargo/scheduler/steps.hpp>
#include <embargo/schema/cwe_catalogue.hpp>
#include <embargo/util/file.hpp>

namespace embargo::scheduler {

namespace {

struct Record {
  std::string cve;
  nlohmann::json container;
};

void append(std::string& out, const std::string& part) {
  out += (out.empty() ? "" : "; ") + part;
}

class PublishCve final : public ReleaseStep {
 public:
  explicit PublishCve(const StepEnv& env) : m_env(env) {}

  Result<std::string> act(core::StoreTx& view, const core::Job& job) override {
    TRY_ASSIGN(const config::ConfigFile* settings, m_env.case_config(view, job.case_id));
    if (!settings->publish.cve) {
      return std::string("skipped: publish.cve is false");
    }
    std::string said;
    TRY_ASSIGN(std::vector<Record> records, build(view, *settings, job.case_id, said));
    if (records.empty()) {
      append(said, "no CVE record to publish");
      return said;
    }
    if (!m_env.sink_dir.empty()) {
      for (const Record& r : records) {
        auto path = m_env.sink_dir / kind::k_publish_cve / (r.cve + ".json");
        std::error_code ignored;
        std::filesystem::create_directories(path.parent_path(), ignored);
        TRY(util::write_file_atomic(path, r.container.dump(2) + "\n"));
        append(said, fmt::format("would publish {} (written to {})", r.cve, path.string()));
      }
      return said;
    }
    TRY_ASSIGN(cveapi::CveServicesConfig config, cveapi::services_config(settings->project, m_env.data_dir));
    cveapi::CveServicesClient client(std::move(config));
    bool acted = false;
    for (const Record& r : records) {
      TRY(publish_one(client, r, job, acted, said));
    }
    return said;
  }

  Result<std::string> record(core::StoreTx&, const core::Job&) override { return std::string(); }

 private:
  // Every record to publish, checked before anything is sent; what cannot
  // be published (no CVE id) is said in `said`.
  Result<std::vector<Record>> build(core::StoreTx& view, const config::ConfigFile& settings, const std::string& case_id,
                                    std::string& said) {
    TRY_ASSIGN(core::Case c, view.get_case(case_id));
    TRY_ASSIGN(c, core::with_published_credit(view, c));
    TRY_ASSIGN(auto vulns, view.list_vulnerabilities(case_id));
    std::vector<Record> records;
    for (const core::Vulnerability& v : vulns) {
      if (!v.identifier.starts_with("CVE-")) {
        append(said, fmt::format("{}#{} has no CVE id: not published", case_id, v.ordinal));
        continue;
      }
      core::advisory::AdvisoryInput in{c, v, settings.project.advisory, core::cvss::advisory_metric,
                                       schema::shipped_cwe_names().value_or(nullptr)};
      in.page_id = core::advisory::page_identifier(vulns);
      auto container = cveapi::request_container(in);
      if (!container) {
        return make_error(container.error().code(),
                          fmt::format("{} ({}#{}): {}", v.identifier, case_id, v.ordinal, container.error().message()));
      }
      records.push_back({v.identifier, std::move(*container)});
    }
    return records;
  }

  // Publishes (reserved), updates (published with other content) or leaves
  // (published with this content) one record.
  static Result<void> publish_one(core::CveAuthority& client, const Record& r, const core::Job& job, bool& acted,
                                  std::string& said) {
    TRY_ASSIGN(std::string state, client.id_state(r.cve));
    bool update = false;
    if (state == "PUBLISHED") {
      TRY_ASSIGN(nlohmann::json published, client.record(r.cve));
      if (cveapi::same_content(published, r.container)) {
        append(said, fmt::format("{} already published", r.cve));
        return {};
      }
      update = true;
    } else if (state != "RESERVED") {
      return make_error(ErrorCode::conflict,
                        fmt::format("{} is {} in CVE Services: its record cannot be published", r.cve, state));
    }
    if (acted) {
      fault_point(fmt::format("between the CVE records of job {} ({})", job.id, job.kind));
    }
    TRY(update ? client.update(r.cve, r.container) : client.publish(r.cve, r.container));
    acted = true;
    append(said, fmt::format("{} {}", update ? "updated" : "published", r.cve));
    return {};
  }

  const StepEnv& m_env;
};

}  // namespace

std::unique_ptr<ReleaseStep> make_publish_cve_step(const StepEnv& env) {
  return std::make_unique<PublishCve>(env);
}

}  // namespace embargo::scheduler
