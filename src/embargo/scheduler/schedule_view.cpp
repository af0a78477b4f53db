#include <algorithm>
#include <array>

#include <fmt/format.h>

#include <embargo/scheduler/release_jobs.hpp>
#include <embargo/scheduler/schedule_view.hpp>

namespace embargo::scheduler {

namespace {

using Lists = std::vector<std::string> config::PublishConfig::*;

struct NoticeStepLists {
  std::string_view kind;
  std::string_view notice;
  Lists lists;
  std::string_view key;
};

const std::array<NoticeStepLists, 4> k_notice_steps{{
    {kind::k_notice_advance, "advance", &config::PublishConfig::advance_lists, "advance_lists"},
    {kind::k_notice_fix, "fix", &config::PublishConfig::fix_lists, "fix_lists"},
    {kind::k_notice_heads_up, "heads-up", &config::PublishConfig::heads_up_lists, "heads_up_lists"},
    {kind::k_announce, "release", &config::PublishConfig::announce_lists, "announce_lists"},
}};

std::optional<std::string> notice_skip(const NoticeStepLists& n, const config::PublishConfig& p,
                                       const std::vector<core::OutboxEntry>& outbox, std::string_view case_id) {
  const auto& names = p.*n.lists;
  if (names.empty()) {
    return fmt::format("publish.{} is empty", n.key);
  }
  bool all_sent = std::all_of(names.begin(), names.end(), [&](const std::string& name) {
    return std::any_of(outbox.begin(), outbox.end(), [&](const core::OutboxEntry& e) {
      return e.case_id == case_id && e.kind == n.notice && e.list_name == name;
    });
  });
  if (all_sent) {
    return fmt::format("the {} notice was already sent to every list", n.notice);
  }
  return std::nullopt;
}

std::optional<std::string> skip_reason(const core::Job& j, const config::PublishConfig& p,
                                       const std::vector<core::OutboxEntry>& outbox) {
  for (const NoticeStepLists& n : k_notice_steps) {
    if (j.kind == n.kind) {
      return notice_skip(n, p, outbox, j.case_id);
    }
  }
  if (j.kind == kind::k_publish_cve && !p.cve) {
    return std::string("publish.cve is false");
  }
  if (j.kind == kind::k_publish_files && p.files_dir.empty()) {
    return std::string("publish.files_dir is not set");
  }
  if (j.kind == kind::k_publish_advisory && p.web_dir.empty()) {
    return std::string("publish.web_dir is not set");
  }
  if (j.kind == kind::k_push_public && p.git_remote.empty()) {
    return std::string("publish.git_remote is not set");
  }
  return std::nullopt;
}

}  // namespace

std::string ScheduleRow::state_text() const {
  if (skipped_why) {
    return fmt::format("skipped ({})", *skipped_why);
  }
  return std::string(core::to_string(job.state));
}

Result<std::vector<ScheduleRow>> schedule_view(core::StoreTx& tx, const config::ConfigFile& settings,
                                               std::string_view case_id) {
  TRY_ASSIGN(std::vector<core::Job> jobs, tx.list_jobs(case_id));
  TRY_ASSIGN(std::vector<core::OutboxEntry> outbox, tx.list_case_outbox(case_id));
  std::vector<ScheduleRow> rows;
  for (core::Job& j : jobs) {
    ScheduleRow row{std::move(j), std::nullopt};
    if (row.job.state == core::JobState::pending || row.job.state == core::JobState::running) {
      row.skipped_why = skip_reason(row.job, settings.publish, outbox);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace embargo::scheduler
