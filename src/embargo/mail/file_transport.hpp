#pragma once

// A mail sink for trying embargo without a mail server ([smtp] url =
// "file:DIR", DIR relative to the data directory): every message is written
// to DIR/<Message-ID>.eml (mode 0600, written atomically) instead of being
// sent, with its envelope as two header lines on top (Return-Path and
// X-Envelope-To), as a local delivery would. `embargo demo` uses it, so that
// nothing leaves the machine. Sending the same message again overwrites the
// same file. IOError when the directory cannot be made or written.

#include <filesystem>

#include <embargo/mail/outbox.hpp>

namespace embargo::mail {

class FileTransport : public Transport {
 public:
  explicit FileTransport(std::filesystem::path dir) : m_dir(std::move(dir)) {}

  Result<void> send(const core::OutboxEntry& entry) override;

 private:
  std::filesystem::path m_dir;
};

}  // namespace embargo::mail
