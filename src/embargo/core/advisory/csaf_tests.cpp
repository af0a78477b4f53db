#include <embargo/core/advisory/csaf_tests.hpp>

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include <embargo/core/advisory/csaf_revision_tests.hpp>

namespace embargo::core::advisory {

namespace {

using Json = nlohmann::json;
using Findings = std::vector<CsafFinding>;

// Visits every full product name in the product tree (branches at any depth,
// full_product_names, relationships) with its pointer.
template <typename Fn>
void for_each_full_product(const Json& tree, const std::string& pointer, Fn&& fn) {
  if (tree.contains("product")) {
    fn(tree["product"], pointer + "/product");
  }
  if (tree.contains("branches")) {
    for (std::size_t i = 0; i < tree["branches"].size(); ++i) {
      for_each_full_product(tree["branches"][i], fmt::format("{}/branches/{}", pointer, i), fn);
    }
  }
}

void all_full_products(const Json& doc, const std::function<void(const Json&, const std::string&)>& fn) {
  if (!doc.contains("product_tree")) {
    return;
  }
  const Json& tree = doc["product_tree"];
  for_each_full_product(tree, "/product_tree", fn);
  for (std::size_t i = 0; tree.contains("full_product_names") && i < tree["full_product_names"].size(); ++i) {
    fn(tree["full_product_names"][i], fmt::format("/product_tree/full_product_names/{}", i));
  }
  for (std::size_t i = 0; tree.contains("relationships") && i < tree["relationships"].size(); ++i) {
    fn(tree["relationships"][i]["full_product_name"],
       fmt::format("/product_tree/relationships/{}/full_product_name", i));
  }
}

const std::vector<std::string> k_status_groups = {"first_affected", "known_affected",     "last_affected",
                                                  "known_not_affected", "first_fixed", "fixed",
                                                  "recommended",    "under_investigation"};

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
  all_full_products(doc, [&](const Json& product, const std::string& pointer) {
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
  const std::map<std::string, std::string> family = {
      {"first_affected", "affected"}, {"known_affected", "affected"}, {"last_affected", "affected"},
      {"known_not_affected", "not affected"}, {"first_fixed", "fixed"}, {"fixed", "fixed"},
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

std::vector<CsafFinding> run_csaf_mandatory_tests(const nlohmann::json& doc) {
  Findings out;
  test_product_ids(doc, out);
  test_contradicting_status(doc, out);
  test_revision_history(doc, out);
  test_cves(doc, out);
  test_profile(doc, out);
  return out;
}

const std::vector<std::string>& csaf_tests_implemented() {
  static const std::vector<std::string> k_tests = {"6.1.1",  "6.1.2",  "6.1.6",  "6.1.14",   "6.1.16",
                                                   "6.1.17", "6.1.18", "6.1.20", "6.1.21",   "6.1.22",
                                                   "6.1.23", "6.1.27.4", "6.1.27.5", "6.1.27.6"};
  return k_tests;
}

}  // namespace embargo::core::advisory
