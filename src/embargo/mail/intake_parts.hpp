#pragma once

// Intake's private parts shared by intake.cpp (one message) and
// intake_batch.cpp (group commit). Not for other users.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <embargo/mail/intake.hpp>

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
  Opened opened;
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
  void wrote(const std::filesystem::path& dir) { m_dir = dir; }
  // Makes every file written so far durable. IOError names the directory.
  Result<void> sync();

 private:
  std::filesystem::path m_dir;
};

}  // namespace embargo::mail
