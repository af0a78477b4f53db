// embargo export cve|osv CASE: a vulnerability of a case in the formats the
// world reads. Every document is checked against its shipped schema before it
// is printed; one that fails is an error (a bug of ours), never output.
// embargo export csaf CASE [--summary TEXT]: the whole case; once the case is
// public each export is of a recorded revision (core/advisory/csaf.hpp),
// and one whose content changed since the last revision records the next
// with --summary (refused without it).

#include <algorithm>
#include <cctype>
#include <ostream>

#include <fmt/format.h>

#include <embargo/cli/commands.hpp>
#include <embargo/cli/cve_request_text.hpp>
#include <embargo/core/credit.hpp>
#include <embargo/core/advisory/csaf.hpp>
#include <embargo/core/advisory/csaf_tests.hpp>
#include <embargo/core/advisory/cve_import.hpp>
#include <embargo/core/advisory/cve_record.hpp>
#include <embargo/core/advisory/osv.hpp>
#include <embargo/core/cvss/cvss_json.hpp>
#include <embargo/core/release/release_record.hpp>
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
  std::string introduced_commit;
  std::string summary;  // export csaf: a new revision's summary
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
    if (core::has_identifier(v, a.vuln) || std::to_string(v.ordinal) == a.vuln) {
      return v;
    }
  }
  return make_error(ErrorCode::not_found, fmt::format("--vuln: {} has no vulnerability '{}'", a.case_id, a.vuln));
}

struct Loaded {
  core::Case c;
  core::Vulnerability v;
  std::optional<core::SourceRecord> source;  // set when the vulnerability was imported
  std::string page_id;       // the {id} of the case's advisory page (advisory_input.hpp)
  std::string release_commit;  // the commit of the case's last recorded release tag, if any
};

// The tag commit of the last "release" entry of a timeline; empty if none.
std::string release_commit_of(const std::vector<core::TimelineEntry>& timeline) {
  std::string out;
  for (const auto& e : timeline) {
    if (e.kind == core::release::k_release_entry_kind && !e.data.empty()) {
      auto data = nlohmann::json::parse(e.data, nullptr, false);
      if (data.is_object() && data.contains("tag_commit") && data["tag_commit"].is_string()) {
        out = data["tag_commit"].get<std::string>();
      }
    }
  }
  return out;
}

// A full hash (40 or 64 hex digits), as OSV's GIT events want; `option` names the flag.
Result<void> check_commit(const std::string& hash, std::string_view option) {
  bool hex = std::all_of(hash.begin(), hash.end(), [](char ch) { return std::isxdigit(static_cast<unsigned char>(ch)) != 0; });
  if (!hash.empty() && (!hex || (hash.size() != 40 && hash.size() != 64))) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("{}: '{}' is not a full commit hash (40 or 64 hex digits)", option, hash));
  }
  return {};
}

Result<Loaded> load(Context& ctx, const ExportArgs& a) {
  TRY(ctx.data());
  Loaded out;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(out.c, tx.get_case(a.case_id));
    TRY_ASSIGN(out.c, core::with_published_credit(tx, out.c));  // only an accepted credit
    TRY_ASSIGN(auto vulns, tx.list_vulnerabilities(a.case_id));
    TRY_ASSIGN(out.v, pick(vulns, a));
    TRY_ASSIGN(out.source, tx.find_source_record(a.case_id, out.v.ordinal));
    out.page_id = core::advisory::page_identifier(vulns);
    TRY_ASSIGN(auto timeline, core::load_timeline(tx, a.case_id));
    out.release_commit = release_commit_of(timeline);
    return {};
  }));
  return out;
}

// The shipped schemas, loaded once per process.
Result<std::shared_ptr<const schema::SchemaSet>> shipped_schemas() {
  static std::shared_ptr<const schema::SchemaSet> loaded;
  if (!loaded) {
    TRY_ASSIGN(auto dir, schema::find_schema_dir());
    TRY_ASSIGN(loaded, schema::SchemaSet::load(dir));
  }
  return loaded;
}

