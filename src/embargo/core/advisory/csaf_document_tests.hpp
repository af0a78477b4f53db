#pragma once

// The CSAF mandatory tests on /document and on single values (section 6.1):
//   6.1.11 CWE (with `cwes`; skipped when it is null)
//   6.1.12 language (with `languages`; skipped when it is null)
//   6.1.13 PURL                                  6.1.15 translator
//   6.1.24 multiple definition in involvements   6.1.26 prohibited document category name
//   6.1.28 translation
// 6.1.26 applies only to the CSAF Base profile: it is skipped for the five
// categories CSAF 2.0 defines (csaf_security_advisory among them).

#include <vector>

#include <nlohmann/json.hpp>

#include <embargo/core/advisory/csaf_tests.hpp>
#include <embargo/core/advisory/cwe_names.hpp>
#include <embargo/core/advisory/language_tag.hpp>

namespace embargo::core::advisory {

// REQUIRES: `doc` is valid against the CSAF 2.0 schema.
void test_document(const nlohmann::json& doc, const LanguageCodes* languages, std::vector<CsafFinding>& out);

// 6.1.11: each /vulnerabilities[]/cwe names an entry of `cwes` by its name.
void test_cwes(const nlohmann::json& doc, const CweNames* cwes, std::vector<CsafFinding>& out);

}  // namespace embargo::core::advisory
