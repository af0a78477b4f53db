#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/core/download_area.hpp>
#include <embargo/core/planner/case_plan.hpp>
#include <embargo/core/release/release_tested_on.hpp>
#include <embargo/notice/disclosure_duties.hpp>
#include <embargo/scheduler/schedule_checks.hpp>

namespace embargo::scheduler {

namespace {

using Lists = std::vector<std::string> config::PublishConfig::*;

struct ListKey {
  Lists lists;
  std::string_view key;
};

constexpr std::array<ListKey, 4> k_list_keys{{{&config::PublishConfig::advance_lists, "advance_lists"},
                                              {&config::PublishConfig::fix_lists, "fix_lists"},
                                              {&config::PublishConfig::heads_up_lists, "heads_up_lists"},
                                              {&config::PublishConfig::announce_lists, "announce_lists"}}};

Result<void> check_lists(core::StoreTx& tx, const config::ConfigFile& s, std::string_view case_id,
                         std::vector<std::string>& out) {
  for (const ListKey& k : k_list_keys) {
    for (const std::string& name : s.publish.*k.lists) {
      auto list = s.mail.list(name);
      if (!list) {
        out.push_back(fmt::format("publish.{}: list '{}' is not configured in [[mail.lists]]", k.key, name));
        continue;
      }
      if (k.lists != &config::PublishConfig::fix_lists) {
        continue;
      }
      const std::string& user = (*list)->usercode();
      TRY_ASSIGN(bool live, core::has_live_usercode(tx, case_id, user));
      if (!live) {
        out.push_back(
            fmt::format("publish.fix_lists: list '{}' has no live download usercode '{}' for {} "
                        "(`embargo usercode new {} --list {}`)",
                        name, user, case_id, case_id, user));
      }
    }
  }
  return {};
}

// True when the latest "plan" entry records an override.
Result<bool> plan_overridden(core::StoreTx& tx, std::string_view case_id) {
  TRY_ASSIGN(auto entries, core::load_timeline(tx, case_id));
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    if (it->kind == "plan") {
      auto data = nlohmann::json::parse(it->data, nullptr, false);
      return data.is_object() && data.contains("override");
    }
  }
  return false;
}

}  // namespace

Result<std::vector<std::string>> schedule_problems(core::StoreTx& tx, const config::ConfigFile& settings,
                                                   std::string_view case_id) {
  std::vector<std::string> out;
  TRY_ASSIGN(core::Case c, tx.get_case(case_id));
  TRY_ASSIGN(auto vulns, tx.list_vulnerabilities(case_id));
  if (vulns.empty()) {
    out.push_back("no vulnerability is recorded on the case (`embargo vuln add`)");
  }
  TRY_ASSIGN(auto artifacts, tx.list_artifacts(case_id));
  bool verified = std::any_of(artifacts.begin(), artifacts.end(), [](const auto& a) { return a.signature_verified; });
  if (!settings.publish.files_dir.empty() && !verified) {
    out.push_back(
        "publish-files: no built and verified release is recorded on the case (`embargo release build --case`)");
  }
  TRY(check_lists(tx, settings, case_id, out));
  bool cve_id =
      std::any_of(vulns.begin(), vulns.end(), [](const auto& v) { return v.identifier.rfind("CVE-", 0) == 0; });
  if (settings.publish.cve && !cve_id) {
    out.push_back("publish-cve: publish.cve is true but no vulnerability has a CVE id");
  }
  // The lists' duties as configured (notice/disclosure_duties.hpp); at the
  // epoch, so that only the configuration and what was sent are judged.
  TRY_ASSIGN(auto duties, notice::disclosure_duties(tx, c, settings, util::Timestamp{}));
  for (const notice::Duty& d : duties) {
    if (d.state == "fail") {
      out.push_back(fmt::format("{}: {}", d.rule, d.detail));
    }
  }
  TRY_ASSIGN(auto stored, tx.latest_plan(case_id));
  if (!stored) {
    out.push_back(fmt::format("no plan: make one with `embargo case plan {}`", case_id));
  } else if (!stored->plan.ok()) {
    TRY_ASSIGN(bool overridden, plan_overridden(tx, case_id));
    if (!overridden) {
      out.push_back(fmt::format("the plan fails the policy ({}) and was not stored with an override",
                                stored->plan.failing_rules()));
    }
  }
  return out;
}

Result<std::vector<std::string>> schedule_warnings(core::StoreTx& tx, std::string_view case_id) {
  std::vector<std::string> out;
  TRY_ASSIGN(auto entries, core::load_timeline(tx, case_id));
  if (auto untested = core::release::untested_release_warning(entries, case_id)) {
    out.push_back(std::move(*untested));
  }
  return out;
}

}  // namespace embargo::scheduler
