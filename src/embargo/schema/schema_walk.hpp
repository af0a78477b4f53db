#pragma once

// Walks the schema objects of a JSON Schema document, for the rewrites that
// hand keywords to embargo's own checks before valijson parses the document.

#include <string>

#include <nlohmann/json.hpp>

namespace embargo::schema {

// Keywords whose values are data, not schemas.
inline bool is_data_keyword(const std::string& key) {
  return key == "enum" || key == "const" || key == "default" || key == "examples";
}

// Keywords whose values map names (of properties, patterns, definitions) to
// schemas: the map itself is not a schema, so a property called "format" or
// "pattern" is not a keyword.
inline bool is_schema_map_keyword(const std::string& key) {
  return key == "properties" || key == "patternProperties" || key == "definitions" || key == "$defs" ||
         key == "dependencies";
}

// Calls f(object) on every object of `node` that may be a schema, parents
// before children, skipping the values of data keywords and the name maps
// themselves. f may change the object's keywords; the walk goes on into the
// members left afterwards.
template <typename F>
void for_each_schema_object(nlohmann::json& node, F&& f) {
  if (node.is_array()) {
    for (nlohmann::json& item : node) {
      for_each_schema_object(item, f);
    }
    return;
  }
  if (!node.is_object()) {
    return;
  }
  f(node);
  for (auto& [key, value] : node.items()) {
    if (is_data_keyword(key)) {
      continue;
    }
    if (is_schema_map_keyword(key) && value.is_object()) {
      for (auto& [name, schema] : value.items()) {
        for_each_schema_object(schema, f);
      }
    } else {
      for_each_schema_object(value, f);
    }
  }
}

}  // namespace embargo::schema
