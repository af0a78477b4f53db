#pragma once

// The timeline of a case is append-only and hash-chained. Entry n stores
//
//   prev_hash = hash of entry n-1 (64 zeros for the first entry)
//   hash      = SHA-256( prev_hash || canonical_content(entry) )   (hex)
//
// where canonical_content is a length-prefixed encoding of the case id, the
// sequence number, the UTC time in its fixed text form, the actor, the kind,
// the text and the structured data, so no two different entries encode alike.
// The case row keeps the head hash and the count, so an entry edited, removed
// or appended behind our back breaks either a hash or the head. (Someone who
// can rewrite the whole database can recompute every hash; `timeline verify`
// prints the head so that a team can keep it elsewhere, e.g. in a signed mail.)

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <embargo/util/time.hpp>

namespace embargo::core {

struct Case;

// Kinds written by the core; later subsystems add their own (notice, download).
namespace entry_kind {
inline constexpr std::string_view k_created = "created";
inline constexpr std::string_view k_note = "note";
inline constexpr std::string_view k_state = "state";
inline constexpr std::string_view k_field = "field";
inline constexpr std::string_view k_vulnerability = "vulnerability";
inline constexpr std::string_view k_usercode = "usercode";  // download area usercodes
inline constexpr std::string_view k_file = "file";          // files offered in the download area
inline constexpr std::string_view k_window = "window";      // download area opening/release times
inline constexpr std::string_view k_reporter_message = "reporter";  // from the reporter (portal); they see it
inline constexpr std::string_view k_reply = "reply";                // from the team to the reporter; they see it
inline constexpr std::string_view k_access = "access";              // sharing, reporter links
}  // namespace entry_kind

struct TimelineEntry {
  std::string case_id;
  std::int64_t seq = 0;  // 1, 2, ... within the case
  util::Timestamp at{};
  std::string actor;
  std::string kind;
  std::string text;
  std::string data;  // a JSON object with structured details, or empty
  std::string prev_hash;
  std::string hash;
};

inline constexpr std::string_view k_genesis_hash =
    "0000000000000000000000000000000000000000000000000000000000000000";

std::string canonical_content(const TimelineEntry& entry);
// SHA-256 over prev_hash and the canonical content, in hex.
std::string compute_entry_hash(const TimelineEntry& entry);

// Fills seq, prev_hash and hash of `entry` so that it follows `c`'s head, and
// advances `c`'s head and count. The caller stores both in one transaction.
void chain_entry(Case& c, TimelineEntry& entry);

struct ChainBreak {
  std::string case_id;
  std::int64_t seq = 0;  // the first entry that does not match (count+1 if entries are missing at the end)
  std::string reason;
};

// Checks entries as a store streams them, ordered by case and sequence.
class ChainVerifier {
 public:
  // REQUIRES: entries of one case arrive in ascending seq, cases contiguous.
  // Returns the first break of that case; later entries of a broken case are
  // ignored.
  std::optional<ChainBreak> feed(const TimelineEntry& entry);
  // Compares what was fed for `c` with its recorded head and count.
  std::optional<ChainBreak> finish(const Case& c);
  std::int64_t entries_checked() const { return m_checked; }

 private:
  struct CaseProgress {
    std::string last_hash{k_genesis_hash};
    std::int64_t count = 0;
    bool broken = false;
  };
  std::map<std::string, CaseProgress, std::less<>> m_progress;
  CaseProgress* m_current = nullptr;
  std::string m_current_id;
  std::int64_t m_checked = 0;
};

}  // namespace embargo::core
