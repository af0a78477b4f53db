#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include <embargo/core/advisory/csaf_cvss_tests.hpp>
#include <embargo/core/advisory/csaf_document_tests.hpp>
#include <embargo/core/advisory/csaf_product_tests.hpp>
#include <embargo/core/advisory/csaf_revision_tests.hpp>
#include <embargo/core/advisory/csaf_tests.hpp>
#include <embargo/core/advisory/csaf_walk.hpp>

namespace embargo::core::advisory {

namespace {

using Json = nlohmann::json;
using Findings = std::vector<CsafFinding>;

const std::vector<std::string> k_status_groups = {"first_affected",     "known_affected",     "last_affected",
                                                  "known_not_affected", "first_fixed",        "fixed",
                                                  "recommended",        "under_investigation"};

// Every product id reference outside the product definitions, with its pointer.
std::vector<std::pair<std::string, std::string>> product_references(const Json& doc) {
  std::vector<std::pair<std::string, std::string>> refs;
  auto add_list = [&](const Json& list, const std::string& pointer) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      refs.emplace_back(list[i].get<std::string>(), fmt::format("{}/{}", pointer, i));
    }
  };
  const Json& tree = doc.value("product_tree", Json::object());
  for (std::size_t g = 0; tree.contains("product_groups") && g < tree["product_groups"].size(); ++g) {
    add_list(tree["product_groups"][g]["product_ids"], fmt::format("/product_tree/product_groups/{}/product_ids", g));
  }
  for (std::size_t r = 0; tree.contains("relationships") && r < tree["relationships"].size(); ++r) {
    const Json& rel = tree["relationships"][r];
    refs.emplace_back(rel["product_reference"], fmt::format("/product_tree/relationships/{}/product_reference", r));
    refs.emplace_back(rel["relates_to_product_reference"],
                      fmt::format("/product_tree/relationships/{}/relates_to_product_reference", r));
  }
  const Json& vulns = doc.value("vulnerabilities", Json::array());
  for (std::size_t v = 0; v < vulns.size(); ++v) {
    std::string base = fmt::format("/vulnerabilities/{}", v);
    for (const std::string& group : k_status_groups) {
      if (vulns[v].contains("product_status") && vulns[v]["product_status"].contains(group)) {
        add_list(vulns[v]["product_status"][group], base + "/product_status/" + group);
      }
    }
    for (const char* list : {"remediations", "threats"}) {
      for (std::size_t i = 0; vulns[v].contains(list) && i < vulns[v][list].size(); ++i) {
        if (vulns[v][list][i].contains("product_ids")) {
          add_list(vulns[v][list][i]["product_ids"], fmt::format("{}/{}/{}/product_ids", base, list, i));
        }
      }
    }
    for (std::size_t i = 0; vulns[v].contains("scores") && i < vulns[v]["scores"].size(); ++i) {
      add_list(vulns[v]["scores"][i]["products"], fmt::format("{}/scores/{}/products", base, i));
    }
  }
  return refs;
}

void test_product_ids(const Json& doc, Findings& out) {
  std::map<std::string, std::string> defined;
  for_each_full_product(doc, [&](const Json& product, const std::string& pointer) {
    std::string id = product["product_id"];
    if (!defined.emplace(id, pointer).second) {
      out.push_back({"6.1.2", pointer + "/product_id", fmt::format("product id {} is defined twice", id)});
    }
  });
  for (const auto& [id, pointer] : product_references(doc)) {
    if (!defined.contains(id)) {
      out.push_back({"6.1.1", pointer, fmt::format("product id {} is not defined in the product tree", id)});
    }
  }
}

