// embargo cve request-text CASE: what to send to another CNA when the
// project is not its own, one request for every vulnerability without an
// identifier (or all, with --all). Plain text to paste into a mail or form.

#include <algorithm>
#include <ostream>

#include <fmt/format.h>

#include <embargo/cli/commands.hpp>
#include <embargo/cli/cve_request_text.hpp>
#include <embargo/core/advisory/advisory_input.hpp>
#include <embargo/schema/cwe_catalogue.hpp>

namespace embargo::cli {

namespace {

struct RequestTextArgs {
  std::string case_id;
  bool all = false;
};

std::string impact_text(core::ImpactClass impact) {
  switch (impact) {
    case core::ImpactClass::rce: return "remote code execution";
    case core::ImpactClass::lpe: return "local privilege escalation";
    case core::ImpactClass::dos: return "denial of service";
    case core::ImpactClass::leak: return "information disclosure";
    case core::ImpactClass::other: return "other";
    case core::ImpactClass::unknown: return "not yet assessed";
  }
  return "?";
}

void print_vulnerability(std::ostream& out, const core::Case& c, const core::Vulnerability& v,
                         const core::AdvisoryConfig& config, std::string_view page_id, int n) {
  auto or_unknown = [](const std::string& s) { return s.empty() ? std::string("not yet known") : s; };
  out << fmt::format("Vulnerability {}: {}\n", n, v.title);
  if (!v.identifier.empty()) {
    out << fmt::format("  Identifiers:         {}\n", core::identifiers_text(v));
  }
  auto cwe_name = core::advisory::cwe_name(schema::shipped_cwe_names().value_or(nullptr), v.cwe);
  out << fmt::format("  Vulnerability type:  {}\n", cwe_name ? v.cwe + " " + *cwe_name : or_unknown(v.cwe));
  out << fmt::format("  Affected versions:   {}\n", or_unknown(v.affected));
  out << fmt::format("  Fixed versions:      {}\n", or_unknown(v.fixed));
  out << fmt::format("  Impact:              {}\n", impact_text(c.impact));
  for (const auto& vector : v.cvss) {
    out << fmt::format("  CVSS:                {}\n", vector);
  }
  out << fmt::format("  Description:         {}\n", v.description.empty() ? v.title : v.description);
  std::string credit = core::advisory::published_credit(c.reporter);
  out << fmt::format("  Discoverer:          {}\n", credit.empty() ? "(not to be named)" : credit);
  if (!config.advisory_url.empty()) {
    out << fmt::format("  Reference:           {} (public from the release)\n",
                       core::advisory::advisory_url(config, c.id, page_id));
  }
  out << '\n';
}

Result<int> run_request_text(Context& ctx, const RequestTextArgs& a) {
  TRY(ctx.data());
  core::Case c;
  std::vector<core::Vulnerability> vulns;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(c, tx.get_case(a.case_id));
    TRY_ASSIGN(vulns, tx.list_vulnerabilities(a.case_id));
    return {};
  }));
  std::vector<core::Vulnerability> wanted;
  for (const auto& v : vulns) {
    if (a.all || core::cve_identifier(v).empty()) {
      wanted.push_back(v);
    }
  }
  if (wanted.empty()) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("{} has no vulnerability without a CVE identifier (use --all to list them all)", a.case_id));
  }
  TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(a.case_id));
  write_cve_request(ctx.out(), c, wanted, settings->project.advisory, core::advisory::page_identifier(vulns));
  return k_exit_ok;
}

}  // namespace

void write_cve_request(std::ostream& out, const core::Case& c, const std::vector<core::Vulnerability>& wanted,
                       const core::AdvisoryConfig& config, std::string_view page_id) {
  std::string until = c.release_at ? util::format_timestamp_human(*c.release_at) : "a date we will tell you";
  out << fmt::format("Subject: CVE request: {} {}: {} (embargoed)\n\n", config.vendor, config.product, c.title);
  bool all_have_cve = std::all_of(wanted.begin(), wanted.end(),
                                  [](const core::Vulnerability& v) { return !core::cve_identifier(v).empty(); });
  if (all_have_cve) {
    out << fmt::format("Please publish the CVE record{} of {} {} below; the CNA container of each is attached.\n",
                       wanted.size() == 1 ? "" : "s", config.vendor, config.product);
  } else {
    out << fmt::format("We request {} CVE identifier{} for {} {}, one for each distinct bug below.\n", wanted.size(),
                       wanted.size() == 1 ? "" : "s", config.vendor, config.product);
  }
  out << fmt::format("This information is under embargo until {}; please do not publish it before then.\n\n", until);
  int n = 0;
  for (const auto& v : wanted) {
    print_vulnerability(out, c, v, config, page_id, ++n);
  }
  out << fmt::format("Our reference: {}\n", c.id);
}

void add_cve_request_text_command(CLI::App* cve, Context& ctx) {
  auto args = std::make_shared<RequestTextArgs>();
  auto* t = cve->add_subcommand("request-text", "Text of a CVE request to another CNA");
  t->add_option("case", args->case_id, "Case id")->required();
  t->add_flag("--all", args->all, "Include vulnerabilities that already have an identifier");
  t->callback([&ctx, args] { run_command(ctx, [&] { return run_request_text(ctx, *args); }); });
}

}  // namespace embargo::cli
