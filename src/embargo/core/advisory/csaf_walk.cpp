#include <fmt/format.h>

#include <embargo/core/advisory/csaf_walk.hpp>

namespace embargo::core::advisory {

namespace {

using Json = nlohmann::json;

void walk_branches(const Json& node, const std::string& pointer, const CsafVisit& on_branch,
                   const CsafVisit& on_product) {
  if (on_product && node.contains("product")) {
    on_product(node["product"], pointer + "/product");
  }
  if (!node.contains("branches")) {
    return;
  }
  for (std::size_t i = 0; i < node["branches"].size(); ++i) {
    std::string child = fmt::format("{}/branches/{}", pointer, i);
    if (on_branch) {
      on_branch(node["branches"][i], child);
    }
    walk_branches(node["branches"][i], child, on_branch, on_product);
  }
}

}  // namespace

void for_each_full_product(const Json& doc, const CsafVisit& fn) {
  if (!doc.contains("product_tree")) {
    return;
  }
  const Json& tree = doc["product_tree"];
  walk_branches(tree, "/product_tree", nullptr, fn);
  for (std::size_t i = 0; tree.contains("full_product_names") && i < tree["full_product_names"].size(); ++i) {
    fn(tree["full_product_names"][i], fmt::format("/product_tree/full_product_names/{}", i));
  }
  for (std::size_t i = 0; tree.contains("relationships") && i < tree["relationships"].size(); ++i) {
    fn(tree["relationships"][i]["full_product_name"],
       fmt::format("/product_tree/relationships/{}/full_product_name", i));
  }
}

void for_each_branch(const Json& doc, const CsafVisit& fn) {
  if (doc.contains("product_tree")) {
    walk_branches(doc["product_tree"], "/product_tree", fn, nullptr);
  }
}

std::map<std::string, std::vector<std::string>> product_groups(const Json& doc) {
  std::map<std::string, std::vector<std::string>> out;
  if (!doc.contains("product_tree") || !doc["product_tree"].contains("product_groups")) {
    return out;
  }
  for (const Json& group : doc["product_tree"]["product_groups"]) {
    auto& ids = out[group["group_id"].get<std::string>()];
    for (const Json& id : group["product_ids"]) {
      ids.push_back(id.get<std::string>());
    }
  }
  return out;
}

std::vector<std::string> products_of(const Json& item, const std::map<std::string, std::vector<std::string>>& groups) {
  std::vector<std::string> out;
  for (const Json& id : item.value("product_ids", Json::array())) {
    out.push_back(id.get<std::string>());
  }
  for (const Json& gid : item.value("group_ids", Json::array())) {
    auto it = groups.find(gid.get<std::string>());
    if (it != groups.end()) {
      out.insert(out.end(), it->second.begin(), it->second.end());
    }
  }
  return out;
}

const Json& vulnerabilities_of(const Json& doc) {
  static const Json k_empty = Json::array();
  return doc.contains("vulnerabilities") ? doc["vulnerabilities"] : k_empty;
}

}  // namespace embargo::core::advisory
