// CompiledSchema::compile: a schema document to CompiledSchema::Node's.

#include <algorithm>
#include <map>
#include <memory>

#include <fmt/format.h>

#include <embargo/schema/compiled_schema_node.hpp>

namespace embargo::schema {

using Json = nlohmann::json;
using Node = CompiledSchema::Node;

namespace {

// Nesting (schemas within schemas, $ref chains) deeper than this is refused.
constexpr int k_max_depth = 200;

Result<std::uint64_t> count_of(const std::string& key, const Json& value) {
  if (!value.is_number_unsigned() && !(value.is_number_integer() && value.get<std::int64_t>() >= 0)) {
    return make_error(ErrorCode::invalid_argument, fmt::format("\"{}\" is not a non-negative integer", key));
  }
  return value.get<std::uint64_t>();
}

Result<std::uint8_t> type_bits(const Json& value) {
  static const std::map<std::string, std::uint8_t> k_types = {
      {"null", type_null},     {"boolean", type_boolean}, {"integer", type_integer},
      {"number", type_integer | type_floating},           {"string", type_string},
      {"array", type_array},   {"object", type_object},
  };
  std::uint8_t bits = 0;
  for (const Json& name : value.is_array() ? value : Json::array({value})) {
    auto it = name.is_string() ? k_types.find(name.get<std::string>()) : k_types.end();
    if (it == k_types.end()) {
      return make_error(ErrorCode::invalid_argument, fmt::format("\"type\" {} is not compiled", name.dump()));
    }
    bits |= it->second;
  }
  return bits;
}

// "~1" is '/', "~0" is '~' (RFC 6901). Percent-encoding is not compiled.
Result<std::string> unescape_token(std::string_view token) {
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '%') {
      return make_error(ErrorCode::invalid_argument, "percent-encoded $ref is not compiled");
    }
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out += token[++i] == '0' ? '~' : '/';
    } else {
      out += token[i];
    }
  }
  return out;
}

Result<const Json*> resolve_pointer(const Json& root, std::string_view pointer) {
  const Json* at = &root;
  while (!pointer.empty()) {
    if (pointer.front() != '/') {
      return make_error(ErrorCode::invalid_argument, fmt::format("$ref pointer \"{}\" is not absolute", pointer));
    }
    pointer.remove_prefix(1);
    std::size_t end = pointer.find('/');
    TRY_ASSIGN(std::string token, unescape_token(pointer.substr(0, end)));
    pointer = end == std::string_view::npos ? std::string_view() : pointer.substr(end);
    if (at->is_object() && at->contains(token)) {
      at = &(*at)[token];
    } else if (at->is_array() && !token.empty() && token.size() <= 9 &&
               token.find_first_not_of("0123456789") == std::string::npos && std::stoull(token) < at->size()) {
      at = &(*at)[std::stoull(token)];
    } else {
      return make_error(ErrorCode::invalid_argument, fmt::format("$ref names nothing at \"{}\"", token));
    }
  }
  return at;
}

}  // namespace

class SchemaCompiler {
 public:
  SchemaCompiler(const CompiledSchema::Fetch& fetch, CompiledSchema& out) : m_fetch(fetch), m_out(out) {}

  // The node of `schema`, a part of the document `root`.
  Result<NodeIndex> compile(const Json& schema, const Json& root, int depth) {
    if (depth > k_max_depth) {
      return make_error(ErrorCode::invalid_argument, "schema nested too deeply");
    }
    if (auto it = m_memo.find(&schema); it != m_memo.end()) {
      return it->second;
    }
    if (schema.is_object() && schema.contains("$ref")) {
      // As in draft 7 (and valijson), a $ref's sibling keywords are ignored.
      TRY_ASSIGN(auto target, resolve(schema["$ref"], root));
      TRY_ASSIGN(NodeIndex index, compile(*target.first, *target.second, depth + 1));
      m_memo[&schema] = index;
      return index;
    }
    if (!schema.is_object() && !schema.is_boolean()) {
      return make_error(ErrorCode::invalid_argument, "a schema is neither an object nor a boolean");
    }
    auto index = static_cast<NodeIndex>(m_out.m_nodes.size());
    m_out.m_nodes.emplace_back();
    m_memo[&schema] = index;
    Node node;
    node.never = schema.is_boolean() && !schema.get<bool>();
    if (schema.is_object()) {
      for (const auto& [key, value] : schema.items()) {
        TRY(keyword(node, key, value, root, depth + 1));
      }
    }
    m_out.m_nodes[index] = std::move(node);
    return index;
  }

