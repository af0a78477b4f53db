#include <algorithm>

#include <fmt/format.h>

#include <embargo/config/project_settings.hpp>
#include <embargo/core/cvss/cvss.hpp>
#include <embargo/core/planner/zone.hpp>
#include <embargo/core/release_kind.hpp>
#include <embargo/http/server/message.hpp>
#include <embargo/http/web/web_app.hpp>
#include <embargo/http/web/web_case_page.hpp>
#include <embargo/http/web/web_html.hpp>
#include <embargo/notice/notice_renderer.hpp>

namespace embargo::http {

namespace {

namespace planner = core::planner;

using web_html::csrf_field;
using web_html::e;

}  // namespace

Result<CasePageSettings> settings_for_case(const CasePageSettings& s, core::StoreTx& tx, std::string_view case_id) {
  if (s.config == nullptr) {
    return s;
  }
  TRY_ASSIGN(const config::ConfigFile* own, config::config_for_case(*s.config, tx, case_id));
  return CasePageSettings{own, s.data_path};
}

namespace {

const core::ProjectConfig& project_of(const CasePageSettings& s) {
  static const core::ProjectConfig defaults;
  return s.config != nullptr ? s.config->project : defaults;
}

const config::MailConfig& mail_of(const CasePageSettings& s) {
  static const config::MailConfig defaults;
  return s.config != nullptr ? s.config->mail : defaults;
}

// "CVSS 3.1: 9.8 Critical" for a stored vector; the stored vectors were validated on the way in.
std::string score_text(const std::string& vector) {
  auto s = core::cvss::score_vector(vector);
  if (!s) {
    return "unreadable: " + s.error().message();
  }
  return fmt::format("CVSS {} base {:.1f} {}", core::cvss::version_text(s->vector.version), s->base,
                     core::cvss::severity_name(core::cvss::severity_of(s->base)));
}

std::string vuln_row(const core::Vulnerability& v) {
  std::string scores;
  for (const auto& vector : v.cvss) {
    scores += fmt::format("<div><strong>{}</strong><br><code>{}</code></div>", e(score_text(vector)), e(vector));
  }
  return fmt::format(
      "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"cvss\">{}</td></tr>",
      v.ordinal, e(v.title), e(core::identifiers_text(v, "-")), e(v.cwe.empty() ? "-" : v.cwe),
      e(v.affected.empty() ? "-" : v.affected), e(v.fixed.empty() ? "-" : v.fixed), scores.empty() ? "-" : scores);
}

std::string cvss_form(const core::Vulnerability& v, const std::string& case_id, const AuthContext& who) {
  std::string current = v.cvss.empty() ? std::string() : v.cvss.back();
  return fmt::format(
      "<form class=\"cvss-calc\" method=\"post\" action=\"/cases/{0}/cvss\">{1}<input type=\"hidden\" "
      "name=\"number\" value=\"{2}\"><fieldset><legend>CVSS of vulnerability {2}: {3}</legend>"
      "<div class=\"cvss-calc-ui\"></div><label>Vector <input name=\"vector\" value=\"{4}\" size=\"60\" "
      "required placeholder=\"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N\"></label>"
      "<p>Score: <output aria-live=\"polite\"></output></p><button>Save vector</button></fieldset></form>",
      e(case_id), csrf_field(who), v.ordinal, e(v.title), e(current));
}

std::string ids_form(const core::Vulnerability& v, const std::string& case_id, const AuthContext& who) {
  return fmt::format(
      "<form method=\"post\" action=\"/cases/{0}/ids\">{1}<input type=\"hidden\" name=\"number\" value=\"{2}\">"
      "<fieldset><legend>Identifiers of vulnerability {2}: {3}</legend><label>Add <input name=\"add\" "
      "placeholder=\"CVE-2026-1234 or GCVE-1-2026-1\"></label><label>Remove <input name=\"remove\"></label>"
      "<button>Save identifiers</button></fieldset></form>",
      e(case_id), csrf_field(who), v.ordinal, e(core::identifiers_text(v, "none yet")));
}

std::string add_vuln_form(const std::string& case_id, const AuthContext& who) {
  return fmt::format(
      "<form method=\"post\" action=\"/cases/{}/vuln\">{}<fieldset><legend>Add a vulnerability</legend>"
      "<label>Title <input name=\"title\" required></label><label>Identifier <input name=\"identifier\" "
      "placeholder=\"CVE-2026-1234\"></label><label>CWE <input name=\"cwe\" placeholder=\"CWE-787\"></label>"
      "<label>Affected <input name=\"affected\" placeholder=\"&gt;=4.92,&lt;4.99.1\"></label><label>Fixed "
      "<input name=\"fixed\" placeholder=\"&gt;=4.99.1\"></label><label>CVSS vector <input name=\"vector\">"
      "</label><button>Add</button></fieldset></form>",
      e(case_id), csrf_field(who));
}

std::string zone_time(const planner::Zone& zone, util::Timestamp t) {
  auto local = zone.to_local(t);
  return fmt::format("{} {}", planner::format_local_day(local), planner::format_local_minutes(local).substr(11)) + " " +
         zone.abbreviation(t);
}

std::string zone_list(const std::vector<planner::Zone>& zones, util::Timestamp t) {
  std::string out = "<ul class=\"zones\">";
  for (const auto& z : zones) {
    out += fmt::format("<li><span class=\"zone\">{}</span> <time>{}</time></li>", e(z.name()), e(zone_time(z, t)));
  }
  return out + "</ul>";
}

}  // namespace

std::string zone_times(const std::vector<planner::Zone>& zones, util::Timestamp t) {
  return zone_list(zones, t);
}

namespace {

std::string now_item(const std::vector<planner::Zone>& zones, util::Timestamp now) {
  return fmt::format("<li class=\"now\"><strong>NOW</strong> <time>{}</time>{}</li>", e(short_time(now)),
                     zone_list(zones, now));
}

// The form that plans (again): the CLI's `case plan` options. `form` refills it (after a refusal).
std::string plan_form(const std::string& case_id, const AuthContext& who, std::string_view zone,
                      const FormFields& form) {
  return fmt::format(
      "<form method=\"post\" action=\"/cases/{}/plan\">{}<fieldset><legend>Plan again</legend><label>Release "
      "(optional; RFC 3339, or local time in {}) <input name=\"release\" placeholder=\"2026-03-10 14:00\" "
      "value=\"{}\"></label><label>Fix ready for packagers (default: now) <input name=\"fix_ready\" value=\"{}\">"
      "</label><label>Reason for the lists if the release moves (date-change notice) <input name=\"reason\" "
      "value=\"{}\"></label><label><input type=\"checkbox\" name=\"override\" value=\"1\"{}> store it although "
      "a rule fails or a step would be in the past</label><label>Why the override (recorded) <input name=\"why\" "
      "value=\"{}\"></label><button>Propose and store the plan</button></fieldset></form>",
      e(case_id), csrf_field(who), e(zone), e(field(form, "release")), e(field(form, "fix_ready")),
      e(field(form, "reason")), field(form, "override") == "1" ? " checked" : "", e(field(form, "why")));
}

// The plan's steps as a timeline, NOW where it falls, then its checks.
std::string plan_events(const planner::Plan& plan, const std::vector<planner::Zone>& zones, util::Timestamp now) {
  std::string out = "<ol class=\"plan-timeline\">";
  bool now_shown = false;
  for (const auto& ev : plan.events) {
    if (!now_shown && now < ev.at) {
      out += now_item(zones, now);
      now_shown = true;
    }
    out += fmt::format("<li><strong>{}</strong> <time datetime=\"{}\">{}</time>{}<div class=\"meta\">{}</div></li>",
                       e(planner::to_string(ev.step)), e(planner::format_utc_seconds(ev.at)), e(short_time(ev.at)),
                       zone_list(zones, ev.at), e(ev.why));
  }
  if (!now_shown) {
    out += now_item(zones, now);
  }
  out += "</ol><ul class=\"checks\">";
  for (const auto& c : plan.checks) {
    out += fmt::format("<li class=\"{0}\">{1}: {0}{2}{3}</li>", e(planner::to_string(c.status)), e(c.rule),
                       c.detail.empty() ? "" : " - ", e(c.detail));
  }
  return out + "</ul>";
}

// The zones by name; an unknown one becomes an error paragraph in `out`.
std::vector<planner::Zone> known_zones(const std::vector<std::string>& zone_names, std::string& out) {
  std::vector<planner::Zone> zones;
  for (const auto& name : zone_names) {
    if (auto z = planner::Zone::find(name)) {
      zones.push_back(*z);
    } else {
      out += fmt::format("<p class=\"error\">{}</p>", e(z.error().message()));
    }
  }
  return zones;
}

Result<std::string> preview(core::StoreTx& tx, const core::Case& c, const CasePageSettings& settings,
                            util::Timestamp now, std::string_view kind, std::string_view list_name) {
  const config::MailConfig& mail = mail_of(settings);
  notice::NoticeInput in;
  in.kind = std::string(kind);
  std::string to = c.reporter.email.empty() ? "(the reporter has no mail address)" : c.reporter.email;
  std::string protection = mail.signing_key.empty() ? "none" : "sign";
  if (!mail.signing_key.empty() && !c.reporter.key_fingerprint.empty()) {
    protection = "encrypt to " + c.reporter.key_fingerprint + " (the reporter's key, while it can encrypt)";
  }
  if (list_name != "reporter") {
    TRY_ASSIGN(in.list, mail.list(list_name));
    to = in.list->address;
    protection = std::string(config::to_string(in.list->policy));
  }
  if (kind == "reporter-update") {
    in.message = "(your message to the reporter)";
  }
  notice::CaseDatesTimeline timeline;
  std::string_view project = settings.config != nullptr ? settings.config->project_key : "";
  notice::NoticeLinks links = settings.config != nullptr ? notice::links_of(*settings.config) : notice::NoticeLinks{};
  notice::NoticeRenderer renderer(project_of(settings), mail, config::template_dirs(settings.data_path, project),
                                  timeline, links);
  TRY_ASSIGN(notice::RenderedNotice n, renderer.render(tx, c, in, now));
  return fmt::format("From: {} <{}>\nTo: {}\nSubject: {}\nX-Embargo-Protection: {}\n\n{}", mail.team_name,
                     mail.team_address, to, n.subject, protection, n.body);
}

std::string select_of(std::string_view name, const std::vector<std::string>& values, std::string_view selected) {
  std::string out = fmt::format("<select name=\"{}\">", e(name));
  for (const auto& v : values) {
    out += fmt::format("<option{}>{}</option>", v == selected ? " selected" : "", e(v));
  }
  return out + "</select>";
}

std::string human_size(std::int64_t bytes) {
  if (bytes < 10 * 1024) {
    return fmt::format("{} bytes", bytes);
  }
  if (bytes < 10 * 1024 * 1024) {
    return fmt::format("{} KiB", bytes / 1024);
  }
  return fmt::format("{} MiB", bytes / (1024 * 1024));
}

}  // namespace

std::string cvss_section(const std::vector<core::Vulnerability>& vulns, const std::string& case_id,
                         const AuthContext* writer) {
  std::string out = "<h2>Vulnerabilities</h2>";
  if (vulns.empty()) {
    out += "<p>None recorded yet.</p>";
  } else {
    out +=
        "<table><tr><th>#</th><th>Title</th><th>Id</th><th>CWE</th><th>Affected</th><th>Fixed</th><th>CVSS</th>"
        "</tr>";
    for (const auto& v : vulns) {
      out += vuln_row(v);
    }
    out += "</table>";
  }
  if (writer == nullptr) {
    return out;
  }
  for (const auto& v : vulns) {
    out += cvss_form(v, case_id, *writer) + ids_form(v, case_id, *writer);
  }
  out += add_vuln_form(case_id, *writer);
  // The calculator is the page's only script; the forms work without it.
  return out + "<script src=\"/static/cvss.js\"></script>";
}

std::string plan_timeline_section(const std::optional<planner::StoredPlan>& stored,
                                  const std::vector<std::string>& zone_names, util::Timestamp now,
                                  const std::string& case_id, const AuthContext* writer) {
  std::string out = "<h2>Plan</h2>";
  std::vector<planner::Zone> zones = known_zones(zone_names, out);
  if (!stored) {
    out += "<p>No plan yet.</p>";
  } else {
    out += fmt::format("<p class=\"meta\">Plan {} by {} at {}</p>", stored->seq, e(stored->actor),
                       e(short_time(stored->created_at)));
    out += plan_events(stored->plan, zones, now);
  }
  if (writer != nullptr) {
    out += plan_form(case_id, *writer, "the policy's release zone", FormFields{});
  }
  return out;
}

std::string release_kind_paragraph(const core::Case& c, const std::vector<core::TimelineEntry>& entries) {
  if (auto d = core::latest_release_kind(entries)) {
    return fmt::format("<p class=\"release-kind\"><strong>Release kind:</strong> {}</p>",
                       e(core::describe_release_kind(*d)));
  }
  core::ReleaseKindProposal p = core::propose_release_kind(c);
  return fmt::format("<p class=\"release-kind\"><strong>Release kind:</strong> not recorded; proposed: {} ({}). "
                     "Record it with <code>embargo case release-kind {} {} --base TAG --target VERSION --why "
                     "TEXT</code>.</p>",
                     e(core::to_string(p.kind)), e(p.reason), e(c.id), e(core::to_string(p.kind)));
}

std::string plan_refused_section(const PlanOutcome& outcome, const std::vector<std::string>& zone_names,
                                 util::Timestamp now, const std::string& case_id, const AuthContext& writer,
                                 const FormFields& form) {
  std::string out =
      "<p class=\"error\">The plan was not stored (nothing changed). It was refused because:</p><ul "
      "class=\"objections\">";
  for (const auto& o : outcome.objections) {
    out += fmt::format("<li>{}</li>", e(o));
  }
  out += "</ul><p>Fix the times, or store it anyway with the override and a why (recorded on the timeline).</p>";
  out += "<h2>The proposal</h2>";
  std::vector<planner::Zone> zones = known_zones(zone_names, out);
  out += plan_events(outcome.plan, zones, now);
  out += plan_form(case_id, writer, "the policy's release zone", form);
  return out + fmt::format("<p><a href=\"/cases/{}#plan\">Back to the case</a></p>", e(case_id));
}

std::string plan_stored_section(const PlanOutcome& outcome, const std::string& case_id) {
  std::string out;
  if (outcome.saved) {
    out += fmt::format("<p class=\"notice\">Plan {} stored.</p>", outcome.saved->stored.seq);
    const auto& follow = outcome.saved->follow_up;
    if (!follow.moves.empty()) {
      out += "<h2>What moved</h2><ul class=\"moved\">";
      for (const auto& m : follow.moves) {
        out += fmt::format("<li>{}</li>", e(m.describe()));
      }
      out += "</ul>";
    }
    if (!follow.notes.empty()) {
      out += "<ul class=\"notes\">";
      for (const auto& n : follow.notes) {
        out += fmt::format("<li>{}</li>", e(n));
      }
      out += "</ul>";
    }
  }
  return out + fmt::format("<p><a href=\"/cases/{}#plan\">Back to the case</a></p>", e(case_id));
}

Result<std::string> notices_section(core::StoreTx& tx, const core::Case& c, const CasePageSettings& settings,
                                    util::Timestamp now, std::string_view kind, std::string_view list) {
  const auto& kinds = notice::NoticeRenderer::kinds();
  std::vector<std::string> lists{"reporter"};
  for (const auto& l : mail_of(settings).lists) {
    lists.push_back(l.name);
  }
  std::string out = fmt::format(
      "<h2>Notices</h2><form method=\"get\" action=\"/cases/{}#notices\" class=\"inline\">"
      "<label>Kind {}</label> <label>To {}</label> <button>Preview</button></form>",
      e(c.id), select_of("notice", kinds, kind), select_of("list", lists, list.empty() ? "reporter" : list));
  if (kind.empty()) {
    return out +
           "<p class=\"meta\">Choose a notice to see exactly what would be sent (before signing and "
           "encryption).</p>";
  }
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
    return make_error(ErrorCode::invalid_argument, fmt::format("notice: no notice kind '{}'", kind));
  }
  auto text = preview(tx, c, settings, now, kind, list.empty() ? "reporter" : list);
  if (!text) {
    auto code = text.error().code();
    if (code == ErrorCode::busy || code == ErrorCode::io_error || code == ErrorCode::corruption) {
      return tl::unexpected(text.error());
    }
    return out + fmt::format("<p class=\"error\">{}</p>", e(text.error().message()));
  }
  return out + fmt::format("<pre class=\"notice-preview\">{}</pre>", e(*text));
}

