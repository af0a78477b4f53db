#pragma once

// The CSAF mandatory tests about /document/tracking (6.1.14, 6.1.16-22,
// 6.1.30): versions are integers ("3") or semantic versions ("1.2.0-rc1").

#include <vector>

#include <nlohmann/json.hpp>

#include <embargo/core/advisory/csaf_tests.hpp>

namespace embargo::core::advisory {

void test_revision_history(const nlohmann::json& doc, std::vector<CsafFinding>& out);

}  // namespace embargo::core::advisory
