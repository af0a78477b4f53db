#pragma once

// One compiled schema object (internal to compiled_schema*.cpp). Subschemas
// are indices into CompiledSchema::m_nodes; k_none means "keyword absent".

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <embargo/schema/compiled_schema.hpp>
#include <embargo/schema/schema_format.hpp>
#include <embargo/schema/schema_pattern.hpp>

namespace embargo::schema {

using NodeIndex = std::uint32_t;
inline constexpr NodeIndex k_none = std::numeric_limits<NodeIndex>::max();

// "type" as a set of bits. JSON "number" is integer | floating.
enum TypeBit : std::uint8_t {
  type_null = 1,
  type_boolean = 2,
  type_integer = 4,
  type_floating = 8,
  type_string = 16,
  type_array = 32,
  type_object = 64,
  type_any = 127,
};

struct CompiledSchema::Node {
  struct Property {
    std::string name;
    NodeIndex schema;
  };
  struct PatternProperty {
    std::shared_ptr<const CompiledPattern> pattern;
    NodeIndex schema;
  };

  bool never = false;  // the schema `false`
  std::uint8_t types = type_any;

  std::vector<NodeIndex> all_of, any_of, one_of;
  NodeIndex not_ = k_none, if_ = k_none, then_ = k_none, else_ = k_none;

  bool has_enum = false;
  std::vector<nlohmann::json> enum_values;
  bool has_const = false;
  nlohmann::json const_value;

  // Strings: length in UTF-8 characters, as valijson counts them.
  std::uint64_t min_length = 0;
  std::uint64_t max_length = std::numeric_limits<std::uint64_t>::max();
  std::shared_ptr<const CompiledPattern> pattern;
  StringFormat format = StringFormat::unchecked;

  // Numbers: value >= minimum, value > exclusive_minimum, and so on.
  double minimum = -std::numeric_limits<double>::infinity();
  double exclusive_minimum = -std::numeric_limits<double>::infinity();
  double maximum = std::numeric_limits<double>::infinity();
  double exclusive_maximum = std::numeric_limits<double>::infinity();
  bool checks_numbers = false;

  // Arrays: "items" is one schema for all (items) or a list (item_list,
  // then additional_items for the rest).
  NodeIndex items = k_none;
  bool has_item_list = false;
  std::vector<NodeIndex> item_list;
  NodeIndex additional_items = k_none;
  std::uint64_t min_items = 0;
  std::uint64_t max_items = std::numeric_limits<std::uint64_t>::max();
  bool unique_items = false;
  NodeIndex contains = k_none;

  // Objects: properties sorted by name, as nlohmann's std::map orders members.
  std::vector<Property> properties;
  std::vector<PatternProperty> pattern_properties;
  NodeIndex additional_properties = k_none;  // k_none: any member allowed
  std::vector<std::string> required;
  std::uint64_t min_properties = 0;
  std::uint64_t max_properties = std::numeric_limits<std::uint64_t>::max();
};

}  // namespace embargo::schema