void test_contradicting_status(const Json& doc, Findings& out) {
  const std::map<std::string, std::string> family = {{"first_affected", "affected"},
                                                     {"known_affected", "affected"},
                                                     {"last_affected", "affected"},
                                                     {"known_not_affected", "not affected"},
                                                     {"first_fixed", "fixed"},
                                                     {"fixed", "fixed"},
                                                     {"under_investigation", "under investigation"}};
  const Json& vulns = doc.value("vulnerabilities", Json::array());
  for (std::size_t v = 0; v < vulns.size(); ++v) {
    std::map<std::string, std::string> seen;  // product id -> family
    const Json& status = vulns[v].value("product_status", Json::object());
    for (const auto& [group, fam] : family) {
      for (std::size_t i = 0; status.contains(group) && i < status[group].size(); ++i) {
        std::string id = status[group][i];
        auto [it, inserted] = seen.emplace(id, fam);
        if (!inserted && it->second != fam) {
          out.push_back({"6.1.6", fmt::format("/vulnerabilities/{}/product_status/{}/{}", v, group, i),
                         fmt::format("product {} is both {} and {}", id, it->second, fam)});
        }
      }
    }
  }
}

void test_cves(const Json& doc, Findings& out) {
  std::set<std::string> seen;
  const Json& vulns = doc.value("vulnerabilities", Json::array());
  for (std::size_t v = 0; v < vulns.size(); ++v) {
    if (vulns[v].contains("cve") && !seen.insert(vulns[v]["cve"].get<std::string>()).second) {
      out.push_back({"6.1.23", fmt::format("/vulnerabilities/{}/cve", v), "the CVE is used by another vulnerability"});
    }
  }
}

void test_profile(const Json& doc, Findings& out) {
  if (doc["document"]["category"] != "csaf_security_advisory") {
    return;
  }
  if (!doc.contains("product_tree")) {
    out.push_back({"6.1.27.4", "/product_tree", "a security advisory needs a product tree"});
  }
  if (!doc.contains("vulnerabilities")) {
    out.push_back({"6.1.27.11", "/vulnerabilities", "a security advisory needs vulnerabilities"});
  }
  const Json& vulns = doc.value("vulnerabilities", Json::array());
  for (std::size_t v = 0; v < vulns.size(); ++v) {
    if (!vulns[v].contains("notes")) {
      out.push_back({"6.1.27.5", fmt::format("/vulnerabilities/{}/notes", v), "a vulnerability needs notes"});
    }
    if (!vulns[v].contains("product_status")) {
      out.push_back(
          {"6.1.27.6", fmt::format("/vulnerabilities/{}/product_status", v), "a vulnerability needs a product status"});
    }
  }
}

}  // namespace

std::vector<CsafFinding> run_csaf_mandatory_tests(const nlohmann::json& doc, const LanguageCodes* languages,
                                                  const CweNames* cwes) {
  Findings out;
  test_product_ids(doc, out);
  test_products(doc, out);
  test_cvss(doc, out);
  test_document(doc, languages, out);
  test_cwes(doc, cwes, out);
  test_contradicting_status(doc, out);
  test_revision_history(doc, out);
  test_cves(doc, out);
  test_profile(doc, out);
  return out;
}

const std::vector<std::string>& csaf_tests_implemented() {
  static const std::vector<std::string> k_tests = {
      "6.1.1",  "6.1.2",  "6.1.3",  "6.1.4",  "6.1.5",  "6.1.6",  "6.1.7",  "6.1.8",  "6.1.9",  "6.1.10",
      "6.1.11", "6.1.12", "6.1.13", "6.1.14", "6.1.15", "6.1.16", "6.1.17", "6.1.18", "6.1.19", "6.1.20",
      "6.1.21", "6.1.22", "6.1.23", "6.1.24", "6.1.25", "6.1.26", "6.1.27.4", "6.1.27.5", "6.1.27.6",
      "6.1.27.11", "6.1.28", "6.1.29", "6.1.30", "6.1.31", "6.1.32", "6.1.33"};
  return k_tests;
}

const std::vector<std::string>& csaf_tests_not_implemented() {
  static const std::vector<std::string> k_tests = {
      "6.1.27.1-3, 6.1.27.7-10 (profiles other than csaf_security_advisory)"};
  return k_tests;
}

}  // namespace embargo::core::advisory
