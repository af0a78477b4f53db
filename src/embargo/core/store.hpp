#pragma once

// The store holds cases, vulnerabilities, timelines, users and artifacts. It
// is an interface so that SQLite (the default), PostgreSQL (several nodes)
// and an in-memory fake (unit tests) are interchangeable; storage/ has the
// implementations and storage/open_store.hpp picks one from a URL.
//
// All access goes through a transaction: Store::write runs a function inside
// one transaction and commits only if it returns success, so a command either
// changes everything it meant to or nothing. Store::read gives a consistent
// snapshot in which writes fail. A StoreTx must not escape its function.
//
// Errors: NotFound for an unknown key, Conflict for a duplicate key, Busy when
// the store stayed locked past its timeout, IOError/Corruption otherwise.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/core/access.hpp>
#include <embargo/core/artifact.hpp>
#include <embargo/core/case.hpp>
#include <embargo/core/source_record.hpp>
#include <embargo/core/team.hpp>
#include <embargo/core/planner/plan.hpp>
#include <embargo/core/download_area.hpp>
#include <embargo/core/job.hpp>
#include <embargo/core/mail_record.hpp>
#include <embargo/core/timeline.hpp>
#include <embargo/core/totp_enrolment.hpp>
#include <embargo/core/user.hpp>
#include <embargo/core/vulnerability.hpp>
#include <embargo/util/result.hpp>

namespace embargo::core {

namespace planner {
struct StoredPlan;
}

struct CaseFilter {
  std::optional<CaseState> state;
  std::size_t limit = 0;  // 0 = no limit
};

class StoreTx {
 public:
  virtual ~StoreTx() = default;

  // Next case number for ids `prefix`-`year`-N (1, 2, ...), reserved for this
  // transaction. Each prefix (a project's case prefix) counts on its own.
  virtual Result<int> allocate_case_number(std::string_view prefix, int year) = 0;
  virtual Result<void> insert_case(const Case& c) = 0;
  // NotFound if the case does not exist.
  virtual Result<void> update_case(const Case& c) = 0;
  virtual Result<Case> get_case(std::string_view id) = 0;
  // Ordered by id.
  virtual Result<std::vector<Case>> list_cases(const CaseFilter& filter) = 0;
  // A number that changes (in every process) whenever a case, a grant, a
  // project's cases or members, or a user changes: what decides which cases
  // a list shows. Pages use it to know when a rendered list is stale.
  virtual Result<std::int64_t> change_counter() = 0;

  virtual Result<void> insert_vulnerability(const Vulnerability& v) = 0;
  virtual Result<void> update_vulnerability(const Vulnerability& v) = 0;
  // Ordered by ordinal.
  virtual Result<std::vector<Vulnerability>> list_vulnerabilities(std::string_view case_id) = 0;

  // The entry must already be chained (chain_entry); the store only appends.
  virtual Result<void> append_timeline(const TimelineEntry& entry) = 0;
  // Calls `fn` for each entry of `case_id` (or of every case when empty),
  // ordered by case id then seq, without loading them all at once. Stops and
  // returns the first error `fn` returns.
  virtual Result<void> for_each_timeline_entry(std::string_view case_id,
                                               const std::function<Result<void>(const TimelineEntry&)>& fn) = 0;

  virtual Result<void> insert_user(const User& user) = 0;
  virtual Result<User> get_user(std::string_view name) = 0;
  virtual Result<std::vector<User>> list_users() = 0;

  virtual Result<void> insert_artifact(const Artifact& artifact) = 0;
  virtual Result<std::vector<Artifact>> list_artifacts(std::string_view case_id) = 0;

  virtual Result<void> insert_source_record(const SourceRecord& record) = 0;
  // nullopt when the vulnerability was not imported.
  virtual Result<std::optional<SourceRecord>> find_source_record(std::string_view case_id, int ordinal) = 0;
  // Disclosure plans (planner/case_plan.hpp). insert_plan ignores plan.seq
  // and returns the one it assigned: one more than the case's last plan.
  virtual Result<std::int64_t> insert_plan(const planner::StoredPlan& plan) = 0;
  // The case's latest plan, or nullopt when none was made.
  virtual Result<std::optional<planner::StoredPlan>> latest_plan(std::string_view case_id) = 0;

