#pragma once

// Intake's private parts shared by intake.cpp (one message) and
// intake_batch.cpp (group commit). Not for other users.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <embargo/mail/auto_mail.hpp>
#include <embargo/mail/intake.hpp>
#include <embargo/mail/reporter_key.hpp>

namespace embargo::mail {

struct Intake::Opened {
  bool encrypted = false;
  pgp::SignatureCheck signature;
  MimeContent content;
};

// A message read, opened and its files written, ready for record_in; or
// `done` when nothing is left to record (too large, quarantined, receipt).
struct Intake::Prepared {
  std::optional<IntakeResult> done;
  ParsedMail mail;
  AutoMail automatic;  // a program's mail: threaded or quarantined, never answered
  Opened opened;
  OfferedKey key;        // the reporter's key the message offers (attached, or its signer's)
  std::string_view raw;  // the caller's bytes; they outlive the Prepared
  std::string raw_sha;
  std::int64_t size = 0;
  nlohmann::json attachments = nlohmann::json::array();
  std::string text_sha;
  util::Timestamp now;
};

// Where the files of a batch are made durable: written without fsync, then
// one syncfs() of their filesystem before the store commits.
class Intake::FileSync {
 public:
  // `file` was written (and renamed into place) without fsync; `new_dir`
  // is true when its directory was created for it.
  void wrote(const std::filesystem::path& file, bool new_dir);
  // Makes every file written so far durable: the files, then the
  // directories that name them (util::sync_paths). IOError names the path.
  Result<void> sync();

 private:
  std::vector<std::filesystem::path> m_files;
  std::set<std::filesystem::path> m_dirs;
};

}  // namespace embargo::mail
