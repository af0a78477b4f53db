#pragma once

// Walks over a CSAF document shared by the mandatory tests (csaf_*_tests.cpp).
// REQUIRES for all: the document is valid against the CSAF 2.0 schema.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace embargo::core::advisory {

using CsafVisit = std::function<void(const nlohmann::json& value, const std::string& pointer)>;

// Every full product name (branches at any depth, full_product_names,
// relationships) with its pointer.
void for_each_full_product(const nlohmann::json& doc, const CsafVisit& fn);

// Every branch of the product tree at any depth, with its pointer.
void for_each_branch(const nlohmann::json& doc, const CsafVisit& fn);

// The members of /product_tree/product_groups: group id -> product ids.
std::map<std::string, std::vector<std::string>> product_groups(const nlohmann::json& doc);

// The product ids an item with "product_ids" and/or "group_ids" (flags,
// remediations, threats) applies to, groups expanded.
std::vector<std::string> products_of(const nlohmann::json& item,
                                     const std::map<std::string, std::vector<std::string>>& groups);

// The /vulnerabilities array, or an empty one.
const nlohmann::json& vulnerabilities_of(const nlohmann::json& doc);

}  // namespace embargo::core::advisory
