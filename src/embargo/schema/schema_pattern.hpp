#pragma once

// JSON Schema "pattern" and "patternProperties" checked with PCRE2 (JIT-
// compiled once per schema) instead of valijson's std::regex, which was most
// of the time of validating a CVE record (issue 9): valijson compiles a
// std::regex for each patternProperties key on every object it checks, and
// std::regex searches slowly.
//
// Matching is the same as valijson's std::regex (ECMAScript grammar, regex_search
// on the bytes of the string): a search, not a full match; '^' and '$' only at
// the start and end of the whole string; '.' matches neither '\n' nor '\r';
// "[]" matches nothing and "[^]" any byte; \uXXXX and \xXX as in ECMAScript.
// A pattern PCRE2 cannot compile keeps valijson's own check (see
// compile_patterns_of), so no schema loses a check.
//
// Thread safety: a CompiledPattern is immutable once built; search() may run
// on several threads at once (each thread has its own PCRE2 match data).

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace valijson {
class SchemaParser;
}

namespace embargo::schema {

class CompiledPattern {
 public:
  // The pattern compiled, or nullopt if PCRE2 or std::regex rejects it.
  static std::optional<std::shared_ptr<const CompiledPattern>> compile(const std::string& pattern);

  // True when `subject` contains a match (std::regex_search semantics).
  bool search(std::string_view subject) const;

  const std::string& pattern() const { return m_pattern; }

  ~CompiledPattern();
  CompiledPattern(const CompiledPattern&) = delete;
  CompiledPattern& operator=(const CompiledPattern&) = delete;

 private:
  CompiledPattern() = default;
  std::string m_pattern;
  void* m_code = nullptr;  // pcre2_code_8*
  // Used only if PCRE2 gives up on a subject (match or JIT stack limit), so
  // the answer is still std::regex's.
  std::optional<std::regex> m_fallback;
};

// The keywords that compile_patterns_of gives the checks it takes over.
inline constexpr const char* k_compiled_pattern_keyword = "x-embargo-compiled-pattern";
inline constexpr const char* k_closed_object_keyword = "x-embargo-closed-object";

// Rewrites the schema document `schema`:
// - every "pattern" whose pattern PCRE2 (and std::regex) compiles becomes
//   k_compiled_pattern_keyword;
// - an object schema with "additionalProperties": false and
//   "patternProperties" whose subschemas are all empty ({} or true) and
//   whose patterns compile becomes k_closed_object_keyword: {"names": [the
//   keys of "properties"], "patterns": [the patternProperties keys]}; a name
//   neither listed nor matching a pattern fails with valijson's message for
//   additionalProperties, at the object's pointer.
// Values of "enum", "const", "default" and "examples" are data, not schemas:
// left untouched. Apply it to every document the parser reads, including
// the ones fetched for a remote $ref.
void compile_patterns_of(nlohmann::json& schema);

// Registers on `parser` the builders for the two keywords above. A failing
// string gets valijson's message for "pattern", at the same JSON pointer.
void add_compiled_pattern_builder(valijson::SchemaParser& parser);

}  // namespace embargo::schema
