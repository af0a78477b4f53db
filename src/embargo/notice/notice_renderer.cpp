#include <algorithm>
#include <mutex>

#include <fmt/format.h>
#include <mstch/mstch.hpp>

#include <embargo/notice/default_templates.hpp>
#include <embargo/notice/notice_renderer.hpp>

#include <embargo/core/credit.hpp>
#include <embargo/util/file.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::notice {

namespace {

std::string impact_text(core::ImpactClass impact) {
  switch (impact) {
    case core::ImpactClass::rce:
      return "remote code execution";
    case core::ImpactClass::lpe:
      return "local privilege escalation";
    case core::ImpactClass::dos:
      return "denial of service";
    case core::ImpactClass::leak:
      return "information disclosure";
    case core::ImpactClass::other:
      return "a security weakness";
    case core::ImpactClass::unknown:
      return "not yet assessed";
  }
  return "not yet assessed";
}

std::string exploitation_text(core::Exploitation e) {
  switch (e) {
    case core::Exploitation::none:
      return "no known exploitation";
    case core::Exploitation::poc_public:
      return "a proof of concept is public";
    case core::Exploitation::active:
      return "exploited in the wild";
  }
  return "no known exploitation";
}

std::string when(util::Timestamp t) {
  return util::format_timestamp_human(t).substr(0, 16) + " UTC";  // to the minute
}

std::string or_tbd(const std::string& s) {
  return s.empty() ? "to be announced" : s;
}
std::string date_or_tbd(const std::string& s) {
  return s.empty() ? "a date to be announced" : s;
}

mstch::array vulnerability_view(const std::vector<core::Vulnerability>& vulns, const core::Case& c,
                                std::string& identifiers, std::string& fixed) {
  mstch::array out;
  for (const auto& v : vulns) {
    mstch::array cvss;
    for (const auto& vec : v.cvss) {
      cvss.emplace_back(vec);
    }
    out.emplace_back(mstch::map{{"identifier", v.identifier},
                                {"identifier_or_tbd", v.identifier.empty() ? "(identifier requested)" : v.identifier},
                                {"title", v.title.empty() ? c.title : v.title},
                                {"description", v.description},
                                {"cwe", v.cwe},
                                {"affected", v.affected},
                                {"affected_or_tbd", or_tbd(v.affected)},
                                {"fixed", v.fixed},
                                {"mitigation", v.mitigation},
                                {"impact", impact_text(c.impact)},
                                {"cvss", cvss}});
    if (!v.identifier.empty()) {
      identifiers += (identifiers.empty() ? "" : ", ") + v.identifier;
    }
    if (fixed.empty() && !v.fixed.empty()) {
      // ">=4.99.1" or ">=4.99.1,<4.100" names the release 4.99.1.
      std::string_view f = v.fixed;
      f = f.starts_with(">=") ? f.substr(2) : f;
      fixed = std::string(f.substr(0, f.find(',')));
    }
  }
  return out;
}

struct TimelineView {
  mstch::array rows;
  std::string release;
  std::string packaging;
};

TimelineView timeline_view(std::vector<PlannedEvent> events, util::Timestamp now) {
  std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
  TimelineView v;
  std::size_t now_row = events.size();  // the last event at or before now
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].at <= now) {
      now_row = i;
    }
  }
  for (std::size_t i = 0; i < events.size(); ++i) {
    v.rows.emplace_back(mstch::map{{"when", when(events[i].at)}, {"label", events[i].label}, {"now", i == now_row}});
    if (events[i].key == "release") {
      v.release = when(events[i].at);
    } else if (events[i].key == "fix-to-packagers") {
      v.packaging = when(events[i].at);
    }
  }
  return v;
}

void init_mstch() {
  static std::once_flag once;
  std::call_once(once, [] { mstch::config::escape = [](const std::string& s) { return s; }; });
}

}  // namespace

const std::vector<std::string>& NoticeRenderer::kinds() {
  static const std::vector<std::string> k{"ack",     "advance",         "fix",        "heads-up",
                                          "release", "reporter-update", "date-change"};
  return k;
}

