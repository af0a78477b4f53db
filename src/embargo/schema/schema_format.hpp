#pragma once

// JSON Schema "format": which formats embargo checks, and how. Checked, as
// valijson checks them: "date", "time" and "date-time" (RFC 3339 shapes, a
// month's day count with 29 days for every February). Every other format
// ("uri", "email", ...) is an annotation only.
//
// valijson's own format check converts the value to a string first and throws
// for a non-empty object or array (an "url": {...} crashed `validate cve`), and
// compiles three std::regex per call. replace_formats_of() hands the keyword
// to a check that looks only at strings, as the standard says.

#include <string_view>

#include <nlohmann/json.hpp>

namespace valijson {
class SchemaParser;
}

namespace embargo::schema {

enum class StringFormat { unchecked, date, time, date_time };

StringFormat format_named(std::string_view name);

// True when `s` is a valid `format` string (always for unchecked).
bool format_matches(StringFormat format, std::string_view s);

// The keyword replace_formats_of gives "format".
inline constexpr const char* k_checked_format_keyword = "x-embargo-format";

// Renames every "format" keyword of the schema document `schema` to
// k_checked_format_keyword. Values of "enum", "const", "default" and
// "examples" are data: left untouched.
void replace_formats_of(nlohmann::json& schema);

// Registers on `parser` the builder for k_checked_format_keyword: a string
// that fails gets "String should be a valid <format>" at its JSON pointer;
// other values pass.
void add_format_builder(valijson::SchemaParser& parser);

}  // namespace embargo::schema
