#pragma once

#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

#include <embargo/core/store.hpp>

namespace embargo::storage::sqlite {

class SqliteStore;

// The StoreTx of an open SQLite transaction. Only SqliteStore makes these,
// inside BEGIN ... COMMIT; a read-only one refuses writes.
class SqliteTx : public core::StoreTx {
 public:
  SqliteTx(SqliteStore& store, bool writable) : m_store(store), m_writable(writable) {}

  Result<int> allocate_case_number(std::string_view prefix, int year) override;
  Result<void> insert_case(const core::Case& c) override;
  Result<void> update_case(const core::Case& c) override;
  Result<core::Case> get_case(std::string_view id) override;
  Result<std::vector<core::Case>> list_cases(const core::CaseFilter& filter) override;
  Result<std::int64_t> change_counter() override;

  Result<void> insert_vulnerability(const core::Vulnerability& v) override;
  Result<void> update_vulnerability(const core::Vulnerability& v) override;
  Result<std::vector<core::Vulnerability>> list_vulnerabilities(std::string_view case_id) override;

  Result<void> append_timeline(const core::TimelineEntry& entry) override;
  Result<void> for_each_timeline_entry(std::string_view case_id,
                                       const std::function<Result<void>(const core::TimelineEntry&)>& fn) override;

  Result<void> insert_user(const core::User& user) override;
  Result<core::User> get_user(std::string_view name) override;
  Result<std::vector<core::User>> list_users() override;

  Result<void> insert_artifact(const core::Artifact& artifact) override;
  Result<std::vector<core::Artifact>> list_artifacts(std::string_view case_id) override;
  Result<core::Artifact> get_artifact(std::string_view case_id, std::string_view name) override;

  Result<void> insert_usercode(const core::Usercode& u) override;
  Result<void> update_usercode(const core::Usercode& u) override;
  Result<core::Usercode> get_usercode(std::string_view case_id, std::string_view list) override;
  Result<std::vector<core::Usercode>> list_usercodes(std::string_view case_id) override;

  Result<void> put_download_window(const core::DownloadWindow& w) override;
  Result<std::optional<core::DownloadWindow>> get_download_window(std::string_view case_id) override;

  Result<void> insert_downloads(const std::vector<core::Download>& downloads) override;
  Result<std::vector<core::Download>> list_downloads(std::string_view case_id) override;

  Result<void> insert_source_record(const core::SourceRecord& record) override;
  Result<std::optional<core::SourceRecord>> find_source_record(std::string_view case_id, int ordinal) override;
  Result<std::int64_t> insert_plan(const core::planner::StoredPlan& plan) override;
  Result<std::optional<core::planner::StoredPlan>> latest_plan(std::string_view case_id) override;

  // sqlite_mail_tx.cpp
  Result<void> insert_mail(const core::MailRecord& mail) override;
  Result<std::optional<core::MailRecord>> find_mail(std::string_view message_id) override;
  Result<std::int64_t> count_mail_from(std::string_view sender, util::Timestamp since) override;
  Result<std::vector<core::MailRecord>> list_mail(std::string_view case_id) override;
  Result<void> insert_outbox(const core::OutboxEntry& entry) override;
  Result<void> update_outbox(const core::OutboxEntry& entry) override;
  Result<std::optional<core::OutboxEntry>> find_outbox(std::string_view message_id) override;
  Result<std::vector<core::OutboxEntry>> list_outbox(std::optional<core::OutboxState> state) override;
  Result<std::vector<core::OutboxEntry>> list_case_outbox(std::string_view case_id) override;

  Result<void> insert_credential(const core::Credential& c) override;
  Result<std::optional<core::Credential>> find_credential(std::string_view hash) override;
  Result<void> delete_credential(std::string_view hash) override;
  Result<int> delete_credentials(std::string_view user, core::CredentialKind kind) override;
  Result<int> delete_expired_credentials(util::Timestamp now) override;
  Result<std::vector<core::Credential>> list_case_credentials(std::string_view case_id) override;
  Result<void> put_grant(const core::CaseGrant& g) override;
  Result<bool> delete_grant(std::string_view case_id, std::string_view user) override;
  Result<std::optional<core::CaseGrant>> find_grant(std::string_view case_id, std::string_view user) override;
  Result<std::vector<core::CaseGrant>> list_grants(std::string_view case_id) override;
  Result<std::vector<core::CaseGrant>> list_user_grants(std::string_view user) override;
  Result<void> put_totp(const core::TotpEnrolment& t) override;
  Result<std::optional<core::TotpEnrolment>> find_totp(std::string_view user) override;
  Result<bool> delete_totp(std::string_view user) override;

  // sqlite_team_tx.cpp
  Result<void> put_member(const core::MemberProfile& m) override;
  Result<std::optional<core::MemberProfile>> find_member(std::string_view user) override;
  Result<std::vector<core::MemberProfile>> list_members() override;
  Result<void> put_assignment(const core::CaseAssignment& a) override;
  Result<std::optional<core::CaseAssignment>> find_assignment(std::string_view case_id) override;
  Result<std::vector<core::CaseAssignment>> list_assignments() override;
  Result<void> insert_reminder(const core::ReminderRecord& r) override;
  Result<std::vector<core::ReminderRecord>> list_reminders(std::string_view case_id) override;

  // sqlite_project_tx.cpp
  Result<void> set_case_project(std::string_view case_id, std::string_view project) override;
  Result<std::string> case_project(std::string_view case_id) override;
  Result<std::vector<std::string>> list_project_cases(std::string_view project) override;
  Result<void> put_project_member(std::string_view project, std::string_view user) override;
  Result<bool> delete_project_member(std::string_view project, std::string_view user) override;
  Result<std::vector<std::string>> list_project_members(std::string_view project) override;
  Result<std::vector<std::string>> list_user_projects(std::string_view user) override;

  Result<std::int64_t> insert_job(const core::Job& job) override;
  Result<void> update_job(const core::Job& job) override;
  Result<core::Job> get_job(std::int64_t id) override;
  Result<std::vector<core::Job>> list_jobs(std::string_view case_id) override;

 private:
  Result<void> require_writable() const;

  SqliteStore& m_store;
  bool m_writable;
};

// A value decoded from a stored row. We wrote every row, so a value that
// does not decode means the file was changed behind our back: the read
// throws std::runtime_error("corrupt store: <what>: ...").
template <typename T>
T or_corrupt(Result<T> r, std::string_view what) {
  if (!r) {
    throw std::runtime_error(fmt::format("corrupt store: {}: {}", what, r.error().message()));
  }
  return std::move(*r);
}

}  // namespace embargo::storage::sqlite
