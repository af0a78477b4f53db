#pragma once

// The keywords of a status reply by mail (untrusted input; fuzzed by
// fuzz/fuzz_status_reply.cpp). A recipient answers a notice with lines such as
//
//   status: acknowledged
//   vulnerability: 2            (optional; default: every vulnerability)
//   statement: packages build on Thursday   (optional, one line)
//
// Keys are ASCII case-insensitive ("vuln" for "vulnerability"), leading
// blanks are ignored, quoted lines ("> ...") are skipped and reading stops at
// a signature separator ("-- "). Only the first 64 KiB are read. Whether the
// sender may set the status is not decided here (mail/status_reply.hpp).

#include <optional>
#include <string>
#include <string_view>

#include <embargo/core/recipient.hpp>
#include <embargo/util/result.hpp>

namespace embargo::core {

struct StatusReply {
  RecipientStatus status = RecipientStatus::notified;
  int vulnerability = 0;  // 0: every vulnerability
  std::string statement;
};

inline constexpr std::size_t k_status_reply_scan_bytes = 64 * 1024;

// nullopt when the text has no "status:" line. InvalidArgument naming the key
// for a bad value, a repeated key, or a vulnerability/statement without status.
Result<std::optional<StatusReply>> parse_status_reply(std::string_view text);

}  // namespace embargo::core
