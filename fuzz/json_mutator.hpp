#pragma once

// Structured mutations of a JSON document, shared by the schema agreement
// test (tests/unit/test_schema_compiled_schema.cpp) and the fuzz target
// fuzz_schema_agree.cpp: one random change at a random place of a real
// document keeps most of it valid, so both answers of a validator occur.

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace fuzz {

using Json = nlohmann::json;

// Values a mutation puts in: every JSON type, the edges of the schemas'
// numbers and strings, dates valid and not.
inline std::vector<Json> mutation_values() {
  return {nullptr, true, false, 0, 1, -1, 1.0, 1.5, 10.0, -0.5, 1e300, 18446744073709551615ULL,
          std::numeric_limits<std::int64_t>::min(), "", "a", "en", "x_custom", "CVE-2024-1234",
          "2024-02-29", "2023-02-30", "2024-04-31", "2024-13-01", "2024-04-30T10:00:00Z",
          "2024-04-30T10:00:00.5+02:00", "2024-04-30t23:59:60|01:00", "24:00:00Z", "https://example.org/a",
          "\xc3\xa9t\xc3\xa9", std::string(4100, 'a'), Json::array(), Json::array({1}), Json::array({"a", "a"}),
          Json::object(), Json{{"a", 1}}, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "HIGH", "PUBLISHED",
          "affected", "semver", "GIT", "FIX"};
}

inline void collect_pointers(const Json& node, const Json::json_pointer& at, std::vector<Json::json_pointer>& out) {
  out.push_back(at);
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      collect_pointers(value, at / key, out);
    }
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      collect_pointers(node[i], at / i, out);
    }
  }
}

// One random change at a random place: replace, delete, add a member,
// duplicate an array element, or put another part of the document there.
inline void mutate(Json& doc, std::mt19937& rng, const std::vector<Json>& values) {
  std::vector<Json::json_pointer> pointers;
  collect_pointers(doc, Json::json_pointer(), pointers);
  const Json::json_pointer at = pointers[rng() % pointers.size()];
  Json& target = doc[at];
  switch (rng() % 6) {
    case 0:
    case 1: target = values[rng() % values.size()]; break;
    case 2:
      if (!at.empty()) {
        Json& parent = doc[at.parent_pointer()];
        if (parent.is_object()) {
          parent.erase(at.back());
        } else {
          parent.erase(std::stoul(at.back()));
        }
      }
      break;
    case 3:
      if (target.is_object()) {
        target[rng() % 2 == 0 ? "x_extra" : "extra"] = values[rng() % values.size()];
      }
      break;
    case 4:
      if (target.is_array() && !target.empty()) {
        target.push_back(target[rng() % target.size()]);
      }
      break;
    default: target = Json(doc[pointers[rng() % pointers.size()]]); break;
  }
}

}  // namespace fuzz