// Nothing when `doc` passes the schema of `kind` (a CVE record: of the
// version it declares; CSAF: and the mandatory tests); else its problems on
// stderr and an error.
Result<void> check_document(Context& ctx, schema::SchemaKind kind, const nlohmann::json& doc) {
  TRY_ASSIGN(auto schemas, shipped_schemas());
  auto problems = kind == schema::SchemaKind::cve_record ? schemas->validate_cve_record(doc) : schemas->validate(kind, doc);
  if (problems.empty() && kind == schema::SchemaKind::csaf) {
    TRY_ASSIGN(problems, schema::csaf_mandatory_problems(doc));
  }
  if (!problems.empty()) {
    for (const auto& p : problems) {
      ctx.err() << fmt::format("embargo: schema: {}: {}\n", p.pointer.empty() ? "/" : p.pointer, p.reason);
    }
    return make_error(ErrorCode::corruption, "the exported document does not pass its schema (see above)");
  }
  return {};
}

// `doc` printed if it passes check_document.
Result<int> print_checked(Context& ctx, schema::SchemaKind kind, const nlohmann::json& doc) {
  TRY(check_document(ctx, kind, doc));
  ctx.out() << doc.dump(2) << '\n';
  return k_exit_ok;
}

// An imported record exported as 5.2; one that 5.2 refuses (an affected
// product with a property 5.2 does not know) but its own version accepts keeps
// that version, with a warning, so that nothing of it is lost.
Result<nlohmann::json> imported_as_5_2(Context& ctx, const core::SourceRecord& source,
                                       const core::advisory::AdvisoryInput& in) {
  nlohmann::json original = nlohmann::json::parse(source.document);
  nlohmann::json record = core::advisory::overlay_cve_record(original, nlohmann::json::parse(source.snapshot), in);
  TRY_ASSIGN(auto schemas, shipped_schemas());
  auto problems = schemas->validate(schema::SchemaKind::cve_record, record);
  if (problems.empty() || !original.contains("dataVersion")) {
    return record;
  }
  nlohmann::json kept = record;
  kept["dataVersion"] = original["dataVersion"];
  if (!schemas->validate_cve_record(kept).empty()) {
    return record;  // refused either way: print_checked names the problems
  }
  ctx.err() << fmt::format("embargo: {} stays CVE Record Format {}: 5.2 refuses it at {}: {}\n",
                           core::cve_identifier(in.v), original["dataVersion"].get<std::string>(),
                           problems.front().pointer, problems.front().reason);
  return kept;
}

// Without advisory.cna_org_id the project is not a CNA: the CNA container
// for the CNA that will publish the record (which adds its own
// providerMetadata; it is checked with a stand-in) on stdout, and on stderr
// what to send that CNA with it.
Result<int> print_for_another_cna(Context& ctx, const core::advisory::AdvisoryInput& in) {
  TRY(core::advisory::check_container_content(in));
  nlohmann::json container = core::advisory::cna_container(in);
  container["providerMetadata"] = {{"orgId", "00000000-0000-4000-8000-000000000000"}};
  TRY_ASSIGN(auto schemas, shipped_schemas());
  if (auto problems = schemas->validate(schema::SchemaKind::cve_cna_container, container); !problems.empty()) {
    return make_error(ErrorCode::corruption, fmt::format("the CNA container fails its schema at {}: {}",
                                                         problems.front().pointer, problems.front().reason));
  }
  container.erase("providerMetadata");
  ctx.out() << container.dump(2) << '\n';
  std::string cve = core::cve_identifier(in.v);
  ctx.err() << fmt::format(
      "embargo: advisory.cna_org_id is not configured, so this is the CNA container alone (CVE Record Format 5.2, "
      "without providerMetadata) for the CNA that will publish {}; send it with this request:\n\n",
      cve.empty() ? "the record" : cve);
  write_cve_request(ctx.err(), in.c, {in.v}, in.config, in.page_id);
  return k_exit_ok;
}

Result<int> run_cve(Context& ctx, const ExportArgs& a) {
  TRY_ASSIGN(Loaded loaded, load(ctx, a));
  TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(a.case_id));
  const auto& config = settings->project.advisory;
  core::advisory::AdvisoryInput in{loaded.c, loaded.v, config, core::cvss::advisory_metric,
                                   schema::shipped_cwe_names().value_or(nullptr)};
  in.page_id = loaded.page_id;
  if (loaded.source && loaded.source->format == "cve") {
    // An imported record keeps its own CNA and metadata; only what the team
    // changed since the import is written into it.
    TRY_ASSIGN(nlohmann::json record, imported_as_5_2(ctx, *loaded.source, in));
    if (a.container) {
      return print_checked(ctx, schema::SchemaKind::cve_cna_container, record["containers"]["cna"]);
    }
    return print_checked(ctx, schema::SchemaKind::cve_record, record);
  }
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  in.draft = core::advisory::before_release(loaded.c, clock->now());
  if (config.cna_org_id.empty()) {
    return print_for_another_cna(ctx, in);
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
  in.page_id = loaded.page_id;
  TRY(check_commit(a.fix_commit, "--fix-commit"));
  TRY(check_commit(a.introduced_commit, "--introduced-commit"));
  core::advisory::OsvExtras extras;
  // The fixing commit: as given, else the commit of the release recorded on the case.
  extras.fix_commit = a.fix_commit.empty() ? loaded.release_commit : a.fix_commit;
  extras.introduced_commit = a.introduced_commit;
  extras.modified = loaded.c.updated_at;
  TRY_ASSIGN(nlohmann::json doc, core::advisory::osv_record(in, extras));
  return print_checked(ctx, schema::SchemaKind::osv, doc);
}

