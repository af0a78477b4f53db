#include <embargo/schema/json_schema.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <string_view>

#include <fmt/format.h>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <embargo/schema/compiled_schema.hpp>
#include <embargo/schema/schema_format.hpp>
#include <embargo/schema/schema_pattern.hpp>

namespace embargo::schema {

namespace fs = std::filesystem;

namespace {

struct SchemaFile {
  SchemaKind kind;
  const char* path;
  // Non-null: the schema is this definition of the file. CVEProject's 5.2
  // container file describes CVE Services' request body, {"cnaContainer":
  // {...}}; the container itself is its definition "cnaPublishedContainer"
  // (what cvelib extracted for 5.1.1). The file stays as upstream ships it.
  const char* root_definition = nullptr;
};

constexpr SchemaFile k_files[] = {
    {SchemaKind::cve_record, "cve/CVE_Record_Format_bundled_5.2.0.json"},
    {SchemaKind::cve_cna_container, "cve/CVE_Record_Format_bundled_cnaPublishedContainer_5.2.0.json",
     "cnaPublishedContainer"},
    {SchemaKind::osv, "osv/schema-v1.7.5.json"},
    {SchemaKind::csaf, "csaf/csaf_json_schema.json"},
    {SchemaKind::cve_record_5_1, "cve/CVE_JSON_bundled_5.1.1.json"},
    {SchemaKind::cve_cna_container_5_1, "cve/CVE_JSON_cnaPublishedContainer_5.1.1.json"},
};

// `schema` with its definition `name` as the root (the definitions kept, so that "#/definitions/..." still resolve).
Result<nlohmann::json> lift_definition(nlohmann::json schema, const char* name, const char* path) {
  if (!schema.is_object() || !schema.contains("definitions") || !schema["definitions"].contains(name)) {
    return make_error(ErrorCode::corruption, fmt::format("schema {}: no definition '{}'", path, name));
  }
  nlohmann::json root = schema["definitions"][name];
  root["$schema"] = schema.value("$schema", "http://json-schema.org/draft-07/schema#");
  root["definitions"] = std::move(schema["definitions"]);
  return root;
}

// Schemas referenced by URL from the ones above, served from the directory.
const std::map<std::string, std::string> k_remote = {
    {"https://www.first.org/cvss/cvss-v2.0.json", "cvss/cvss-v2.0.json"},
    {"https://www.first.org/cvss/cvss-v3.0.json", "cvss/cvss-v3.0.json"},
    {"https://www.first.org/cvss/cvss-v3.1.json", "cvss/cvss-v3.1.json"},
};

Result<nlohmann::json> read_json(const fs::path& path) {
  std::ifstream in(path);
  if (!in) {
    return make_error(ErrorCode::not_found, fmt::format("schema {} is missing", path.string()));
  }
  try {
    return nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    return make_error(ErrorCode::corruption, fmt::format("schema {}: {}", path.string(), e.what()));
  }
}

// valijson's context is "<root>", "[name]", "[0]", ...; a JSON pointer escapes
// '~' and '/' in names.
std::string to_pointer(const std::vector<std::string>& context) {
  std::string out;
  for (const std::string& part : context) {
    if (part.size() < 2 || part.front() != '[' || part.back() != ']') {
      continue;
    }
    out += '/';
    for (char c : part.substr(1, part.size() - 2)) {
      out += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
    }
  }
  return out;
}

}  // namespace

Result<fs::path> find_schema_dir() {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("EMBARGO_SCHEMA_DIR"); env != nullptr && *env != '\0') {
    candidates.emplace_back(env);
  }
  candidates.emplace_back(EMBARGO_INSTALLED_SCHEMA_DIR);
  candidates.emplace_back(EMBARGO_SOURCE_SCHEMA_DIR);
  for (const fs::path& dir : candidates) {
    std::error_code ec;
    if (fs::exists(dir / k_files[0].path, ec)) {
      return dir;
    }
  }
  return make_error(ErrorCode::not_found,
                    fmt::format("no schema directory found (looked in $EMBARGO_SCHEMA_DIR, {}, {})",
                                EMBARGO_INSTALLED_SCHEMA_DIR, EMBARGO_SOURCE_SCHEMA_DIR));
}

Result<SchemaKind> cve_record_kind(const nlohmann::json& record) {
  if (!record.is_object() || !record.contains("dataVersion")) {
    return make_error(ErrorCode::invalid_argument, "dataVersion is missing");
  }
  if (!record["dataVersion"].is_string()) {
    return make_error(ErrorCode::invalid_argument, "dataVersion is not a string");
  }
  const std::string version = record["dataVersion"].get<std::string>();
  auto is = [&version](std::string_view minor) {
    return version == minor || (version.starts_with(minor) && version.size() > minor.size() + 1 &&
                                version[minor.size()] == '.' &&
                                version.find_first_not_of("0123456789", minor.size() + 1) == std::string::npos);
  };
  if (is("5.2")) {
    return SchemaKind::cve_record;
  }
  if (is("5.0") || is("5.1")) {
    return SchemaKind::cve_record_5_1;
  }
  return make_error(ErrorCode::invalid_argument,
                    fmt::format("dataVersion '{}' is not a CVE Record Format version embargo reads (5.0, 5.1, 5.2)",
                                version));
}

