#pragma once

// Quarantined mail (issue 24, finding 10): what intake could not read (broken
// MIME, no From, an OpenPGP message it cannot open) is kept in
// <data>/quarantine/ as ID.eml (the bytes as received), ID.reason (one line:
// why) and, for mail that came in at a project's address, ID.project. The id
// is the file stem, "<UTC time>-<16 hex of the sha256>"; validate_quarantine_id
// admits only [A-Za-z0-9._-] (no leading dot, at most 128 bytes), so an id
// from a command line or URL never names another path.
//
//   list / find / raw   what is there (regular files only, never a symlink)
//   release             re-runs intake on the stored bytes (after the key or
//                       limit was fixed): on success the files leave the
//                       quarantine (the bytes are in <data>/files like any
//                       mail) and the case it opened or joined gets a
//                       "quarantine" timeline entry; on failure it stays,
//                       under the same id, with the new reason
//   discard             moves the files to quarantine/discarded/ with
//                       ID.discard (JSON: who, when, why); nothing is deleted
// Every action is a JSON line in quarantine/actions.log (at, action, id,
// actor, detail), and on the case's timeline when a case results.
//
// Thread safety: none inside; the files are the state, so two processes
// acting on one id race only as far as rename(2) does (the loser gets
// NotFound).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/core/access.hpp>
#include <embargo/core/case_service.hpp>
#include <embargo/core/store.hpp>
#include <embargo/mail/intake.hpp>
#include <embargo/mail/team_mailer.hpp>
#include <embargo/util/time.hpp>

namespace embargo::mail {

struct QuarantinedMessage {
  std::string id;
  std::string reason;
  std::string project;  // the [[projects]] entry whose address it came to; "" = the server's own
  std::int64_t size = 0;
  std::string sha256;   // of the bytes
  util::Timestamp at{};  // when it was quarantined (the file's time)
  // From the message's header, best effort (the message may be broken):
  // control characters removed, each at most 300 bytes.
  std::string from;
  std::string subject;
  std::string message_id;
};

// InvalidArgument (naming "quarantine id") unless `id` is a safe file stem.
Result<void> validate_quarantine_id(std::string_view id);

// Who may see and act on a message quarantined for `project` ("" = the
// server's own), as core/project.hpp gives a project's cases to its team: the
// server's own to admin and team accounts, a named project's to the members
// of its team (`user_projects`: the projects `who` is on). Never a reporter
// or a reporter's link, nor anyone only granted cases; a quarantined message
// may be any project's report, so nobody outside its team sees it.
bool may_handle_quarantined(const core::Principal& who, std::string_view project,
                            const std::vector<std::string>& user_projects);

struct ReleaseOutcome {
  bool released = false;  // the files left the quarantine
  IntakeResult result;    // intake's answer (quarantined again: result.reason)
};

class Quarantine {
 public:
  // `data_dir`: the data directory (the quarantine is its quarantine/).
  Quarantine(std::filesystem::path data_dir, core::Store& store, const core::CaseService& cases,
             const util::Clock& clock)
      : m_dir(std::move(data_dir) / "quarantine"), m_store(store), m_cases(cases), m_clock(clock) {}

  // Oldest first. An absent quarantine directory is an empty list.
  Result<std::vector<QuarantinedMessage>> list() const;
  // NotFound for an id that is not (or no longer) quarantined.
  Result<QuarantinedMessage> find(std::string_view id) const;
  Result<std::string> raw(std::string_view id) const;

  // Runs intake on the stored bytes: `receive(raw, id, project)` must run an
  // Intake of `project` whose set_quarantine_name(id) was called. An error
  // from it (store busy, sender over the limit) leaves everything as it was
  // and is returned (and logged).
  using Receive = std::function<Result<IntakeResult>(const std::string& raw, const std::string& id,
                                                     const std::string& project)>;
  Result<ReleaseOutcome> release(std::string_view id, std::string_view actor, const Receive& receive);

  // InvalidArgument when `why` is empty (after trimming) or over 2,000 bytes.
  Result<void> discard(std::string_view id, std::string_view actor, std::string_view why);

  // Appends one line to actions.log (also for reads by the web page: "show").
  Result<void> log(std::string_view action, std::string_view id, std::string_view actor, std::string_view detail) const;

 private:
  Result<std::filesystem::path> eml_of(std::string_view id) const;
  Result<void> note_on_case(const std::string& case_id, std::string_view id, std::string_view actor,
                            const std::string& old_reason);

  std::filesystem::path m_dir;
  core::Store& m_store;
  const core::CaseService& m_cases;
  const util::Clock& m_clock;
};

// The Intake::OnQuarantine that tells the team of the message's project
// (TeamMailer::notify_quarantined, once per message) in its own write
// transaction. A failure goes to `report`: the message is kept either way.
// `store` and `team` must outlive it.
Intake::OnQuarantine quarantine_notice(core::Store& store, TeamMailer& team,
                                       std::function<void(const std::string&)> report);

}  // namespace embargo::mail
