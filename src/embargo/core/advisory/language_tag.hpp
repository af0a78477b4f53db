#pragma once

// Checks that a BCP 47 (RFC 5646) language tag names subtags that exist, for
// CSAF mandatory test 6.1.12. The codes come from ISO 639 (languages), ISO
// 15924 (scripts) and ISO 3166-1 (regions), loaded by schema::load_iso_codes
// from Debian's iso-codes. Where this differs from IANA's subtag registry:
// a 3-digit (UN M.49) region is accepted without a list, variants and
// extensions are checked for form only, and grandfathered tags other than
// private use ("x-...") are refused.

#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace embargo::core::advisory {

struct LanguageCodes {
  std::set<std::string> languages;  // lower case: 2-letter codes, and 3-letter ones of languages without one
  std::set<std::string> scripts;    // title case: "Latn"
  std::set<std::string> regions;    // upper case: "GB"
};

// nullopt if `tag` is valid; otherwise what is wrong, naming the subtag.
std::optional<std::string> language_tag_problem(std::string_view tag, const LanguageCodes& codes);

}  // namespace embargo::core::advisory