namespace {

// A remote schema by URI (any "?version" suffix ignored), nullopt if unknown.
std::optional<nlohmann::json> fetch_remote(const fs::path& dir, const std::string& uri) {
  auto it = k_remote.find(uri.substr(0, uri.find('?')));
  if (it == k_remote.end()) {
    return std::nullopt;
  }
  auto fetched = read_json(dir / it->second);
  return fetched ? std::optional<nlohmann::json>(std::move(*fetched)) : std::nullopt;
}

Result<std::unique_ptr<valijson::Schema>> parse_for_valijson(const fs::path& dir, nlohmann::json document,
                                                             const char* path) {
  // "pattern" checked with PCRE2 rather than std::regex (issue 9: most of
  // the time of validating a CVE record went to std::regex); "format" only
  // on strings.
  auto rewrite = [](nlohmann::json& doc) {
    compile_patterns_of(doc);
    replace_formats_of(doc);
  };
  auto fetch = [&dir, &rewrite](const std::string& uri) -> const nlohmann::json* {
    auto fetched = fetch_remote(dir, uri);
    if (!fetched) {
      return nullptr;
    }
    rewrite(*fetched);
    return new nlohmann::json(std::move(*fetched));
  };
  auto release = [](const nlohmann::json* doc) { delete doc; };
  auto schema = std::make_unique<valijson::Schema>();
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    rewrite(document);
    add_compiled_pattern_builder(parser);
    add_format_builder(parser);
    valijson::adapters::NlohmannJsonAdapter adapter(document);
    parser.populateSchema(adapter, *schema, fetch, release);
  } catch (const std::exception& e) {
    return make_error(ErrorCode::corruption, fmt::format("schema {}: {}", path, e.what()));
  }
  return schema;
}

// Deeper than any CVE, OSV or CSAF document; both validators recurse once per
// level, so a deeper document (a file of 100,000 "[") is refused before them.
constexpr int k_max_nesting = 200;

bool nested_deeper_than(const nlohmann::json& value, int levels) {
  if (!value.is_structured()) {
    return false;
  }
  if (levels == 0) {
    return true;
  }
  return std::any_of(value.begin(), value.end(),
                     [&](const nlohmann::json& child) { return nested_deeper_than(child, levels - 1); });
}

}  // namespace

SchemaSet::~SchemaSet() = default;

Result<std::shared_ptr<const SchemaSet>> SchemaSet::load(const fs::path& dir) {
  std::shared_ptr<SchemaSet> set(new SchemaSet());
  for (const SchemaFile& file : k_files) {
    TRY_ASSIGN(nlohmann::json document, read_json(dir / file.path));
    if (file.root_definition != nullptr) {
      TRY_ASSIGN(document, lift_definition(std::move(document), file.root_definition, file.path));
    }
    auto compiled = CompiledSchema::compile(document, [&dir](const std::string& uri) { return fetch_remote(dir, uri); });
    if (compiled) {
      set->m_compiled.emplace(file.kind, std::make_unique<CompiledSchema>(std::move(*compiled)));
    }
    TRY_ASSIGN(auto schema, parse_for_valijson(dir, std::move(document), file.path));
    set->m_schemas.emplace(file.kind, std::move(schema));
  }
  return std::shared_ptr<const SchemaSet>(std::move(set));
}

bool SchemaSet::too_deep(const nlohmann::json& document) { return nested_deeper_than(document, k_max_nesting); }

const CompiledSchema* SchemaSet::compiled(SchemaKind kind) const {
  auto it = m_compiled.find(kind);
  return it == m_compiled.end() ? nullptr : it->second.get();
}

std::vector<SchemaProblem> SchemaSet::validate(SchemaKind kind, const nlohmann::json& document) const {
  if (too_deep(document)) {
    return {{"", fmt::format("the document is nested more than {} levels deep", k_max_nesting)}};
  }
  const CompiledSchema* fast = compiled(kind);
  if (fast != nullptr && fast->accepts(document)) {
    return {};
  }
  return valijson_problems(kind, document);
}

std::vector<SchemaProblem> SchemaSet::validate_cve_record(const nlohmann::json& record) const {
  auto kind = cve_record_kind(record);
  if (kind) {
    return validate(*kind, record);
  }
  std::vector<SchemaProblem> problems{{"/dataVersion", kind.error().message()}};
  for (auto& p : validate(SchemaKind::cve_record, record)) {
    problems.push_back(std::move(p));
  }
  return problems;
}

std::vector<SchemaProblem> SchemaSet::valijson_problems(SchemaKind kind, const nlohmann::json& document) const {
  std::vector<SchemaProblem> problems;
  // A validator keeps the std::regex of every "pattern" it has compiled;
  // compiling them anew for each document cost most of the time. One per
  // thread, since validate() may run on several at once.
  thread_local valijson::Validator validator(valijson::Validator::kStrongTypes);
  valijson::adapters::NlohmannJsonAdapter target(document);
  const valijson::Schema& schema = *m_schemas.at(kind);
  valijson::ValidationResults results;
  try {
    if (validator.validate(schema, target, &results)) {
      return problems;
    }
  } catch (const std::exception& e) {
    // valijson throws on a few shapes it cannot convert; the document is
    // refused, never a crash.
    problems.push_back({"", fmt::format("the validator could not check this document: {}", e.what())});
  }
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    problems.push_back({to_pointer(error.context), error.description});
  }
  return problems;
}

}  // namespace embargo::schema
