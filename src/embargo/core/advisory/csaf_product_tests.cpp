#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include <embargo/core/advisory/csaf_product_tests.hpp>
#include <embargo/core/advisory/csaf_walk.hpp>

namespace embargo::core::advisory {

namespace {

using Json = nlohmann::json;
using Findings = std::vector<CsafFinding>;
using Graph = std::map<std::string, std::vector<std::string>>;

// True if `start` can be reached again by following `graph` from it.
bool reaches_itself(const Graph& graph, const std::string& start) {
  std::set<std::string> seen;
  std::vector<std::string> todo = graph.count(start) != 0 ? graph.at(start) : std::vector<std::string>{};
  while (!todo.empty()) {
    std::string id = todo.back();
    todo.pop_back();
    if (id == start) {
      return true;
    }
    if (!seen.insert(id).second || graph.count(id) == 0) {
      continue;
    }
    const auto& next = graph.at(id);
    todo.insert(todo.end(), next.begin(), next.end());
  }
  return false;
}

void test_circular(const Json& doc, Findings& out) {
  const Json& tree = doc.value("product_tree", Json::object());
  const Json& rels = tree.value("relationships", Json::array());
  Graph graph;  // product defined by a relationship -> the products it is made of
  for (const Json& rel : rels) {
    auto& edges = graph[rel["full_product_name"]["product_id"].get<std::string>()];
    edges.push_back(rel["product_reference"]);
    edges.push_back(rel["relates_to_product_reference"]);
  }
  for (std::size_t r = 0; r < rels.size(); ++r) {
    std::string id = rels[r]["full_product_name"]["product_id"];
    if (reaches_itself(graph, id)) {
      out.push_back({"6.1.3", fmt::format("/product_tree/relationships/{}/full_product_name/product_id", r),
                     fmt::format("product id {} is defined in terms of itself", id)});
    }
  }
}

void test_groups(const Json& doc, Findings& out) {
  std::set<std::string> defined;
  const Json& groups = doc.value("product_tree", Json::object()).value("product_groups", Json::array());
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::string id = groups[g]["group_id"];
    if (!defined.insert(id).second) {
      out.push_back({"6.1.5", fmt::format("/product_tree/product_groups/{}/group_id", g),
                     fmt::format("product group id {} is defined twice", id)});
    }
  }
  const Json& vulns = vulnerabilities_of(doc);
  for (std::size_t v = 0; v < vulns.size(); ++v) {
    for (const char* list : {"remediations", "threats", "flags"}) {
      const Json& items = vulns[v].value(list, Json::array());
      for (std::size_t i = 0; i < items.size(); ++i) {
        const Json& ids = items[i].value("group_ids", Json::array());
        for (std::size_t k = 0; k < ids.size(); ++k) {
          if (!defined.contains(ids[k].get<std::string>())) {
            out.push_back(
                {"6.1.4", fmt::format("/vulnerabilities/{}/{}/{}/group_ids/{}", v, list, i, k),
                 fmt::format("product group id {} is not defined in the product tree", ids[k].get<std::string>())});
          }
        }
      }
    }
  }
}

void test_scores(const Json& vuln, std::size_t v, Findings& out) {
  std::set<std::pair<std::string, std::string>> seen;  // (product, CVSS version)
  const Json& scores = vuln.value("scores", Json::array());
  for (std::size_t s = 0; s < scores.size(); ++s) {
    for (const char* key : {"cvss_v2", "cvss_v3"}) {
      if (!scores[s].contains(key)) {
        continue;
      }
      std::string version = scores[s][key]["version"];
      for (const Json& product : scores[s]["products"]) {
        if (!seen.emplace(product.get<std::string>(), version).second) {
          out.push_back({"6.1.7", fmt::format("/vulnerabilities/{}/scores/{}", v, s),
                         fmt::format("product {} has a second CVSS {} score", product.get<std::string>(), version)});
        }
      }
    }
  }
}

void test_references(const Json& vuln, std::size_t v, const Graph& groups, Findings& out) {
  for (const char* list : {"remediations", "flags"}) {
    const Json& items = vuln.value(list, Json::array());
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (!items[i].contains("product_ids") && !items[i].contains("group_ids")) {
        out.push_back({std::string_view(list) == "flags" ? "6.1.32" : "6.1.29",
                       fmt::format("/vulnerabilities/{}/{}/{}", v, list, i),
                       fmt::format("the {} names neither product_ids nor group_ids",
                                   std::string_view(list) == "flags" ? "flag" : "remediation")});
      }
    }
  }
  // Every flag label of CSAF 2.0 is a VEX justification code.
  std::set<std::string> flagged;
  const Json& flags = vuln.value("flags", Json::array());
  for (std::size_t i = 0; i < flags.size(); ++i) {
    auto products = products_of(flags[i], groups);
    std::set<std::string> unique(products.begin(), products.end());
    for (const std::string& id : unique) {
      if (!flagged.insert(id).second) {
        out.push_back({"6.1.33", fmt::format("/vulnerabilities/{}/flags/{}", v, i),
                       fmt::format("product {} already has a flag with a VEX justification", id)});
      }
    }
  }
}

void test_hashes(const Json& doc, Findings& out) {
  for_each_full_product(doc, [&](const Json& product, const std::string& pointer) {
    const Json& helper = product.value("product_identification_helper", Json::object());
    const Json& hashes = helper.value("hashes", Json::array());
    for (std::size_t h = 0; h < hashes.size(); ++h) {
      std::set<std::string> seen;
      const Json& file_hashes = hashes[h]["file_hashes"];
      for (std::size_t f = 0; f < file_hashes.size(); ++f) {
        std::string algorithm = file_hashes[f]["algorithm"];
        if (!seen.insert(algorithm).second) {
          out.push_back({"6.1.25",
                         fmt::format("{}/product_identification_helper/hashes/{}/file_hashes/{}", pointer, h, f),
                         fmt::format("hash algorithm {} is used twice for {}", algorithm,
                                     hashes[h]["filename"].get<std::string>())});
        }
      }
    }
  });
}

void test_version_names(const Json& doc, Findings& out) {
  static constexpr std::array<std::string_view, 11> k_range_words = {
      "<", "<=", ">", ">=", "after", "all", "before", "earlier", "later", "prior", "versions"};
  for_each_branch(doc, [&](const Json& branch, const std::string& pointer) {
    if (branch["category"] != "product_version") {
      return;
    }
    std::string name = branch["name"];
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    for (std::string_view word : k_range_words) {
      if (name.find(word) != std::string::npos) {
        out.push_back({"6.1.31", pointer + "/name",
                       fmt::format("product_version \"{}\" holds a version range (\"{}\"); use product_version_range",
                                   branch["name"].get<std::string>(), word)});
        return;
      }
    }
  });
}

}  // namespace

void test_products(const Json& doc, Findings& out) {
  test_circular(doc, out);
  test_groups(doc, out);
  Graph groups = product_groups(doc);
  const Json& vulns = vulnerabilities_of(doc);
  for (std::size_t v = 0; v < vulns.size(); ++v) {
    test_scores(vulns[v], v, out);
    test_references(vulns[v], v, groups, out);
  }
  test_hashes(doc, out);
  test_version_names(doc, out);
}

}  // namespace embargo::core::advisory
