// embargo vuln add | list | set: the distinct bugs of a case.

#include <ostream>

#include <fmt/format.h>

#include <embargo/cli/commands.hpp>
#include <embargo/core/case_json.hpp>

namespace embargo::cli {

namespace {

struct VulnAddArgs {
  std::string case_id;
  core::NewVulnerability v;
  std::vector<std::string> ids;
  std::string format;
};

Result<int> run_add(Context& ctx, VulnAddArgs& a) {
  if (!a.ids.empty()) {
    a.v.identifier = a.ids.front();
    a.v.more_ids.assign(a.ids.begin() + 1, a.ids.end());
  }
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  core::Vulnerability added;
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(added, service.add_vulnerability(tx, a.case_id, a.v, ctx.actor()));
    return {};
  }));
  if (a.format == "json") {
    ctx.out() << core::to_json(added).dump(2) << '\n';
  } else {
    ctx.out() << fmt::format("{} vulnerability {}\n", added.case_id, added.ordinal);
  }
  return k_exit_ok;
}

struct VulnListArgs {
  std::string case_id;
  std::string format;
};

Result<int> run_list(Context& ctx, const VulnListArgs& a) {
  TRY(ctx.data());
  std::vector<core::Vulnerability> vulns;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY(tx.get_case(a.case_id));
    TRY_ASSIGN(vulns, tx.list_vulnerabilities(a.case_id));
    return {};
  }));
  if (a.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& v : vulns) {
      out.push_back(core::to_json(v));
    }
    ctx.out() << out.dump(2) << '\n';
    return k_exit_ok;
  }
  for (const auto& v : vulns) {
    ctx.out() << fmt::format("{}  {:<16} {:<9} {:<20} {}\n", v.ordinal, core::identifiers_text(v, "-"),
                             v.cwe.empty() ? "-" : v.cwe, v.affected.empty() ? "unknown" : v.affected, v.title);
  }
  return k_exit_ok;
}

struct VulnSetArgs {
  std::string case_id;
  int ordinal = 0;
  core::VulnerabilityEdit edit;
  std::vector<std::string> ids;
  std::vector<std::string> cvss;
  std::string format;
};

Result<int> run_set(Context& ctx, VulnSetArgs& a, bool cvss_given) {
  if (cvss_given) {
    a.edit.cvss = a.cvss;
  }
  a.edit.more_ids = a.ids;
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  core::Vulnerability changed;
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(changed, service.edit_vulnerability(tx, a.case_id, a.ordinal, a.edit, ctx.actor()));
    return {};
  }));
  if (a.format == "json") {
    ctx.out() << core::to_json(changed).dump(2) << '\n';
  }
  return k_exit_ok;
}

}  // namespace

void add_vuln_commands(CLI::App& app, Context& ctx) {
  auto* vuln = app.add_subcommand("vuln", "Record the distinct bugs of a case (a CVE and other identifiers each)");
  vuln->require_subcommand(1);

  auto add = std::make_shared<VulnAddArgs>();
  auto* a = vuln->add_subcommand("add", "Add a vulnerability to a case");
  a->add_option("case", add->case_id, "Case id")->required();
  a->add_option("--title", add->v.title, "One line")->required();
  a->add_option("--description", add->v.description, "What is wrong");
  a->add_option("--id", add->ids, "CVE-YYYY-NNNN or GCVE-GNA-YYYY-N, if assigned; repeat for several (one CVE)")
      ->allow_extra_args(false);
  a->add_option("--cwe", add->v.cwe, "CWE-787 or 787");
  a->add_option("--affected", add->v.affected, "Affected versions, e.g. \">=4.92,<4.99.1\"");
  a->add_option("--fixed", add->v.fixed, "Fixed versions, e.g. \">=4.99.1\"");
  a->add_option("--mitigation", add->v.mitigation, "Configuration that avoids the bug");
  add_format_option(a, add->format, {"text", "json"});
  a->callback([&ctx, add] { run_command(ctx, [&] { return run_add(ctx, *add); }); });

  auto list = std::make_shared<VulnListArgs>();
  auto* l = vuln->add_subcommand("list", "List a case's vulnerabilities");
  l->add_option("case", list->case_id, "Case id")->required();
  add_format_option(l, list->format, {"text", "json"});
  l->callback([&ctx, list] { run_command(ctx, [&] { return run_list(ctx, *list); }); });

  auto set = std::make_shared<VulnSetArgs>();
  auto* s = vuln->add_subcommand("set", "Change fields of a vulnerability (empty text clears a field)");
  s->add_option("case", set->case_id, "Case id")->required();
  s->add_option("number", set->ordinal, "Its number in the case (1, 2, ...)")->required()->check(CLI::PositiveNumber);
  s->add_option("--title", set->edit.title, "One line");
  s->add_option("--description", set->edit.description, "What is wrong");
  s->add_option("--id", set->ids,
                "Add an identifier, CVE-YYYY-NNNN or GCVE-GNA-YYYY-N (a CVE replaces the CVE; '' removes all); repeat "
                "for several")
      ->allow_extra_args(false);
  s->add_option("--remove-id", set->edit.remove_ids, "Remove this identifier; repeat for several")
      ->allow_extra_args(false);
  s->add_option("--cwe", set->edit.cwe, "CWE-787 or 787");
  s->add_option("--affected", set->edit.affected, "Affected versions");
  s->add_option("--fixed", set->edit.fixed, "Fixed versions");
  s->add_option("--mitigation", set->edit.mitigation, "Configuration that avoids the bug");
  auto* cvss = s->add_option("--cvss", set->cvss,
                             "CVSS vector (v2, 3.0, 3.1 or 4.0); replaces the stored one of the same version; "
                             "repeat for several versions; '' clears all")
                   ->allow_extra_args(false);
  add_format_option(s, set->format, {"text", "json"});
  s->callback([&ctx, set, cvss] { run_command(ctx, [&] { return run_set(ctx, *set, cvss->count() > 0); }); });
}

}  // namespace embargo::cli
