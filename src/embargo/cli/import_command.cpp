// embargo import cve FILE: a CVE record (5.0, 5.1 or 5.2) becomes a case with one
// vulnerability; the record itself is kept so that `export cve` gives it back.

#include <ostream>

#include <fmt/format.h>

#include <embargo/cli/commands.hpp>
#include <embargo/core/advisory/cve_import.hpp>
#include <embargo/schema/json_schema.hpp>
#include <embargo/util/file.hpp>

namespace embargo::cli {

namespace {

struct ImportArgs {
  std::string file;
  std::string format;
};

Result<nlohmann::json> read_checked_record(Context& ctx, const std::string& file) {
  TRY_ASSIGN(std::string text, util::read_file(file));
  auto record = nlohmann::json::parse(text, nullptr, false);
  if (record.is_discarded()) {
    return make_error(ErrorCode::invalid_argument, fmt::format("{}: not JSON", file));
  }
  TRY_ASSIGN(auto dir, schema::find_schema_dir());
  TRY_ASSIGN(auto schemas, schema::SchemaSet::load(dir));
  auto problems = schemas->validate_cve_record(record);
  if (!problems.empty()) {
    for (const auto& p : problems) {
      ctx.err() << fmt::format("embargo: {}: {}: {}\n", file, p.pointer.empty() ? "/" : p.pointer, p.reason);
    }
    return make_error(ErrorCode::invalid_argument, fmt::format("{} is not a valid CVE record (see above)", file));
  }
  return record;
}

Result<void> refuse_duplicate(core::StoreTx& tx, const std::string& cve_id) {
  TRY_ASSIGN(auto cases, tx.list_cases({}));
  for (const auto& c : cases) {
    TRY_ASSIGN(auto vulns, tx.list_vulnerabilities(c.id));
    for (const auto& v : vulns) {
      if (core::has_identifier(v, cve_id)) {
        return make_error(ErrorCode::conflict,
                          fmt::format("{} is already vulnerability {} of {}", cve_id, v.ordinal, c.id));
      }
    }
  }
  return {};
}

Result<core::Case> import_record(Context& ctx, const core::CaseService& service, core::StoreTx& tx,
                                 const nlohmann::json& record, const core::advisory::ImportedCve& mapped) {
  TRY(refuse_duplicate(tx, mapped.vuln.identifier));
  TRY_ASSIGN(core::Case c, service.create(tx, mapped.case_input, ctx.actor()));
  TRY_ASSIGN(core::Vulnerability v, service.add_vulnerability(tx, c.id, mapped.vuln, ctx.actor()));
  if (!mapped.cvss.empty()) {
    core::VulnerabilityEdit edit;
    edit.cvss = mapped.cvss;
    TRY_ASSIGN(v, service.edit_vulnerability(tx, c.id, v.ordinal, edit, ctx.actor()));
  }
  TRY_ASSIGN(c, tx.get_case(c.id));
  c.state = mapped.state;
  c.release_at = mapped.date_public;
  TRY(service.record(
      tx, c, "import",
      fmt::format(
          "imported from the CVE record of {} (state {}){}{}", v.identifier, record["cveMetadata"].value("state", "?"),
          v.affected.empty() ? "; affected: unknown (the record gives no versions embargo "
                               "can read, such as \"n/a\")"
                             : "",
          mapped.exploitation_evidence.empty()
              ? ""
              : fmt::format("; exploitation {} ({})", core::to_string(c.exploitation), mapped.exploitation_evidence)),
      ctx.actor(), nlohmann::json{{"cve", v.identifier}, {"state", core::to_string(c.state)}}.dump()));
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  TRY(tx.insert_source_record(
      {c.id, v.ordinal, "cve", record.dump(), core::advisory::managed_fields(v).dump(), clock->now()}));
  return c;
}

Result<int> run_import(Context& ctx, const ImportArgs& a) {
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  TRY_ASSIGN(nlohmann::json record, read_checked_record(ctx, a.file));
  TRY_ASSIGN(core::advisory::ImportedCve mapped, core::advisory::map_cve_record(record));
  core::Case created;
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(created, import_record(ctx, service, tx, record, mapped));
    return {};
  }));
  if (a.format == "json") {
    ctx.out() << nlohmann::json{{"case_id", created.id},
                                {"cve", mapped.vuln.identifier},
                                {"affected", mapped.vuln.affected.empty() ? "unknown" : mapped.vuln.affected},
                                {"exploitation", core::to_string(created.exploitation)}}
                     .dump(2)
              << '\n';
  } else {
    ctx.out() << created.id << '\n';
    if (created.exploitation == core::Exploitation::active) {
      ctx.err() << fmt::format(
          "embargo: exploitation: active ({}): with [cra] enabled, the CRA clock runs from now "
          "(embargo case show {})\n",
          mapped.exploitation_evidence, created.id);
    }
    if (mapped.vuln.affected.empty()) {
      ctx.err() << fmt::format(
          "embargo: affected: unknown (the record gives no versions embargo can read); set them with: "
          "embargo vuln set {} 1 --affected \">=4.92,<4.99.1\"\n",
          created.id);
    }
  }
  return k_exit_ok;
}

}  // namespace

void add_import_commands(CLI::App& app, Context& ctx) {
  auto* imp = app.add_subcommand("import", "Make a case from a published document");
  imp->require_subcommand(1);
  auto args = std::make_shared<ImportArgs>();
  auto* cve = imp->add_subcommand("cve", "A CVE record (5.0, 5.1 or 5.2) becomes a case");
  cve->add_option("file", args->file, "The record (JSON)")->required();
  add_format_option(cve, args->format, {"text", "json"});
  cve->callback([&ctx, args] { run_command(ctx, [&] { return run_import(ctx, *args); }); });
}

}  // namespace embargo::cli
