#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/core/cvss/cvss.hpp>
#include <embargo/core/planner/zone.hpp>
#include <embargo/notice/cra_report.hpp>

namespace embargo::notice {

namespace {

using nlohmann::json;

json optional_time(const std::optional<util::Timestamp>& t) {
  return t ? json(util::format_timestamp(*t)) : json();
}

json vulnerability_json(const core::Vulnerability& v) {
  json out = {{"ids", core::all_identifiers(v)},
              {"title", v.title},
              {"cwe", v.cwe},
              {"affected", v.affected},
              {"fixed", v.fixed},
              {"description", v.description},
              {"mitigation", v.mitigation},
              {"cvss", json::array()},
              {"score", json()},
              {"severity", json()}};
  for (const std::string& vector : v.cvss) {
    out["cvss"].push_back(vector);
    if (auto s = core::cvss::score_vector(vector); s && out["score"].is_null()) {
      out["score"] = s->base;
      out["severity"] = std::string(core::cvss::severity_name(core::cvss::severity_of(s->base)));
    }
  }
  return out;
}

json manufacturers_json(const config::ConfigFile& settings) {
  json out = json::array();
  auto recipients = settings.mail.recipients();
  for (const std::string& name : settings.cra.manufacturers) {
    for (const core::Recipient& r : recipients) {
      if (r.name == name) {
        out.push_back({{"name", r.name}, {"contacts", r.contacts}});
      }
    }
  }
  return out;
}

const Duty* duty_of(const std::vector<Duty>& duties, const std::string& rule) {
  for (const Duty& d : duties) {
    if (d.rule == rule) {
      return &d;
    }
  }
  return nullptr;
}

}  // namespace

Result<json> cra_report(const CraReportInput& in) {
  if (!in.settings.cra.enabled) {
    return make_error(ErrorCode::conflict, fmt::format("{}: the CRA clock is off for its project ([cra] enabled = "
                                                       "false)",
                                                       in.c.id));
  }
  CraFacts facts = cra_facts(in.timeline);
  std::vector<Duty> duties = cra_duties(in.c, facts, in.settings.cra);
  if (duties.empty()) {
    return make_error(ErrorCode::conflict,
                      fmt::format("{}: the CRA clock runs only for actively exploited vulnerabilities; exploitation "
                                  "is '{}' (embargo case edit {} --exploitation active)",
                                  in.c.id, core::to_string(in.c.exploitation), in.c.id));
  }
  const Duty* d = duty_of(duties, cra_rule(in.stage));
  json report = {{"case", in.c.id},
                 {"project", in.settings.project.project_name},
                 {"stage", in.stage},
                 {"rule", d->rule},
                 {"state", d->state},
                 {"due", optional_time(d->due)},
                 {"aware_at", optional_time(facts.aware_at)},
                 {"to", manufacturers_json(in.settings)},
                 {"product", in.settings.project.project_name},
                 {"exploitation", core::to_string(in.c.exploitation)},
                 {"vulnerabilities", json::array()},
                 {"contact", fmt::format("{} <{}>", in.settings.mail.team_name, in.settings.mail.team_address)}};
  std::vector<std::string> fixed;
  for (const core::Vulnerability& v : in.vulnerabilities) {
    report["vulnerabilities"].push_back(vulnerability_json(v));
    if (!v.fixed.empty()) {
      fixed.push_back(v.fixed);
    }
  }
  report["fix"] = {
      {"public_at", optional_time(facts.public_at)}, {"release_at", optional_time(in.c.release_at)}, {"fixed", fixed}};
  return report;
}

namespace {

std::string text_or(const json& value, std::string_view fallback = "not known yet") {
  return value.is_string() && !value.get<std::string>().empty() ? value.get<std::string>() : std::string(fallback);
}

// A time of the report for people ("Sun 2026-03-29 12:00 UTC"), or `fallback`.
std::string time_or(const json& value, std::string_view fallback) {
  if (!value.is_string()) {
    return std::string(fallback);
  }
  auto t = util::parse_timestamp(value.get<std::string>());
  return t ? core::planner::format_utc_minutes(*t) : value.get<std::string>();
}

std::string stage_heading(const std::string& stage) {
  if (stage == cra::k_early_warning) {
    return "Early warning: an actively exploited vulnerability";
  }
  if (stage == cra::k_notification) {
    return "Vulnerability notification";
  }
  return "Final report";
}

void vulnerability_text(std::string& out, const json& v, bool full) {
  std::string ids;
  for (const auto& id : v["ids"]) {
    ids += (ids.empty() ? "" : ", ") + id.get<std::string>();
  }
  out += fmt::format("\n- {}{}\n", v["title"].get<std::string>(), ids.empty() ? "" : " (" + ids + ")");
  out += fmt::format("  Affected versions: {}\n", text_or(v["affected"]));
  out += fmt::format("  Fixed in: {}\n", text_or(v["fixed"], "no fixed version yet"));
  if (!full) {
    return;
  }
  out += fmt::format("  Weakness: {}\n", text_or(v["cwe"]));
  if (v["score"].is_number()) {
    out += fmt::format("  Severity: {} ({:.1f}, {})\n", v["severity"].get<std::string>(), v["score"].get<double>(),
                       v["cvss"][0].get<std::string>());
  } else {
    out += "  Severity: not scored yet\n";
  }
  out += fmt::format("  Description: {}\n", text_or(v["description"]));
  out += fmt::format("  Mitigation: {}\n", text_or(v["mitigation"], "none known"));
}

}  // namespace

std::string cra_report_text(const json& r) {
  const std::string stage = r["stage"].get<std::string>();
  std::string out = fmt::format("{} ({}, {})\n\n", stage_heading(stage), r["project"].get<std::string>(),
                                r["case"].get<std::string>());
  std::string to;
  for (const auto& m : r["to"]) {
    std::string contacts;
    for (const auto& c : m["contacts"]) {
      contacts += (contacts.empty() ? "" : ", ") + c.get<std::string>();
    }
    to += fmt::format("{}{} <{}>", to.empty() ? "" : "; ", m["name"].get<std::string>(), contacts);
  }
  out += fmt::format("To: {}\n", to.empty() ? "no manufacturers configured ([cra] manufacturers)" : to);
  out += fmt::format("Due: {} ({})\n", time_or(r["due"], "14 days after the fix is public"),
                     r["state"].get<std::string>());
  out += fmt::format("Product: {}\n", r["product"].get<std::string>());
  out += fmt::format("Exploitation: active; the project became aware at {}\n", time_or(r["aware_at"], "?"));
  bool full = stage != cra::k_early_warning;
  out += "\nVulnerabilities:\n";
  for (const auto& v : r["vulnerabilities"]) {
    vulnerability_text(out, v, full);
  }
  if (r["vulnerabilities"].empty()) {
    out += "- none recorded yet\n";
  }
  const json& fix = r["fix"];
  out += fmt::format("\nSecurity update: {}\n",
                     fix["public_at"].is_string()    ? "public since " + time_or(fix["public_at"], "")
                     : fix["release_at"].is_string() ? "under embargo, planned for " + time_or(fix["release_at"], "")
                                                     : std::string("not planned yet"));
  out += fmt::format("\nContact: {}\n", r["contact"].get<std::string>());
  return out;
}

}  // namespace embargo::notice
