// embargo export cve|osv CASE: a vulnerability of a case in the formats the
// world reads. Every document is checked against its shipped schema before it
// is printed; one that fails is an error (a bug of ours), never output.

#include <ostream>

#include <fmt/format.h>

#include <embargo/cli/commands.hpp>
#include <embargo/core/credit.hpp>
#include <embargo/core/advisory/csaf.hpp>
#include <embargo/core/advisory/csaf_tests.hpp>
#include <embargo/core/advisory/cve_import.hpp>
#include <embargo/core/advisory/cve_record.hpp>
#include <embargo/core/advisory/osv.hpp>
#include <embargo/core/cvss/cvss_json.hpp>
#include <embargo/schema/csaf_checks.hpp>
#include <embargo/schema/cwe_catalogue.hpp>
#include <embargo/schema/json_schema.hpp>

namespace embargo::cli {

namespace {

struct ExportArgs {
  std::string case_id;
  std::string vuln;  // identifier or ordinal; may be empty when the case has one
  bool container = false;
  std::string fix_commit;
};

Result<core::Vulnerability> pick(const std::vector<core::Vulnerability>& vulns, const ExportArgs& a) {
  if (vulns.empty()) {
    return make_error(ErrorCode::invalid_argument, fmt::format("{} has no vulnerability recorded", a.case_id));
  }
  if (a.vuln.empty()) {
    if (vulns.size() > 1) {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("{} has {} vulnerabilities; choose one with --vuln (identifier or number)",
                                    a.case_id, vulns.size()));
    }
    return vulns.front();
  }
  for (const auto& v : vulns) {
    if (v.identifier == a.vuln || std::to_string(v.ordinal) == a.vuln) {
      return v;
    }
  }
  return make_error(ErrorCode::not_found, fmt::format("--vuln: {} has no vulnerability '{}'", a.case_id, a.vuln));
}

struct Loaded {
  core::Case c;
  core::Vulnerability v;
  std::optional<core::SourceRecord> source;  // set when the vulnerability was imported
};

Result<Loaded> load(Context& ctx, const ExportArgs& a) {
  TRY(ctx.data());
  Loaded out;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(out.c, tx.get_case(a.case_id));
    TRY_ASSIGN(out.c, core::with_published_credit(tx, out.c));  // only an accepted credit
    TRY_ASSIGN(auto vulns, tx.list_vulnerabilities(a.case_id));
    TRY_ASSIGN(out.v, pick(vulns, a));
    TRY_ASSIGN(out.source, tx.find_source_record(a.case_id, out.v.ordinal));
    return {};
  }));
  return out;
}

Result<int> print_checked(Context& ctx, schema::SchemaKind kind, const nlohmann::json& doc) {
  TRY_ASSIGN(auto dir, schema::find_schema_dir());
  TRY_ASSIGN(auto schemas, schema::SchemaSet::load(dir));
  auto problems = schemas->validate(kind, doc);
  if (problems.empty() && kind == schema::SchemaKind::csaf) {
    TRY_ASSIGN(problems, schema::csaf_mandatory_problems(doc));
  }
  if (!problems.empty()) {
    for (const auto& p : problems) {
      ctx.err() << fmt::format("embargo: schema: {}: {}\n", p.pointer.empty() ? "/" : p.pointer, p.reason);
    }
    return make_error(ErrorCode::corruption, "the exported document does not pass its schema (see above)");
  }
  ctx.out() << doc.dump(2) << '\n';
  return k_exit_ok;
}

