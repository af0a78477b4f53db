#pragma once

// A JSON Schema compiled for a quick yes or no (issue 9: valijson took 44 us
// of the 80 us that importing a CVE record cost, most of it allocating the
// context of every value it visits).
//
// accepts() walks the document once and allocates nothing. It gives
// valijson's answer (draft 7 rules, strong types, embargo's pattern and format
// checks, numbers and equality as valijson reads them); SchemaSet asks it
// first and runs valijson only for a document it refuses, for the messages.
// The answers must be the same, not merely "no more lenient": inside "not",
// "oneOf" and "if", a stricter answer would turn into a more lenient one. The
// unit test test_schema_compiled_schema.cpp and the fuzz target
// fuzz/fuzz_schema_agree.cpp compare the two on mutated real documents.
//
// compile() fails, and the caller keeps valijson alone, when the schema uses a
// validation keyword not compiled here (dependencies, propertyNames,
// multipleOf, divisibleBy, a "type" holding a schema), a relative or
// percent-encoded $ref, or a $ref that does not resolve.
//
// Thread safety: immutable once compiled; accepts() may run on many threads.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <embargo/util/result.hpp>

namespace embargo::schema {

class CompiledSchema {
 public:
  // The document a $ref names by absolute URI (without its fragment), or
  // nullopt if there is none.
  using Fetch = std::function<std::optional<nlohmann::json>(const std::string& uri)>;

  // Compiles the schema document `root` (before any rewriting for valijson).
  static Result<CompiledSchema> compile(const nlohmann::json& root, const Fetch& fetch);

  bool accepts(const nlohmann::json& document) const;

  // How many schema nodes were compiled (for tests).
  std::size_t size() const;

  CompiledSchema(CompiledSchema&&) noexcept;
  CompiledSchema& operator=(CompiledSchema&&) noexcept;
  ~CompiledSchema();

  struct Node;

 private:
  CompiledSchema();
  bool accepts(std::uint32_t node, const nlohmann::json& value) const;
  bool accepts_string(const Node& n, const std::string& s) const;
  bool accepts_number(const Node& n, double d) const;
  bool accepts_array(const Node& n, const nlohmann::json& value) const;
  bool accepts_object(const Node& n, const nlohmann::json& value) const;
  bool accepts_combined(const Node& n, const nlohmann::json& value) const;

  friend class SchemaCompiler;
  std::vector<Node> m_nodes;  // m_nodes[0] is the root
};

}  // namespace embargo::schema
