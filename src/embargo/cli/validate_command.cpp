// embargo validate cve|osv|csaf FILE: checks a document against the schema
// embargo ships, printing every failing JSON pointer with its reason.

#include <fstream>
#include <iostream>
#include <iterator>

#include <fmt/format.h>

#include <embargo/cli/commands.hpp>
#include <embargo/core/advisory/csaf_tests.hpp>
#include <embargo/schema/csaf_checks.hpp>
#include <embargo/schema/json_schema.hpp>
#include <embargo/util/file.hpp>

namespace embargo::cli {

namespace {

struct ValidateArgs {
  std::string kind;
  std::string file;
  std::string format;
};

Result<nlohmann::json> read_document(const std::string& file) {
  std::string text;
  if (file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    TRY_ASSIGN(text, util::read_file(file));
  }
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return make_error(ErrorCode::invalid_argument, fmt::format("{}: not JSON: {}", file, e.what()));
  }
}

schema::SchemaKind kind_for(const std::string& kind, const nlohmann::json& doc) {
  if (kind == "osv") {
    return schema::SchemaKind::osv;
  }
  if (kind == "csaf") {
    return schema::SchemaKind::csaf;
  }
  bool container = doc.is_object() && doc.contains("providerMetadata") && !doc.contains("cveMetadata");
  return container ? schema::SchemaKind::cve_cna_container : schema::SchemaKind::cve_record;
}

Result<int> run_validate(Context& ctx, const ValidateArgs& a) {
  TRY_ASSIGN(nlohmann::json doc, read_document(a.file));
  TRY_ASSIGN(auto dir, schema::find_schema_dir());
  TRY_ASSIGN(auto schemas, schema::SchemaSet::load(dir));
  // A CVE record is checked against the version it declares; a CNA
  // container (no dataVersion) against 5.2, what CVE Services takes.
  schema::SchemaKind kind = kind_for(a.kind, doc);
  auto problems = kind == schema::SchemaKind::cve_record ? schemas->validate_cve_record(doc) : schemas->validate(kind, doc);
  if (problems.empty() && a.kind == "csaf") {
    TRY_ASSIGN(problems, schema::csaf_mandatory_problems(doc));
  }
  if (a.format == "json") {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& p : problems) {
      list.push_back({{"pointer", p.pointer}, {"reason", p.reason}});
    }
    ctx.out() << nlohmann::json{{"valid", problems.empty()}, {"problems", list}}.dump(2) << '\n';
  } else if (problems.empty()) {
    ctx.out() << fmt::format("{}: valid {}\n", a.file, a.kind);
    if (a.kind == "csaf") {
      std::string tests;
      for (const auto& t : core::advisory::csaf_tests_implemented()) {
        tests += (tests.empty() ? "" : " ") + t;
      }
      ctx.out() << "mandatory tests run: " << tests << "\n";
      for (const auto& t : core::advisory::csaf_tests_not_implemented()) {
        ctx.out() << "not run: " << t << "\n";
      }
    }
  } else {
    for (const auto& p : problems) {
      ctx.out() << fmt::format("{}: {}: {}\n", a.file, p.pointer.empty() ? "/" : p.pointer, p.reason);
    }
  }
  return problems.empty() ? k_exit_ok : k_exit_error;
}

}  // namespace

void add_validate_command(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<ValidateArgs>();
  auto* v = app.add_subcommand("validate", "Check a CVE record, OSV entry or CSAF document against its schema");
  v->add_option("kind", a->kind, "cve, osv or csaf")->required()->check(CLI::IsMember({"cve", "osv", "csaf"}));
  v->add_option("file", a->file, "The document, or - for standard input")->required();
  add_format_option(v, a->format, {"text", "json"});
  v->callback([&ctx, a] { run_command(ctx, [&] { return run_validate(ctx, *a); }); });
}

}  // namespace embargo::cli
