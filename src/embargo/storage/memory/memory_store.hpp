#pragma once

// The in-memory Store for unit tests (as LevelDB's memenv): same contract as
// the SQLite store, nothing on disk. A write transaction works on a copy of
// the whole state and swaps it in on success, so a failed transaction leaves
// no trace. Fine for tests, far too slow for real data.

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <embargo/core/planner/case_plan.hpp>
#include <embargo/core/store.hpp>

namespace embargo::storage::memory {

struct MemoryState {
  std::int64_t changes = 0;  // committed write transactions: the change counter
  std::map<std::pair<std::string, int>, int> counters;  // (prefix, year) -> last number
  std::map<std::string, core::Case, std::less<>> cases;
  std::map<std::string, std::vector<core::Vulnerability>, std::less<>> vulnerabilities;
  std::map<std::string, std::vector<core::TimelineEntry>, std::less<>> timeline;
  std::map<std::string, core::User, std::less<>> users;
  std::map<std::string, std::vector<core::Artifact>, std::less<>> artifacts;
  std::map<std::pair<std::string, int>, core::SourceRecord> source_records;
  std::map<std::string, std::vector<core::planner::StoredPlan>, std::less<>> plans;
  std::map<std::pair<std::string, std::string>, core::Usercode, std::less<>> usercodes;
  std::map<std::string, core::DownloadWindow, std::less<>> windows;
  std::vector<core::Download> downloads;
  std::map<std::string, core::MailRecord, std::less<>> mail;
  std::map<std::string, core::OutboxEntry, std::less<>> outbox;
  std::map<std::string, core::Credential, std::less<>> credentials;
  std::map<std::pair<std::string, std::string>, core::CaseGrant> grants;
  std::map<std::string, core::MemberProfile, std::less<>> members;
  std::map<std::string, core::CaseAssignment, std::less<>> assignments;
  std::vector<core::ReminderRecord> reminders;
  std::map<std::string, core::TotpEnrolment, std::less<>> totp;
  std::map<std::string, std::string, std::less<>> case_projects;         // case id -> project
  std::set<std::pair<std::string, std::string>> project_members;  // (project, user)
  std::vector<core::Job> jobs;  // id = index + 1
};

class MemoryStore : public core::Store {
 public:
  Result<void> write(const TxFunction& fn) override;
  Result<void> read(const TxFunction& fn) override;
  Result<void> backup_to(const std::filesystem::path& destination) override;

  // For tests that tamper with the data on purpose.
  MemoryState& state() { return m_state; }

 private:
  std::mutex m_mutex;
  MemoryState m_state;
};

}  // namespace embargo::storage::memory
