#pragma once

// The CVSS vectors stored on a vulnerability: at most one per CVSS version (2.0, 3.0, 3.1, 4.0).

#include <string>
#include <vector>

#include <embargo/util/result.hpp>

namespace embargo::core::cvss {

// Validates each of `given` and returns `stored` with each given vector replacing the stored one
// of the same version (or added, ordered by version); other versions are kept. An empty string
// in `given` first clears every stored vector. Errors (invalid_argument) name the field:
// "cvss: AV: bad value 'Q' ..." or "cvss: two CVSS 3.1 vectors given".
Result<std::vector<std::string>> merge_vectors(const std::vector<std::string>& stored,
                                               const std::vector<std::string>& given);

// "9.8 Critical" (v3.x, v4.0: the base score and its rating), "7.5" (v2), or "invalid: <why>"
// for a stored vector that no longer parses. For `case show` and the timeline.
std::string score_summary(const std::string& vector);

}  // namespace embargo::core::cvss