 private:
  // The schema a $ref names, and the document it is in.
  Result<std::pair<const Json*, const Json*>> resolve(const Json& ref, const Json& root) {
    if (!ref.is_string()) {
      return make_error(ErrorCode::invalid_argument, "$ref is not a string");
    }
    const std::string& text = ref.get_ref<const std::string&>();
    std::size_t hash = text.find('#');
    std::string uri = text.substr(0, hash);
    std::string pointer = hash == std::string::npos ? "" : text.substr(hash + 1);
    const Json* document = &root;
    if (!uri.empty()) {
      if (uri.find("://") == std::string::npos) {
        // Relative to a base URI ("id", "$id"), which valijson and draft 7
        // resolve differently: not compiled.
        return make_error(ErrorCode::invalid_argument, fmt::format("relative $ref {} is not compiled", uri));
      }
      auto it = m_fetched.find(uri);
      if (it == m_fetched.end()) {
        std::optional<Json> fetched = m_fetch ? m_fetch(uri) : std::nullopt;
        if (!fetched) {
          return make_error(ErrorCode::invalid_argument, fmt::format("$ref {} is not available", uri));
        }
        it = m_fetched.emplace(uri, std::make_unique<Json>(std::move(*fetched))).first;
      }
      document = it->second.get();
    }
    TRY_ASSIGN(const Json* target, resolve_pointer(*document, pointer));
    return std::make_pair(target, document);
  }

  Result<std::vector<NodeIndex>> subs(const std::string& key, const Json& list, const Json& root, int depth) {
    if (!list.is_array()) {
      return make_error(ErrorCode::invalid_argument, fmt::format("\"{}\" is not an array", key));
    }
    std::vector<NodeIndex> out;
    for (const Json& schema : list) {
      TRY_ASSIGN(NodeIndex index, compile(schema, root, depth));
      out.push_back(index);
    }
    return out;
  }

  // "additionalProperties" and "additionalItems": true is k_none (anything),
  // false a node that accepts nothing.
  Result<NodeIndex> optional_sub(const Json& schema, const Json& root, int depth) {
    if (schema == true) {
      return k_none;
    }
    return compile(schema, root, depth);
  }

  Result<double> number_of(const std::string& key, const Json& value) {
    if (!value.is_number()) {
      return make_error(ErrorCode::invalid_argument, fmt::format("\"{}\" is not a number", key));
    }
    return value.get<double>();
  }

  Result<void> keyword(Node& n, const std::string& key, const Json& value, const Json& root, int depth);
  Result<void> object_keyword(Node& n, const std::string& key, const Json& value, const Json& root, int depth);

  const CompiledSchema::Fetch& m_fetch;
  CompiledSchema& m_out;
  std::map<const Json*, NodeIndex> m_memo;
  std::map<std::string, std::unique_ptr<Json>> m_fetched;
};

