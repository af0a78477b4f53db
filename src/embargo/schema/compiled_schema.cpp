#include <embargo/schema/compiled_schema.hpp>

#include <algorithm>

#include <valijson/utils/utf8_utils.hpp>

#include <embargo/schema/compiled_schema_node.hpp>

namespace embargo::schema {

using Json = nlohmann::json;

namespace {

std::uint8_t type_bit(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return type_null;
    case Json::value_t::boolean: return type_boolean;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return type_integer;
    case Json::value_t::number_float: return type_floating;
    case Json::value_t::string: return type_string;
    case Json::value_t::array: return type_array;
    case Json::value_t::object: return type_object;
    default: return 0;
  }
}

// A number as valijson reads it: a double, or an integer through int64_t.
double number_of(const Json& value) {
  return value.is_number_float() ? value.get<double>() : static_cast<double>(value.get<std::int64_t>());
}

// valijson's strict equality (enum, const, uniqueItems): numbers compare as
// number_of() gives them, so 1 equals 1.0; objects by member names and values.
bool same(const Json& a, const Json& b) {
  if (a.is_number() || b.is_number()) {
    return a.is_number() && b.is_number() && number_of(a) == number_of(b);
  }
  if (a.type() != b.type()) {
    return false;
  }
  if (a.is_array()) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), same);
  }
  if (a.is_object()) {
    if (a.size() != b.size()) {
      return false;
    }
    for (auto member = a.begin(); member != a.end(); ++member) {
      auto other = b.find(member.key());
      if (other == b.end() || !same(*member, *other)) {
        return false;
      }
    }
    return true;
  }
  return a == b;
}

bool all_unique(const Json& array) {
  for (auto a = array.begin(); a != array.end(); ++a) {
    for (auto b = std::next(a); b != array.end(); ++b) {
      if (same(*a, *b)) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace

std::size_t CompiledSchema::size() const { return m_nodes.size(); }

bool CompiledSchema::accepts(const Json& document) const { return !m_nodes.empty() && accepts(0, document); }

bool CompiledSchema::accepts(NodeIndex index, const Json& value) const {
  const Node& n = m_nodes[index];
  if (n.never || (n.types & type_bit(value)) == 0) {
    return false;
  }
  if (n.has_const && !same(value, n.const_value)) {
    return false;
  }
  if (n.has_enum && std::none_of(n.enum_values.begin(), n.enum_values.end(),
                                 [&](const Json& allowed) { return same(allowed, value); })) {
    return false;
  }
  switch (value.type()) {
    case Json::value_t::string:
      if (!accepts_string(n, value.get_ref<const std::string&>())) {
        return false;
      }
      break;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      if (n.checks_numbers && !accepts_number(n, number_of(value))) {
        return false;
      }
      break;
    case Json::value_t::array:
      if (!accepts_array(n, value)) {
        return false;
      }
      break;
    case Json::value_t::object:
      if (!accepts_object(n, value)) {
        return false;
      }
      break;
    default:
      break;
  }
  return accepts_combined(n, value);
}

bool CompiledSchema::accepts_string(const Node& n, const std::string& s) const {
  if (n.min_length > 0 || n.max_length != std::numeric_limits<std::uint64_t>::max()) {
    // valijson's count: UTF-8 characters up to the first NUL.
    std::uint64_t length = valijson::utils::u8_strlen(s.c_str());
    if (length < n.min_length || length > n.max_length) {
      return false;
    }
  }
  return (n.pattern == nullptr || n.pattern->search(s)) && format_matches(n.format, s);
}

bool CompiledSchema::accepts_number(const Node& n, double d) const {
  return d >= n.minimum && d > n.exclusive_minimum && d <= n.maximum && d < n.exclusive_maximum;
}

bool CompiledSchema::accepts_array(const Node& n, const Json& value) const {
  if (value.size() < n.min_items || value.size() > n.max_items) {
    return false;
  }
  std::size_t i = 0;
  for (const Json& item : value) {
    NodeIndex schema = n.items;
    if (n.has_item_list) {
      schema = i < n.item_list.size() ? n.item_list[i] : n.additional_items;
    }
    if (schema != k_none && !accepts(schema, item)) {
      return false;
    }
    ++i;
  }
  if (n.unique_items && !all_unique(value)) {
    return false;
  }
  return n.contains == k_none ||
         std::any_of(value.begin(), value.end(), [&](const Json& item) { return accepts(n.contains, item); });
}

bool CompiledSchema::accepts_object(const Node& n, const Json& value) const {
  if (value.size() < n.min_properties || value.size() > n.max_properties) {
    return false;
  }
  for (const std::string& name : n.required) {
    if (value.find(name) == value.end()) {
      return false;
    }
  }
  // Members and n.properties are both sorted by name: one pass over each.
  auto property = n.properties.begin();
  for (auto member = value.begin(); member != value.end(); ++member) {
    const std::string& name = member.key();
    while (property != n.properties.end() && property->name < name) {
      ++property;
    }
    bool matched = false;
    if (property != n.properties.end() && property->name == name) {
      matched = true;
      if (!accepts(property->schema, *member)) {
        return false;
      }
    }
    for (const Node::PatternProperty& pattern : n.pattern_properties) {
      if (pattern.pattern->search(name)) {
        matched = true;
        if (!accepts(pattern.schema, *member)) {
          return false;
        }
      }
    }
    if (!matched && n.additional_properties != k_none && !accepts(n.additional_properties, *member)) {
      return false;
    }
  }
  return true;
}

bool CompiledSchema::accepts_combined(const Node& n, const Json& value) const {
  for (NodeIndex schema : n.all_of) {
    if (!accepts(schema, value)) {
      return false;
    }
  }
  if (!n.any_of.empty() &&
      std::none_of(n.any_of.begin(), n.any_of.end(), [&](NodeIndex s) { return accepts(s, value); })) {
    return false;
  }
  if (!n.one_of.empty()) {
    int passed = 0;
    for (NodeIndex schema : n.one_of) {
      passed += accepts(schema, value) ? 1 : 0;
      if (passed > 1) {
        return false;
      }
    }
    if (passed != 1) {
      return false;
    }
  }
  if (n.not_ != k_none && accepts(n.not_, value)) {
    return false;
  }
  if (n.if_ != k_none) {
    NodeIndex branch = accepts(n.if_, value) ? n.then_ : n.else_;
    return branch == k_none || accepts(branch, value);
  }
  return true;
}

}  // namespace embargo::schema
