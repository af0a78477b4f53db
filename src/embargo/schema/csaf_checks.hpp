#pragma once

// The CSAF mandatory tests with the reference data they need (ISO codes for
// 6.1.12, CWE names for 6.1.11), as schema problems: what `validate csaf` and
// `export csaf` report after the schema.

#include <vector>

#include <nlohmann/json.hpp>

#include <embargo/schema/json_schema.hpp>
#include <embargo/util/result.hpp>

namespace embargo::schema {

// REQUIRES: `doc` passed the CSAF schema. Each finding as {pointer, "CSAF
// test 6.1.N: ..."}. Errors: the ISO codes or the shipped CWE names cannot
// be read.
Result<std::vector<SchemaProblem>> csaf_mandatory_problems(const nlohmann::json& doc);

}  // namespace embargo::schema