  // NotFound if the case has no file of that name.
  virtual Result<Artifact> get_artifact(std::string_view case_id, std::string_view name) = 0;

  // Usercodes of the download area (download_area.hpp). Conflict if the
  // (case, list) pair exists; NotFound on update/get of a missing one.
  virtual Result<void> insert_usercode(const Usercode& u) = 0;
  virtual Result<void> update_usercode(const Usercode& u) = 0;
  virtual Result<Usercode> get_usercode(std::string_view case_id, std::string_view list) = 0;
  // Ordered by list name; revoked ones included.
  virtual Result<std::vector<Usercode>> list_usercodes(std::string_view case_id) = 0;

  // Insert or replace the case's window. get: nullopt when none is set.
  virtual Result<void> put_download_window(const DownloadWindow& w) = 0;
  virtual Result<std::optional<DownloadWindow>> get_download_window(std::string_view case_id) = 0;

  // Appends download records (the server batches them). list: by time.
  virtual Result<void> insert_downloads(const std::vector<Download>& downloads) = 0;
  virtual Result<std::vector<Download>> list_downloads(std::string_view case_id) = 0;

  // Mail (issue 6). Conflict if the Message-ID is already stored.
  virtual Result<void> insert_mail(const MailRecord& mail) = 0;
  // nullopt when no incoming message has this Message-ID.
  virtual Result<std::optional<MailRecord>> find_mail(std::string_view message_id) = 0;
  // Incoming messages from `sender` received at or after `since`.
  virtual Result<std::int64_t> count_mail_from(std::string_view sender, util::Timestamp since) = 0;
  // Ordered by received_at, then Message-ID.
  virtual Result<std::vector<MailRecord>> list_mail(std::string_view case_id) = 0;

  // Conflict if the Message-ID is already in the outbox.
  virtual Result<void> insert_outbox(const OutboxEntry& entry) = 0;
  // NotFound if the entry does not exist.
  virtual Result<void> update_outbox(const OutboxEntry& entry) = 0;
  virtual Result<std::optional<OutboxEntry>> find_outbox(std::string_view message_id) = 0;
  // Entries in `state` (all when unset), ordered by created_at then Message-ID.
  virtual Result<std::vector<OutboxEntry>> list_outbox(std::optional<OutboxState> state) = 0;
  // The entries about `case_id` (every state), in the same order: what a
  // case page or a release step needs, without every other case's messages.
  virtual Result<std::vector<OutboxEntry>> list_case_outbox(std::string_view case_id) = 0;

  // Web credentials (access.hpp), by the hash of their secret. Conflict on a
  // duplicate hash. find: nullopt when unknown (expiry is the caller's to
  // check). delete_credentials: every one of `user` of that kind, returning
  // how many went ("log out everywhere").
  virtual Result<void> insert_credential(const Credential& c) = 0;
  virtual Result<std::optional<Credential>> find_credential(std::string_view hash) = 0;
  virtual Result<void> delete_credential(std::string_view hash) = 0;
  virtual Result<int> delete_credentials(std::string_view user, CredentialKind kind) = 0;
  // Deletes every credential whose expiry is at or before `now`; how many went.
  virtual Result<int> delete_expired_credentials(util::Timestamp now) = 0;
  // The credentials that carry `case_id` (reporters' links and the sessions
  // opened from them), oldest first.
  virtual Result<std::vector<Credential>> list_case_credentials(std::string_view case_id) = 0;

  // The per-case access list. put: insert or replace (case, user). NotFound
  // if the case or the user does not exist.
  virtual Result<void> put_grant(const CaseGrant& g) = 0;
  // Removes `user`'s grant on `case_id`; false if there was none.
  virtual Result<bool> delete_grant(std::string_view case_id, std::string_view user) = 0;
  virtual Result<std::optional<CaseGrant>> find_grant(std::string_view case_id, std::string_view user) = 0;
  // Ordered by user.
  virtual Result<std::vector<CaseGrant>> list_grants(std::string_view case_id) = 0;
  // The grants of one user, ordered by case id.
  virtual Result<std::vector<CaseGrant>> list_user_grants(std::string_view user) = 0;

