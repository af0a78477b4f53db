#pragma once

// The StoreTx of an open PostgreSQL transaction. Only PgStore makes these.
// The methods live in one file per table group so that a new group (the
// scheduler's jobs, the mail outbox, web accounts) is one more file:
//   pg_case_tx.cpp      counters, cases, vulnerabilities, source records
//   pg_timeline_tx.cpp  the timeline
//   pg_people_tx.cpp    users, artifacts
//   pg_plan_tx.cpp      disclosure plans
//   pg_download_tx.cpp  usercodes, download windows, downloads
//   pg_mail_tx.cpp      incoming mail, the outbox
//   pg_access_tx.cpp    web credentials, the per-case access list
//   pg_team_tx.cpp      team members, case owners and backups, reminders sent
//   pg_totp_tx.cpp      second login factors (TOTP)
//   pg_job_tx.cpp       the release scheduler's jobs (and PgStore::claim_job)
// Each method wraps its SQL in guarded(), which turns libpqxx's exceptions
// into Result errors and notes a serialisation failure for PgStore to retry.

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include <pqxx/pqxx>

#include <embargo/core/store.hpp>
#include <embargo/storage/outbox_seal.hpp>

namespace embargo::storage::postgres {

class PgTx : public core::StoreTx {
 public:
  // `seal` (outbox_seal.hpp) must outlive the transaction.
  PgTx(pqxx::transaction_base& txn, bool writable, const OutboxSeal& seal)
      : m_txn(txn), m_writable(writable), m_seal(seal) {}

  // True when a statement failed because PostgreSQL could not serialise the
  // transaction (or chose it as a deadlock victim): run the function again.
  bool must_retry() const { return m_must_retry; }

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

  Result<void> insert_source_record(const core::SourceRecord& record) override;
  Result<std::optional<core::SourceRecord>> find_source_record(std::string_view case_id, int ordinal) override;
  Result<std::int64_t> insert_plan(const core::planner::StoredPlan& plan) override;
  Result<std::optional<core::planner::StoredPlan>> latest_plan(std::string_view case_id) override;

  Result<void> insert_usercode(const core::Usercode& u) override;
  Result<void> update_usercode(const core::Usercode& u) override;
  Result<core::Usercode> get_usercode(std::string_view case_id, std::string_view list) override;
  Result<std::vector<core::Usercode>> list_usercodes(std::string_view case_id) override;

  Result<void> put_download_window(const core::DownloadWindow& w) override;
  Result<std::optional<core::DownloadWindow>> get_download_window(std::string_view case_id) override;

  Result<void> insert_downloads(const std::vector<core::Download>& downloads) override;
  Result<std::vector<core::Download>> list_downloads(std::string_view case_id) override;

  Result<void> insert_mail(const core::MailRecord& m) override;
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

  // pg_team_tx.cpp
  Result<void> put_member(const core::MemberProfile& m) override;
  Result<std::optional<core::MemberProfile>> find_member(std::string_view user) override;
  Result<std::vector<core::MemberProfile>> list_members() override;
  Result<void> put_assignment(const core::CaseAssignment& a) override;
  Result<std::optional<core::CaseAssignment>> find_assignment(std::string_view case_id) override;
  Result<std::vector<core::CaseAssignment>> list_assignments() override;
  Result<void> insert_reminder(const core::ReminderRecord& r) override;
  Result<std::vector<core::ReminderRecord>> list_reminders(std::string_view case_id) override;

  // pg_project_tx.cpp
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
  // Store::claim_job for PgStore, inside a READ COMMITTED transaction.
  Result<std::optional<core::Job>> claim_job(const core::ClaimRequest& request);

 private:
  Result<void> require_writable() const;

  // Runs `f` (returning Result<T>), turning an exception into an error
  // prefixed with `what`.
  template <typename F>
  auto guarded(std::string_view what, F&& f) -> decltype(f()) {
    try {
      return f();
    } catch (...) {
      return tl::unexpected(translate(what, std::current_exception()));
    }
  }
  Error translate(std::string_view what, const std::exception_ptr& e);

  pqxx::transaction_base& m_txn;
  bool m_writable;
  const OutboxSeal& m_seal;
  bool m_must_retry = false;
  int m_cursors = 0;  // names nested timeline cursors
};

// SQL for a timestamptz column read back as microseconds since the epoch
// (exact: extract returns numeric).
std::string micros(std::string_view column);
util::Timestamp from_micros(std::int64_t us);
// A timestamp as a parameter (RFC 3339 with microseconds; PostgreSQL parses it exactly).
std::string ts_param(util::Timestamp t);
std::optional<std::string> ts_param(const std::optional<util::Timestamp>& t);

}  // namespace embargo::storage::postgres
