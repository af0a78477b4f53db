#pragma once

// The files a case received by mail (issue 24, finding 11): reporters'
// attachments and the text of a message when the raw message does not hold it
// readably (decrypted) or the timeline cuts it short. Intake stores their
// bytes content-addressed under <data>/files (storage/file_store.hpp) and
// lists them in the data of the "mail-received" timeline entry ("attachments":
// name, type, sha256, size; "text_sha256"); this reads them back from the
// timeline, so there is no table to drift from the history.
//
// Names: each file gets a name that is safe in a URL segment and a file name
// and unique within its case: "<seq>-<clean name>", where seq is the timeline
// entry of the mail and the clean name keeps [A-Za-z0-9._-] of the reporter's
// file name (others become "_", no leading dot, at most 100 bytes; an empty
// one becomes "attachment-K"); a second file of the same clean name in one
// mail gets "-K" before its extension. The decrypted or long text is
// "<seq>-text.txt". The reporter's own name is kept as original_name, for
// display only, never as a path.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/core/timeline.hpp>

namespace embargo::core {

struct MailFile {
  std::string name;           // unique in the case, safe (see above)
  std::string original_name;  // as the reporter sent it (may be empty); display only
  std::string kind;           // "attachment" or "text" (decrypted or long text)
  std::string content_type;   // as the mail declared it; "text/plain" for text
  std::string sha256;         // 64 lower-case hex digits
  std::int64_t size = -1;     // bytes; -1 when the entry does not say (text: read the file)
  std::string message_id;     // the mail it came in
  std::int64_t seq = 0;       // its mail-received timeline entry
};

// The files of `entries` (one case's timeline), in timeline order. Entries
// whose data is not what intake writes are skipped (never an error): a
// timeline is history and stays readable.
std::vector<MailFile> mail_files(const std::vector<TimelineEntry>& entries);

// The file named `name` in `files`, if any (exact match).
std::optional<MailFile> find_mail_file(const std::vector<MailFile>& files, std::string_view name);

// The clean form of a reporter's file name (see above), without the seq prefix.
std::string clean_file_name(std::string_view name);

}  // namespace embargo::core