  // The team (issue 13, team.hpp). put_member: insert or replace; NotFound
  // if the user does not exist. find: nullopt when the user has no profile.
  virtual Result<void> put_member(const MemberProfile& m) = 0;
  virtual Result<std::optional<MemberProfile>> find_member(std::string_view user) = 0;
  // Ordered by user.
  virtual Result<std::vector<MemberProfile>> list_members() = 0;
  // Insert or replace the case's owner and backup; NotFound if the case or a
  // named user does not exist. find: nullopt when none was assigned.
  virtual Result<void> put_assignment(const CaseAssignment& a) = 0;
  virtual Result<std::optional<CaseAssignment>> find_assignment(std::string_view case_id) = 0;
  // Ordered by case id.
  virtual Result<std::vector<CaseAssignment>> list_assignments() = 0;
  // Conflict if (case, condition, threshold, level) was already recorded.
  virtual Result<void> insert_reminder(const ReminderRecord& r) = 0;
  // Ordered by time, then condition, threshold and level.
  virtual Result<std::vector<ReminderRecord>> list_reminders(std::string_view case_id) = 0;

  // Second login factors (totp_enrolment.hpp), one per user. put: insert or
  // replace; NotFound if the user does not exist. delete: whether there was one.
  virtual Result<void> put_totp(const TotpEnrolment& t) = 0;
  virtual Result<std::optional<TotpEnrolment>> find_totp(std::string_view user) = 0;
  virtual Result<bool> delete_totp(std::string_view user) = 0;

  // Projects on one server (issue 12, core/project.hpp). A case belongs to the
  // server's own project ("") unless set_case_project put it in another;
  // NotFound if the case does not exist, Conflict if it already has one.
  virtual Result<void> set_case_project(std::string_view case_id, std::string_view project) = 0;
  // "" for a case of the server's own project (or an unknown case).
  virtual Result<std::string> case_project(std::string_view case_id) = 0;
  // Case ids of `project` (not ""), ordered.
  virtual Result<std::vector<std::string>> list_project_cases(std::string_view project) = 0;
  // Project teams. put: insert or keep; NotFound if the user does not exist.
  // delete: false when there was no such member.
  virtual Result<void> put_project_member(std::string_view project, std::string_view user) = 0;
  virtual Result<bool> delete_project_member(std::string_view project, std::string_view user) = 0;
  // Ordered by user.
  virtual Result<std::vector<std::string>> list_project_members(std::string_view project) = 0;
  // The projects `user` is on the team of, ordered.
  virtual Result<std::vector<std::string>> list_user_projects(std::string_view user) = 0;

  // The release scheduler's jobs (job.hpp). insert_job ignores job.id and
  // returns the one it assigned. update_job: NotFound if missing. list_jobs:
  // the case's jobs (every case's when empty), ordered by due_at then id.
  virtual Result<std::int64_t> insert_job(const Job& job) = 0;
  virtual Result<void> update_job(const Job& job) = 0;
  virtual Result<Job> get_job(std::int64_t id) = 0;
  virtual Result<std::vector<Job>> list_jobs(std::string_view case_id) = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  using TxFunction = std::function<Result<void>(StoreTx&)>;

  // Runs `fn` in one write transaction; commits iff it succeeds, durably
  // (on disk) before returning. Busy if the store stays locked. A store may
  // run `fn` more than once (PostgreSQL does after a serialisation failure,
  // rolling back the earlier run): `fn` may assign its results to captured
  // variables but must not append to them or act outside the store.
  virtual Result<void> write(const TxFunction& fn) = 0;
  // Runs `fn` on a consistent snapshot. Writes inside it fail.
  virtual Result<void> read(const TxFunction& fn) = 0;
  // A consistent copy of the whole store at `destination` while others keep
  // writing. NotSupported where the store cannot do that.
  virtual Result<void> backup_to(const std::filesystem::path& destination) = 0;

  // Claims the earliest due job (job_claimable) for request.owner and
  // returns it as claimed (apply_claim), or nullopt when none is due. With
  // several processes on one store, a job goes to exactly one of them. The
  // default runs in write(); PostgreSQL overrides it with a row lock taken
  // with SKIP LOCKED in its own READ COMMITTED transaction.
  virtual Result<std::optional<Job>> claim_job(const ClaimRequest& request);
};

// Convenience: every entry of one case, in order.
Result<std::vector<TimelineEntry>> load_timeline(StoreTx& tx, std::string_view case_id);

}  // namespace embargo::core
