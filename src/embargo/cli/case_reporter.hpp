#pragma once

// The reporter's side of `embargo case` (issue 23):
//
//   case edit CASE --reporter-key FILE     the reporter's OpenPGP key: mail to
//                                          them is then encrypted to it
//   case move CASE rejected --why W --forward
//                                          not a security issue: the report
//                                          goes to the public route
//
// Both act on the local data directory only.

#include <string>

#include <embargo/cli/context.hpp>

namespace embargo::cli {

// The armored public key in `path` (relative to the current directory)
// checked (it must encrypt now: not expired, revoked or sign-only) and
// imported into the GnuPG home of `case_id`'s project; its primary
// fingerprint. "" or "none" gives "" (forget the key). InvalidArgument
// "--reporter-key: FILE: <problem>"; nothing is imported then.
Result<std::string> reporter_key_from_file(Context& ctx, std::string_view case_id, const std::string& path);

// Moves `case_id` to rejected (`why` recorded) and, in the same transaction,
// queues the report's original text (its first mail or portal message) to
// mail.bugs_address and a note to the reporter saying where it went (both
// Auto-Submitted: auto-generated; the note encrypted to the reporter's key
// when known), recorded on the timeline as `public-route`; then sends both.
// Without mail.bugs_address the text is printed on stdout for a tracker.
// Nothing is changed when the move is refused or the case has no report text.
Result<int> move_rejected_forward(Context& ctx, const std::string& case_id, const std::string& why,
                                  const std::string& format);

}  // namespace embargo::cli