Result<std::string> release_section(core::StoreTx& tx, const std::string& case_id, bool staff, util::Timestamp now) {
  std::string out = "<h2>Release files</h2>";
  TRY_ASSIGN(auto artifacts, tx.list_artifacts(case_id));
  if (artifacts.empty()) {
    out += "<p>No release files recorded yet.</p>";
  } else {
    out += "<table><tr><th>File</th><th>Size</th><th>SHA-256</th><th>Signature</th></tr>";
    for (const auto& a : artifacts) {
      out += fmt::format(
          "<tr><td><a href=\"/cases/{}/files/{}\" download>{}</a></td><td>{}</td><td><code>{}</code></td>"
          "<td>{}</td></tr>",
          e(encode_path_segment(case_id)), e(encode_path_segment(a.name)), e(a.name), e(human_size(a.size)),
          e(a.sha256), a.signature_verified ? "verified" : "-");
    }
    out += "</table>";
  }
  if (!staff) {
    return out;
  }
  TRY_ASSIGN(auto window, tx.get_download_window(case_id));
  TRY_ASSIGN(auto usercodes, tx.list_usercodes(case_id));
  TRY_ASSIGN(auto downloads, tx.list_downloads(case_id));
  out += "<h3>Download area</h3>";
  if (window) {
    out += fmt::format("<p>Opens {} &middot; releases {} ({}) &middot; now {}</p>", e(short_time(window->opens_at)),
                       e(short_time(window->releases_at)), e(core::to_string(window->at_release)),
                       e(core::to_string(core::phase_at(*window, now))));
  } else {
    out += "<p>No download window set.</p>";
  }
  if (usercodes.empty()) {
    return out + "<p>No usercodes yet.</p>";
  }
  out += "<table><tr><th>List (usercode)</th><th>Generation</th><th>State</th><th>Downloads</th></tr>";
  for (const auto& u : usercodes) {
    auto count = std::count_if(downloads.begin(), downloads.end(),
                               [&](const core::Download& d) { return d.usercode == u.list; });
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", e(u.list), u.generation,
                       u.revoked() ? "revoked " + e(short_time(*u.revoked_at)) : std::string("active"), count);
  }
  return out +
         "</table><p class=\"meta\">Passwords are stored hashed and shown only when made "
         "(<code>embargo usercode</code>).</p>";
}

}  // namespace embargo::http
