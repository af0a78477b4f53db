#pragma once

// The CSAF mandatory tests about products, product groups and the items that
// refer to them (section 6.1 of the standard):
//   6.1.3  circular definition of product id     6.1.4  missing definition of product group id
//   6.1.5  multiple definition of group id       6.1.7  multiple scores with same version per product
//   6.1.25 multiple use of same hash algorithm   6.1.29 remediation without product reference
//   6.1.31 version range in product version      6.1.32 flag without product reference
//   6.1.33 multiple flags with VEX justification codes per product
// 6.1.4 also checks /vulnerabilities[]/flags[]/group_ids, which the 2.0 text
// leaves out of its list of paths although a flag's group must exist as much
// as a remediation's.

#include <vector>

#include <nlohmann/json.hpp>

#include <embargo/core/advisory/csaf_tests.hpp>

namespace embargo::core::advisory {

// REQUIRES: `doc` is valid against the CSAF 2.0 schema.
void test_products(const nlohmann::json& doc, std::vector<CsafFinding>& out);

}  // namespace embargo::core::advisory
