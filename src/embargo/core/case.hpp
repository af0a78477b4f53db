#pragma once

// A case is one confidential security report, from its arrival to its public
// release: its state, how bad it is, what the reporter wants, and the head of
// its tamper-evident timeline (see timeline.hpp).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <embargo/util/result.hpp>
#include <embargo/util/time.hpp>

namespace embargo::core {

// DESIGN.md "Cases and their states"; the transitions live in state_machine.hpp.
enum class CaseState { reported, confirmed, fixing, notified, fix_shared, public_, closed, rejected };

// Still before disclosure: neither public, closed nor rejected.
constexpr bool is_open(CaseState s) {
  return s != CaseState::public_ && s != CaseState::closed && s != CaseState::rejected;
}

// What an attacker gains.
enum class ImpactClass { unknown, rce, lpe, dos, leak, other };

// What is known of exploitation in the wild.
enum class Exploitation { none, poc_public, active };

std::string_view to_string(CaseState state);
std::string_view to_string(ImpactClass impact);
std::string_view to_string(Exploitation exploitation);
// Each parser accepts exactly the names to_string gives and names the field
// and the accepted values on error.
Result<CaseState> parse_case_state(std::string_view text);
Result<ImpactClass> parse_impact(std::string_view text);
Result<Exploitation> parse_exploitation(std::string_view text);

struct Reporter {
  std::string name;   // "Jane Roe"; may be empty when only an address is known
  std::string email;  // "jane@example.org"; may be empty (a web form without address)
  // The credit line to publish; empty with `anonymous` false means "not asked yet".
  std::string credit;
  bool anonymous = false;
  std::optional<util::Date> deadline;  // their own public disclosure date
  std::string own_cve;                 // a CVE they already obtained, or empty
  // The primary fingerprint of their OpenPGP key, imported into the team's
  // GnuPG home: mail to them is encrypted to it (issue 23). Empty: none known.
  std::string key_fingerprint;

  friend bool operator==(const Reporter&, const Reporter&) = default;
};

// Parses "Jane Roe <jane@example.org>", "jane@example.org" or "Jane Roe".
Result<Reporter> parse_reporter(std::string_view text);
// The inverse of parse_reporter for display.
std::string format_reporter(const Reporter& reporter);

struct Case {
  std::string id;  // "EMB-2026-0001": prefix from the config, year of creation, number
  std::string title;
  CaseState state = CaseState::reported;
  ImpactClass impact = ImpactClass::unknown;
  Exploitation exploitation = Exploitation::none;
  Reporter reporter;
  util::Timestamp created_at{};
  util::Timestamp updated_at{};
  // The planned public release, once the planner has set one.
  std::optional<util::Timestamp> release_at;
  // Invariant: equal to the hash of the last timeline entry and the number of
  // entries; kept on the case so that a truncated timeline is detected.
  std::string timeline_head;
  std::int64_t timeline_count = 0;
};

// "EMB-2026-0001" from its parts. A prefix is 1-16 of [A-Z0-9].
std::string format_case_id(std::string_view prefix, int year, int number);
Result<void> validate_case_prefix(std::string_view prefix);
Result<void> validate_title(std::string_view title);

}  // namespace embargo::core
