#include <fmt/format.h>
#include <fmt/ranges.h>

#include <embargo/mail/file_transport.hpp>
#include <embargo/util/file.hpp>

namespace embargo::mail {

namespace {

// The Message-ID as a file name: anything but [A-Za-z0-9.@_-] becomes '_'.
std::string file_name(const std::string& message_id) {
  std::string name = message_id;
  for (char& c : name) {
    bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                c == '@' || c == '_' || c == '-';
    c = safe ? c : '_';
  }
  return name.empty() || name[0] == '.' ? "_" + name : name;
}

}  // namespace

Result<void> FileTransport::send(const core::OutboxEntry& entry) {
  std::error_code ec;
  std::filesystem::create_directories(m_dir, ec);
  if (ec) {
    return make_error(ErrorCode::io_error, fmt::format("smtp.url: cannot create {}: {}", m_dir.string(), ec.message()));
  }
  std::string text = fmt::format("Return-Path: <{}>\r\nX-Envelope-To: {}\r\n", entry.envelope_from,
                                 fmt::join(entry.recipients, ", "));
  text += entry.message;
  return util::write_file_atomic(m_dir / (file_name(entry.message_id) + ".eml"), text, 0600);
}

}  // namespace embargo::mail