Result<std::string> NoticeRenderer::load(std::string_view kind) const {
  auto fallback = default_template(kind);
  if (!fallback) {
    return make_error(
        ErrorCode::invalid_argument,
        fmt::format("notice kind '{}' is not one of ack, advance, fix, heads-up, release, reporter-update, "
                    "date-change",
                    kind));
  }
  for (const auto& dir : m_templates_dirs) {
    auto custom = util::read_file(dir / (std::string(kind) + ".mustache"));
    if (custom) {
      return *custom;
    }
    if (custom.error().code() != ErrorCode::not_found) {
      return tl::unexpected(custom.error());
    }
  }
  return std::string(*fallback);
}

Result<RenderedNotice> NoticeRenderer::render(core::StoreTx& tx, const core::Case& c, const NoticeInput& in,
                                              util::Timestamp now) const {
  init_mstch();
  TRY_ASSIGN(std::string text, load(in.kind));
  TRY_ASSIGN(std::string partial_timeline, load("partial-timeline"));
  TRY_ASSIGN(std::string partial_header, load("partial-header"));
  TRY_ASSIGN(auto vulns, tx.list_vulnerabilities(c.id));
  TRY_ASSIGN(auto artifacts, tx.list_artifacts(c.id));
  TRY_ASSIGN(auto events, m_timeline.events(tx, c));
  std::string identifiers;
  std::string fixed;
  mstch::array vuln_view = vulnerability_view(vulns, c, identifiers, fixed);
  TimelineView tl_view = timeline_view(std::move(events), now);
  mstch::array artifact_view;
  for (const auto& a : artifacts) {
    artifact_view.emplace_back(mstch::map{{"name", a.name}, {"sha256", a.sha256}, {"size", std::to_string(a.size)}});
  }
  // Only a credit line the reporter accepted is published (core/credit.hpp).
  TRY_ASSIGN(auto entries, core::load_timeline(tx, c.id));
  core::Reporter published = core::published_reporter(c, entries);
  bool credited = !published.anonymous && !published.credit.empty();
  mstch::map view{{"project", m_project.project_name},
                  {"team_name", m_mail.team_name},
                  {"team_address", m_mail.team_address},
                  {"case_id", c.id},
                  {"title", c.title},
                  {"state", std::string(core::to_string(c.state))},
                  {"impact", impact_text(c.impact)},
                  {"exploitation", exploitation_text(c.exploitation)},
                  {"reporter_name", c.reporter.name.empty() ? std::string("there") : c.reporter.name},
                  {"credit", credited ? published.credit : std::string()},
                  {"vulnerabilities", vuln_view},
                  {"identifiers_or_case", identifiers.empty() ? c.id : identifiers},
                  {"fixed_or_tbd", or_tbd(fixed)},
                  {"fix_available", !artifacts.empty()},
                  {"timeline", tl_view.rows},
                  {"has_timeline", !tl_view.rows.empty()},
                  {"release_or_tbd", date_or_tbd(tl_view.release)},
                  {"packaging_or_tbd", date_or_tbd(tl_view.packaging)},
                  {"download_url", m_mail.download_url},
                  {"download_user", in.list ? in.list->download_user : std::string()},
                  {"download_password", in.download_password},
                  {"list_name", in.list ? in.list->name : std::string("reporter")},
                  {"artifacts", artifact_view},
                  {"has_artifacts", !artifacts.empty()},
                  {"signing_key", m_mail.signing_key.empty() ? std::string("(not configured)") : m_mail.signing_key},
                  {"link", in.link},
                  {"message", in.message},
                  {"previous_release", in.previous_release},
                  {"new_release", in.new_release}};
  std::string out;
  try {
    out = mstch::render(text, view, {{"timeline", partial_timeline}, {"header", partial_header}});
  } catch (const std::exception& e) {
    return make_error(ErrorCode::invalid_argument, fmt::format("template {}: {}", in.kind, e.what()));
  }
  if (!out.starts_with("Subject:")) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("template {}: must begin with a \"Subject:\" line and a blank line", in.kind));
  }
  auto end = out.find('\n');
  RenderedNotice notice;
  notice.subject = std::string(util::trim(std::string_view(out).substr(8, end - 8)));
  notice.body = end == std::string::npos ? "" : out.substr(end + 1);
  while (notice.body.starts_with("\n")) {
    notice.body.erase(0, 1);
  }
  return notice;
}

}  // namespace embargo::notice
