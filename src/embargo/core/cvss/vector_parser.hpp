#pragma once

// Parsing of CVSS vector strings, all versions: "AV:N/AC:L/Au:N/C:P/I:P/A:P" (v2, no prefix),
// "CVSS:3.0/...", "CVSS:3.1/...", "CVSS:4.0/...".
//
// Rules (FIRST's specifications and JSON schema patterns):
// - v2 and v3.x metrics may come in any order; v4.0 metrics must follow the order of the
//   specification's Table 23 (as the reference calculator and the v4.0 schema pattern require).
// - Every base metric is mandatory; no metric may appear twice; values are case-sensitive.
// - Nothing may precede the prefix or follow the last metric: no spaces, no trailing '/'.

#include <string_view>

#include <embargo/core/cvss/metric.hpp>
#include <embargo/util/result.hpp>

namespace embargo::core::cvss {

// Parses `text`. On error (ErrorCode::invalid_argument) the message names the metric and the
// problem: "AV: bad value 'Q' (expected N, A, L or P)", "AC: missing (a mandatory base metric)",
// "AV: given twice", "XX: unknown metric for CVSS 3.1", "prefix: ...".
// Never throws; does not allocate unless it fails.
Result<Vector> parse_vector(std::string_view text);

namespace detail {
// The same parse without the fast path (each metric through the general, explaining code), for
// the fuzz target to check that both accept the same vectors with the same result.
Result<Vector> parse_vector_slowly(std::string_view text);
}  // namespace detail

}  // namespace embargo::core::cvss