// Records `r` unless another revision was recorded since `seen` were read
// (then Conflict: export again).
Result<void> record_revision(Context& ctx, const std::string& case_id, const core::advisory::CsafRevision& r,
                             std::size_t seen) {
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  return ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto timeline, core::load_timeline(tx, case_id));
    if (core::advisory::csaf_revisions(timeline).size() != seen) {
      return make_error(ErrorCode::conflict,
                        fmt::format("another CSAF revision of {} was recorded meanwhile; export again", case_id));
    }
    return core::advisory::record_csaf_revision(service, tx, case_id, r, ctx.actor());
  });
}

Result<int> run_csaf(Context& ctx, const ExportArgs& a) {
  TRY(ctx.data());
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  core::advisory::CsafCaseData data;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(data, core::advisory::load_csaf_case(tx, a.case_id));
    return {};
  }));
  TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(a.case_id));
  core::advisory::CsafRequest request{settings->project.advisory, core::cvss::advisory_metric,
                                      schema::shipped_cwe_names().value_or(nullptr)};
  request.released = data.c.state == core::CaseState::public_ || data.c.state == core::CaseState::closed;
  request.now = clock->now();
  request.summary = a.summary;
  TRY_ASSIGN(core::advisory::CsafExport exported, core::advisory::revised_csaf_advisory(data, request));
  TRY(check_document(ctx, schema::SchemaKind::csaf, exported.doc));
  if (exported.record) {
    TRY(record_revision(ctx, a.case_id, *exported.record, data.revisions.size()));
    ctx.err() << fmt::format("embargo: recorded CSAF revision {} of {}: {}\n", exported.record->number, a.case_id,
                             exported.record->summary);
  }
  ctx.out() << exported.doc.dump(2) << '\n';
  return k_exit_ok;
}

}  // namespace

void add_export_commands(CLI::App& app, Context& ctx) {
  auto* exp = app.add_subcommand("export", "Write a case as a CVE record, OSV entry or CSAF advisory (JSON)");
  exp->require_subcommand(1);

  auto cve = std::make_shared<ExportArgs>();
  auto* c = exp->add_subcommand("cve", "CVE Record Format 5.2 (a draft before the release; without advisory.cna_org_id the CNA container and the request for another CNA)");
  c->add_option("case", cve->case_id, "Case id")->required();
  c->add_option("--vuln", cve->vuln, "Which vulnerability: identifier or number");
  c->add_flag("--container", cve->container, "Only the CNA container (what CVE Services takes)");
  c->callback([&ctx, cve] { run_command(ctx, [&] { return run_cve(ctx, *cve); }); });

  auto osv = std::make_shared<ExportArgs>();
  auto* o = exp->add_subcommand("osv", "OSV 1.7");
  o->add_option("case", osv->case_id, "Case id")->required();
  o->add_option("--vuln", osv->vuln, "Which vulnerability: identifier or number");
  o->add_option("--fix-commit", osv->fix_commit,
                "Full hash of the fixing commit in the public repository (default: the release recorded on the case)");
  o->add_option("--introduced-commit", osv->introduced_commit,
                "Full hash of the commit that introduced the bug, if known");
  o->callback([&ctx, osv] { run_command(ctx, [&] { return run_osv(ctx, *osv); }); });

  auto csaf = std::make_shared<ExportArgs>();
  auto* s = exp->add_subcommand("csaf", "CSAF 2.0 security advisory for the whole case (once public: its newest revision)");
  s->add_option("case", csaf->case_id, "Case id")->required();
  s->add_option("--summary", csaf->summary,
                "What changed since the last published revision: records the next revision (public cases)");
  s->callback([&ctx, csaf] { run_command(ctx, [&] { return run_csaf(ctx, *csaf); }); });
}

}  // namespace embargo::cli
