#pragma once

// JSON Schema validation (valijson, draft 7 rules) against the schemas that
// embargo ships in data/schemas (installed to share/embargo/schemas). The
// OSV and CSAF schemas declare draft 2020-12 but use only keywords draft 7
// also has ($defs is reached through JSON pointers), so draft 7 rules check
// them fully. Of "format", valijson checks date, time and date-time; the
// others (uri, email) are not checked.
//
// Thread safety: a SchemaSet may be shared once loaded; validate() is const.

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <embargo/util/result.hpp>

namespace valijson {
class Schema;
}

namespace embargo::schema {

class CompiledSchema;

// cve_record and cve_cna_container are CVE Record Format 5.2 (what embargo
// writes); the _5_1 kinds are 5.1.1, which also reads 5.0 and 5.1 records.
enum class SchemaKind { cve_record, cve_cna_container, osv, csaf, cve_record_5_1, cve_cna_container_5_1 };

struct SchemaProblem {
  std::string pointer;  // JSON pointer of the failing value, "" for the root
  std::string reason;
};

// The schema directory: $EMBARGO_SCHEMA_DIR, else the installed
// share/embargo/schemas, else data/schemas of the source tree this binary was
// built from. NotFound if none holds the schemas.
Result<std::filesystem::path> find_schema_dir();

// The schema a CVE record is checked against, from the dataVersion it
// declares: "5.2" and "5.2.x" give cve_record (5.2.0), "5.0", "5.1" and their
// patch versions cve_record_5_1 (5.1.1). InvalidArgument says what is wrong
// with /dataVersion: missing, not a string, or another version.
Result<SchemaKind> cve_record_kind(const nlohmann::json& record);

class SchemaSet {
 public:
  // Parses every schema in `dir`. Corruption if one is not a valid schema.
  static Result<std::shared_ptr<const SchemaSet>> load(const std::filesystem::path& dir);

  // Every problem of `document` against the schema of `kind`; empty when valid.
  // A valid document is answered by the compiled schema alone
  // (compiled_schema.hpp); valijson is run for the problems of an invalid one.
  // A document nested more than 200 levels deep is refused first (one problem
  // at ""): both validators recurse once per level.
  std::vector<SchemaProblem> validate(SchemaKind kind, const nlohmann::json& document) const;

  // A CVE record against the schema of the version it declares
  // (cve_record_kind). A dataVersion embargo does not read is one problem at
  // "/dataVersion", followed by the record's problems against 5.2.
  std::vector<SchemaProblem> validate_cve_record(const nlohmann::json& record) const;

  // True for a document validate() refuses for its depth alone; neither
  // validator may be given one.
  static bool too_deep(const nlohmann::json& document);

  // valijson alone: the reference the compiled schema is tested against.
  std::vector<SchemaProblem> valijson_problems(SchemaKind kind, const nlohmann::json& document) const;

  // The compiled schema of `kind`; nullptr if it did not compile, and then
  // validate() runs valijson alone.
  const CompiledSchema* compiled(SchemaKind kind) const;

  ~SchemaSet();

 private:
  SchemaSet() = default;
  std::map<SchemaKind, std::unique_ptr<valijson::Schema>> m_schemas;
  std::map<SchemaKind, std::unique_ptr<CompiledSchema>> m_compiled;
};

}  // namespace embargo::schema