Result<int> run_cve(Context& ctx, const ExportArgs& a) {
  TRY_ASSIGN(Loaded loaded, load(ctx, a));
  TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(a.case_id));
  const auto& config = settings->project.advisory;
  core::advisory::AdvisoryInput in{loaded.c, loaded.v, config, core::cvss::advisory_metric,
                                   schema::shipped_cwe_names().value_or(nullptr)};
  if (loaded.source && loaded.source->format == "cve") {
    // An imported record keeps its own CNA and metadata; only what the team
    // changed since the import is written into it.
    nlohmann::json record = core::advisory::overlay_cve_record(nlohmann::json::parse(loaded.source->document),
                                                               nlohmann::json::parse(loaded.source->snapshot), in);
    return a.container ? print_checked(ctx, schema::SchemaKind::cve_cna_container, record["containers"]["cna"])
                       : print_checked(ctx, schema::SchemaKind::cve_record, record);
  }
  TRY(core::advisory::check_publishable(in));
  TRY(core::advisory::check_cna(config));
  if (a.container) {
    return print_checked(ctx, schema::SchemaKind::cve_cna_container, core::advisory::cna_container(in));
  }
  return print_checked(ctx, schema::SchemaKind::cve_record, core::advisory::cve_record(in));
}

Result<int> run_osv(Context& ctx, const ExportArgs& a) {
  TRY_ASSIGN(Loaded loaded, load(ctx, a));
  TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(a.case_id));
  core::advisory::AdvisoryInput in{loaded.c, loaded.v, settings->project.advisory, core::cvss::advisory_metric,
                                   schema::shipped_cwe_names().value_or(nullptr)};
  core::advisory::OsvExtras extras;
  extras.fix_commit = a.fix_commit;
  extras.modified = loaded.c.updated_at;
  TRY_ASSIGN(nlohmann::json doc, core::advisory::osv_record(in, extras));
  return print_checked(ctx, schema::SchemaKind::osv, doc);
}

Result<int> run_csaf(Context& ctx, const ExportArgs& a) {
  TRY(ctx.data());
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  core::Case c;
  std::vector<core::Vulnerability> vulns;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(c, tx.get_case(a.case_id));
    TRY_ASSIGN(c, core::with_published_credit(tx, c));  // only an accepted credit
    TRY_ASSIGN(vulns, tx.list_vulnerabilities(a.case_id));
    return {};
  }));
  TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(a.case_id));
  core::advisory::CsafInput in{c, vulns, settings->project.advisory, core::cvss::advisory_metric,
                               clock->now(), schema::shipped_cwe_names().value_or(nullptr)};
  TRY_ASSIGN(nlohmann::json doc, core::advisory::csaf_advisory(in));
  return print_checked(ctx, schema::SchemaKind::csaf, doc);
}

}  // namespace

void add_export_commands(CLI::App& app, Context& ctx) {
  auto* exp = app.add_subcommand("export", "Write a case as a CVE record, OSV entry or CSAF advisory (JSON)");
  exp->require_subcommand(1);

  auto cve = std::make_shared<ExportArgs>();
  auto* c = exp->add_subcommand("cve", "CVE Record Format 5.1");
  c->add_option("case", cve->case_id, "Case id")->required();
  c->add_option("--vuln", cve->vuln, "Which vulnerability: identifier or number");
  c->add_flag("--container", cve->container, "Only the CNA container (what CVE Services takes)");
  c->callback([&ctx, cve] { run_command(ctx, [&] { return run_cve(ctx, *cve); }); });

  auto osv = std::make_shared<ExportArgs>();
  auto* o = exp->add_subcommand("osv", "OSV 1.7");
  o->add_option("case", osv->case_id, "Case id")->required();
  o->add_option("--vuln", osv->vuln, "Which vulnerability: identifier or number");
  o->add_option("--fix-commit", osv->fix_commit, "Full hash of the fixing commit in the public repository");
  o->callback([&ctx, osv] { run_command(ctx, [&] { return run_osv(ctx, *osv); }); });

  auto csaf = std::make_shared<ExportArgs>();
  auto* s = exp->add_subcommand("csaf", "CSAF 2.0 security advisory for the whole case");
  s->add_option("case", csaf->case_id, "Case id")->required();
  s->callback([&ctx, csaf] { run_command(ctx, [&] { return run_csaf(ctx, *csaf); }); });
}

}  // namespace embargo::cli