Result<void> SchemaCompiler::keyword(Node& n, const std::string& key, const Json& value, const Json& root,
                                     int depth) {
  if (key == "type") {
    TRY_ASSIGN(n.types, type_bits(value));
  } else if (key == "enum") {
    if (!value.is_array()) {
      return make_error(ErrorCode::invalid_argument, "\"enum\" is not an array");
    }
    n.has_enum = true;
    n.enum_values.assign(value.begin(), value.end());
  } else if (key == "const") {
    n.has_const = true;
    n.const_value = value;
  } else if (key == "minLength" || key == "maxLength") {
    TRY_ASSIGN(std::uint64_t count, count_of(key, value));
    (key == "minLength" ? n.min_length : n.max_length) = count;
  } else if (key == "pattern") {
    auto compiled = value.is_string() ? CompiledPattern::compile(value.get<std::string>()) : std::nullopt;
    if (!compiled) {
      return make_error(ErrorCode::invalid_argument, fmt::format("pattern {} is not compiled", value.dump()));
    }
    n.pattern = std::move(*compiled);
  } else if (key == "format") {
    if (!value.is_string()) {
      return make_error(ErrorCode::invalid_argument, "\"format\" is not a string");
    }
    n.format = format_named(value.get<std::string>());
  } else if (key == "minimum" || key == "maximum" || key == "exclusiveMinimum" || key == "exclusiveMaximum") {
    TRY_ASSIGN(double bound, number_of(key, value));
    (key == "minimum"            ? n.minimum
     : key == "maximum"          ? n.maximum
     : key == "exclusiveMinimum" ? n.exclusive_minimum
                                 : n.exclusive_maximum) = bound;
    n.checks_numbers = true;
  } else if (key == "items") {
    if (value.is_array()) {
      n.has_item_list = true;
      TRY_ASSIGN(n.item_list, subs(key, value, root, depth));
    } else {
      TRY_ASSIGN(n.items, compile(value, root, depth));
    }
  } else if (key == "additionalItems") {
    TRY_ASSIGN(n.additional_items, optional_sub(value, root, depth));
  } else if (key == "minItems" || key == "maxItems") {
    TRY_ASSIGN(std::uint64_t count, count_of(key, value));
    (key == "minItems" ? n.min_items : n.max_items) = count;
  } else if (key == "uniqueItems") {
    if (!value.is_boolean()) {
      return make_error(ErrorCode::invalid_argument, "\"uniqueItems\" is not a boolean");
    }
    n.unique_items = value.get<bool>();
  } else if (key == "contains") {
    TRY_ASSIGN(n.contains, compile(value, root, depth));
  } else if (key == "allOf" || key == "anyOf" || key == "oneOf") {
    TRY_ASSIGN(auto list, subs(key, value, root, depth));
    (key == "allOf" ? n.all_of : key == "anyOf" ? n.any_of : n.one_of) = std::move(list);
  } else if (key == "not" || key == "if" || key == "then" || key == "else") {
    TRY_ASSIGN(NodeIndex index, compile(value, root, depth));
    (key == "not" ? n.not_ : key == "if" ? n.if_ : key == "then" ? n.then_ : n.else_) = index;
  } else {
    return object_keyword(n, key, value, root, depth);
  }
  return {};
}

Result<void> SchemaCompiler::object_keyword(Node& n, const std::string& key, const Json& value, const Json& root,
                                            int depth) {
  if (key == "properties" || key == "patternProperties") {
    if (!value.is_object()) {
      return make_error(ErrorCode::invalid_argument, fmt::format("\"{}\" is not an object", key));
    }
    for (const auto& [name, schema] : value.items()) {
      TRY_ASSIGN(NodeIndex index, compile(schema, root, depth));
      if (key == "properties") {
        n.properties.push_back({name, index});
      } else if (auto compiled = CompiledPattern::compile(name)) {
        n.pattern_properties.push_back({std::move(*compiled), index});
      } else {
        return make_error(ErrorCode::invalid_argument, fmt::format("pattern \"{}\" is not compiled", name));
      }
    }
    std::sort(n.properties.begin(), n.properties.end(),
              [](const Node::Property& a, const Node::Property& b) { return a.name < b.name; });
  } else if (key == "additionalProperties") {
    TRY_ASSIGN(n.additional_properties, optional_sub(value, root, depth));
  } else if (key == "required") {
    if (!value.is_array()) {
      return make_error(ErrorCode::invalid_argument, "\"required\" is not an array");
    }
    for (const Json& name : value) {
      if (!name.is_string()) {
        return make_error(ErrorCode::invalid_argument, "\"required\" holds a non-string");
      }
      n.required.push_back(name.get<std::string>());
    }
  } else if (key == "minProperties" || key == "maxProperties") {
    TRY_ASSIGN(std::uint64_t count, count_of(key, value));
    (key == "minProperties" ? n.min_properties : n.max_properties) = count;
  } else if (key == "dependencies" || key == "propertyNames" || key == "multipleOf" || key == "divisibleBy") {
    // Keywords valijson checks that are not compiled here.
    return make_error(ErrorCode::invalid_argument, fmt::format("keyword \"{}\" is not compiled", key));
  }
  // Any other keyword is an annotation, or unknown to draft 7: valijson
  // ignores it too. ("id", draft 4's base URI, changes only how a relative
  // document URI in a $ref resolves, and resolve() refuses those.)
  return {};
}

CompiledSchema::CompiledSchema() = default;
CompiledSchema::CompiledSchema(CompiledSchema&&) noexcept = default;
CompiledSchema& CompiledSchema::operator=(CompiledSchema&&) noexcept = default;
CompiledSchema::~CompiledSchema() = default;

Result<CompiledSchema> CompiledSchema::compile(const Json& root, const Fetch& fetch) {
  CompiledSchema out;
  SchemaCompiler compiler(fetch, out);
  TRY(compiler.compile(root, root, 0));
  return out;
}

}  // namespace embargo::schema
