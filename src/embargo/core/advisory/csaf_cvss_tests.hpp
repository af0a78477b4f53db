#pragma once

// The CSAF mandatory tests on /vulnerabilities[]/scores[] (section 6.1):
//   6.1.8  invalid CVSS: the members FIRST's schema requires are there and
//          the vector parses, with the version of its member (cvss_v2 holds a
//          2.0 vector, cvss_v3 a 3.0 or 3.1 one). The schema step (the CSAF
//          schema $refs FIRST's CVSS schemas) checks the rest of the form.
//   6.1.9  invalid CVSS computation: every score and severity given equals
//          the one computed from vectorString (core/cvss). A v2 temporal or
//          environmental score of a vector without such metrics equals the base.
//   6.1.10 inconsistent CVSS: `version` and every metric member given agree
//          with the vector (a metric the vector omits is NOT_DEFINED).

#include <vector>

#include <nlohmann/json.hpp>

#include <embargo/core/advisory/csaf_tests.hpp>

namespace embargo::core::advisory {

// REQUIRES: `doc` is valid against the CSAF 2.0 schema.
void test_cvss(const nlohmann::json& doc, std::vector<CsafFinding>& out);

}  // namespace embargo::core::advisory
