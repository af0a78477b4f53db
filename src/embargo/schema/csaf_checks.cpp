#include <embargo/schema/csaf_checks.hpp>

#include <fmt/format.h>

#include <embargo/core/advisory/csaf_tests.hpp>
#include <embargo/schema/cwe_catalogue.hpp>
#include <embargo/schema/iso_codes.hpp>

namespace embargo::schema {

Result<std::vector<SchemaProblem>> csaf_mandatory_problems(const nlohmann::json& doc) {
  TRY_ASSIGN(auto languages, load_iso_codes(iso_codes_dir()));
  TRY_ASSIGN(const core::advisory::CweNames* cwes, shipped_cwe_names());
  std::vector<SchemaProblem> problems;
  for (const auto& f : core::advisory::run_csaf_mandatory_tests(doc, &languages, cwes)) {
    problems.push_back({f.pointer, fmt::format("CSAF test {}: {}", f.test, f.message)});
  }
  return problems;
}

}  // namespace embargo::schema
