#pragma once

// Language, script and region codes for CSAF test 6.1.12, read from Debian's
// iso-codes package (/usr/share/iso-codes/json: iso_639-2, iso_639-3,
// iso_639-5, iso_15924, iso_3166-1), or from $EMBARGO_ISO_CODES_DIR.
// A language with a two-letter ISO 639-1 code is only known by it, as in
// BCP 47 ("en", never "eng").

#include <filesystem>

#include <embargo/core/advisory/language_tag.hpp>
#include <embargo/util/result.hpp>

namespace embargo::schema {

// $EMBARGO_ISO_CODES_DIR, else /usr/share/iso-codes/json.
std::filesystem::path iso_codes_dir();

// NotFound if a file is missing, Corruption if one does not parse.
Result<core::advisory::LanguageCodes> load_iso_codes(const std::filesystem::path& dir);

}  // namespace embargo::schema
