#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include <embargo/core/advisory/csaf_document_tests.hpp>
#include <embargo/core/advisory/csaf_walk.hpp>
#include <embargo/core/advisory/purl.hpp>
#include <embargo/util/time.hpp>

namespace embargo::core::advisory {

namespace {

using Json = nlohmann::json;
using Findings = std::vector<CsafFinding>;

void test_languages(const Json& document, const LanguageCodes* languages, Findings& out) {
  for (const char* member : {"lang", "source_lang"}) {
    if (!document.contains(member)) {
      continue;
    }
    std::string tag = document[member];
    if (languages != nullptr) {
      if (auto problem = language_tag_problem(tag, *languages)) {
        out.push_back({"6.1.12", fmt::format("/document/{}", member), *problem});
      }
    }
  }
  if (document["publisher"]["category"] == "translator" && !document.contains("source_lang")) {
    out.push_back({"6.1.15", "/document/source_lang", "a document published by a translator needs source_lang"});
  }
  if (document.contains("source_lang") && document.contains("lang") && document["lang"] == document["source_lang"]) {
    out.push_back(
        {"6.1.28", "/document/source_lang",
         fmt::format("source language and document language are both {}", document["lang"].get<std::string>())});
  }
}

std::string normalized(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != '-' && c != '_' && std::isspace(static_cast<unsigned char>(c)) == 0) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

void test_category(const Json& document, Findings& out) {
  static constexpr std::array<std::string_view, 5> k_profiles = {"csaf_base", "csaf_security_incident_response",
                                                                 "csaf_informational_advisory",
                                                                 "csaf_security_advisory", "csaf_vex"};
  static constexpr std::array<std::string_view, 8> k_prohibited = {
      "securityincidentresponse",     "informationaladvisory",     "securityadvisory",     "vex",
      "csafsecurityincidentresponse", "csafinformationaladvisory", "csafsecurityadvisory", "csafvex"};
  std::string category = document["category"];
  if (std::find(k_profiles.begin(), k_profiles.end(), category) != k_profiles.end()) {
    return;  // a profile's own value: the test is for other CSAF Base documents
  }
  std::string norm = normalized(category);
  bool reserved = category.size() >= 5 && normalized(category.substr(0, 5)) == "csaf";
  if (reserved || std::find(k_prohibited.begin(), k_prohibited.end(), norm) != k_prohibited.end()) {
    out.push_back({"6.1.26", "/document/category",
                   fmt::format("category \"{}\" is reserved: it names a profile or starts with csaf_", category)});
  }
}

void test_purls(const Json& doc, Findings& out) {
  for_each_full_product(doc, [&](const Json& product, const std::string& pointer) {
    const Json& helper = product.value("product_identification_helper", Json::object());
    if (helper.contains("purl")) {
      if (auto problem = purl_problem(helper["purl"].get<std::string>())) {
        out.push_back({"6.1.13", pointer + "/product_identification_helper/purl", *problem});
      }
    }
  });
}

void test_involvements(const Json& doc, Findings& out) {
  const Json& vulns = vulnerabilities_of(doc);
  for (std::size_t v = 0; v < vulns.size(); ++v) {
    std::set<std::pair<std::string, util::Timestamp>> seen;
    const Json& items = vulns[v].value("involvements", Json::array());
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (!items[i].contains("date")) {
        continue;
      }
      auto date = util::parse_timestamp(items[i]["date"].get<std::string>());
      std::string party = items[i]["party"];
      if (date && !seen.emplace(party, *date).second) {
        out.push_back(
            {"6.1.24", fmt::format("/vulnerabilities/{}/involvements/{}", v, i),
             fmt::format("party {} has a second involvement at {}", party, items[i]["date"].get<std::string>())});
      }
    }
  }
}

}  // namespace

void test_document(const Json& doc, const LanguageCodes* languages, Findings& out) {
  test_languages(doc["document"], languages, out);
  test_category(doc["document"], out);
  test_purls(doc, out);
  test_involvements(doc, out);
}

void test_cwes(const Json& doc, const CweNames* cwes, Findings& out) {
  if (cwes == nullptr) {
    return;
  }
  const Json& vulns = vulnerabilities_of(doc);
  for (std::size_t v = 0; v < vulns.size(); ++v) {
    if (!vulns[v].contains("cwe")) {
      continue;
    }
    const Json& cwe = vulns[v]["cwe"];
    if (auto problem = cwe_problem(cwe.value("id", ""), cwe.value("name", ""), *cwes)) {
      out.push_back({"6.1.11", fmt::format("/vulnerabilities/{}/cwe", v), *problem});
    }
  }
}

}  // namespace embargo::core::advisory
