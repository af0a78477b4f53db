#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/core/advisory/advisory_data.hpp>
#include <embargo/core/advisory/advisory_input.hpp>
#include <embargo/core/advisory/atom_feed.hpp>
#include <embargo/core/credit.hpp>
#include <embargo/core/cvss/cvss.hpp>
#include <embargo/core/release/release_record.hpp>

namespace embargo::core::advisory {

namespace {

nlohmann::json data_of(const TimelineEntry& e) {
  nlohmann::json j = nlohmann::json::parse(e.data, nullptr, false);
  return j.is_object() ? j : nlohmann::json::object();
}

std::string string_at(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The public milestone a state change is, or "" for one that is not shown.
std::string state_milestone(std::string_view to) {
  if (to == to_string(CaseState::confirmed)) {
    return "Report confirmed";
  }
  if (to == to_string(CaseState::notified)) {
    return "Distributions notified under embargo";
  }
  if (to == to_string(CaseState::fix_shared)) {
    return "Fixed release shared with packagers under embargo";
  }
  return "";
}

// Milestones, the version and the signing key, from the timeline.
void read_timeline(AdvisoryPage& page, const std::vector<TimelineEntry>& timeline) {
  for (const TimelineEntry& e : timeline) {
    nlohmann::json data = data_of(e);
    std::string text;
    if (e.kind == entry_kind::k_created) {
      text = "Report received";
    } else if (e.kind == entry_kind::k_state) {
      text = state_milestone(string_at(data, "to"));
    } else if (e.kind == release::k_release_entry_kind) {
      page.version = string_at(data, "version");
      page.signing_key = string_at(data, "signed_by");
      text = fmt::format("Release {} built and signed", page.version);
    }
    if (!text.empty()) {
      page.timeline.push_back(PageEvent{e.at, text});
    }
  }
  page.timeline.push_back(PageEvent{page.published, "Public release"});
}

PageVulnerability page_vulnerability(const Vulnerability& v) {
  PageVulnerability p{v.identifier, v.title, v.description, v.cwe, v.affected, v.fixed, v.mitigation, {}, v.aliases};
  for (const std::string& vector : v.cvss) {
    PageScore s{vector, ""};
    if (auto scored = cvss::score_vector(vector)) {
      s.score = fmt::format("{:.1f} {}", scored->base, cvss::severity_name(cvss::severity_of(scored->base)));
    }
    p.cvss.push_back(std::move(s));
  }
  return p;
}

}  // namespace

Result<AdvisoryPage> collect_advisory_page(StoreTx& tx, std::string_view case_id, const AdvisorySite& site,
                                           util::Timestamp fallback) {
  TRY_ASSIGN(Case c, tx.get_case(case_id));
  TRY_ASSIGN(auto vulns, tx.list_vulnerabilities(case_id));
  TRY_ASSIGN(auto timeline, load_timeline(tx, case_id));
  TRY_ASSIGN(auto files, tx.list_artifacts(case_id));
  AdvisoryPage page;
  page.case_id = c.id;
  page.project = site.project;
  page.title = c.title;
  page.published = c.release_at.value_or(fallback);
  Reporter reporter = published_reporter(c, timeline);
  page.credit = reporter.anonymous ? "" : reporter.credit;
  for (const Vulnerability& v : vulns) {
    page.vulns.push_back(page_vulnerability(v));
  }
  AdvisoryConfig naming;
  naming.advisory_url = site.advisory_url;
  page.file_name = advisory_page_file(naming, c.id, page_identifier(vulns));
  read_timeline(page, timeline);
  std::sort(files.begin(), files.end(), [](const Artifact& a, const Artifact& b) { return a.name < b.name; });
  for (const Artifact& a : files) {
    page.downloads.push_back(PageDownload{a.name, join_url(site.files_url, a.name), a.sha256, a.size});
  }
  return page;
}

Result<std::vector<IndexEntry>> published_entries(StoreTx& tx, std::string_view published_kind,
                                                  std::string_view except_case, const AdvisorySite& site) {
  std::vector<IndexEntry> out;
  for (CaseState state : {CaseState::public_, CaseState::closed}) {
    TRY_ASSIGN(auto cases, tx.list_cases(CaseFilter{state, 0}));
    for (const Case& c : cases) {
      if (c.id == except_case) {
        continue;
      }
      TRY_ASSIGN(auto jobs, tx.list_jobs(c.id));
      bool published = std::any_of(jobs.begin(), jobs.end(),
                                   [&](const Job& j) { return j.kind == published_kind && j.state == JobState::done; });
      if (published) {
        TRY_ASSIGN(AdvisoryPage page, collect_advisory_page(tx, c.id, site, c.updated_at));
        out.push_back(index_entry(page));
      }
    }
  }
  sort_newest_first(out);
  return out;
}

}  // namespace embargo::core::advisory
