#include <embargo/schema/schema_pattern.hpp>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <set>
#include <vector>

#include <valijson/constraint_builder.hpp>
#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>

#include <embargo/schema/schema_walk.hpp>

namespace embargo::schema {

namespace {

pcre2_code* code_of(void* code) { return static_cast<pcre2_code*>(code); }

// One match data per thread, big enough for the whole-match pair that every
// pattern needs (search() asks for nothing more).
pcre2_match_data* thread_match_data() {
  struct Holder {
    pcre2_match_data* data = pcre2_match_data_create(1, nullptr);
    ~Holder() { pcre2_match_data_free(data); }
  };
  thread_local Holder holder;
  return holder.data;
}

// The "pattern" constraint of one schema object, checked with a CompiledPattern.
class PatternCheck : public valijson::constraints::PolyConstraint {
 public:
  explicit PatternCheck(std::shared_ptr<const CompiledPattern> pattern) : m_pattern(std::move(pattern)) {}

  // As valijson's PatternConstraint under strong types: only strings are checked.
  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override {
    if (!target.isString()) {
      return true;
    }
    if (m_pattern->search(target.asString())) {
      return true;
    }
    if (results != nullptr) {
      results->pushError(context, "Failed to match regex specified by 'pattern' constraint.");
    }
    return false;
  }

 private:
  Constraint* cloneInto(void* memory) const override { return new (memory) PatternCheck(*this); }
  size_t sizeOf() const override { return sizeof(PatternCheck); }

  std::shared_ptr<const CompiledPattern> m_pattern;
};

// "properties" + "patternProperties" (each pattern's subschema empty) +
// "additionalProperties": false, as one check of the member names: valijson
// compiles a std::regex for each patternProperties key on every object it
// visits. Same message and pointer as valijson for the first unwanted name.
class ClosedObjectCheck : public valijson::constraints::PolyConstraint {
 public:
  ClosedObjectCheck(std::set<std::string> names, std::vector<std::shared_ptr<const CompiledPattern>> patterns)
      : m_names(std::make_shared<const std::set<std::string>>(std::move(names))),
        m_patterns(std::make_shared<const std::vector<std::shared_ptr<const CompiledPattern>>>(std::move(patterns))) {}

  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override {
    if (!target.isObject()) {
      return true;
    }
    std::string unwanted;
    bool ok = target.applyToObject([&](const std::string& name, const valijson::adapters::Adapter&) {
      if (allowed(name)) {
        return true;
      }
      unwanted = name;
      return false;
    });
    if (ok && unwanted.empty()) {
      return true;
    }
    if (results != nullptr) {
      results->pushError(context,
                         "Object contains a property that could not be validated using 'properties' "
                         "or 'additionalProperties' constraints: '" + unwanted + "'.");
    }
    return false;
  }

 private:
  bool allowed(const std::string& name) const {
    if (m_names->count(name) != 0) {
      return true;
    }
    for (const auto& pattern : *m_patterns) {
      if (pattern->search(name)) {
        return true;
      }
    }
    return false;
  }
  Constraint* cloneInto(void* memory) const override { return new (memory) ClosedObjectCheck(*this); }
  size_t sizeOf() const override { return sizeof(ClosedObjectCheck); }

  std::shared_ptr<const std::set<std::string>> m_names;
  std::shared_ptr<const std::vector<std::shared_ptr<const CompiledPattern>>> m_patterns;
};

class ClosedObjectCheckBuilder : public valijson::ConstraintBuilder {
 public:
  // `value` is {"names": [...], "patterns": [...]}, written by close_objects.
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override {
    std::set<std::string> names;
    std::vector<std::shared_ptr<const CompiledPattern>> patterns;
    value.applyToObject([&](const std::string& key, const valijson::adapters::Adapter& list) {
      list.applyToArray([&](const valijson::adapters::Adapter& item) {
        if (key == "names") {
          names.insert(item.asString());
        } else if (auto compiled = CompiledPattern::compile(item.asString())) {
          patterns.push_back(std::move(*compiled));
        } else {
          throw std::runtime_error("pattern does not compile: " + item.asString());
        }
        return true;
      });
      return true;
    });
    return new ClosedObjectCheck(std::move(names), std::move(patterns));
  }
};

class PatternCheckBuilder : public valijson::ConstraintBuilder {
 public:
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override {
    auto compiled = CompiledPattern::compile(value.asString());
    if (!compiled) {
      // compile_patterns_of only renames patterns that compile.
      throw std::runtime_error("pattern does not compile: " + value.asString());
    }
    return new PatternCheck(std::move(*compiled));
  }
};

bool is_empty_schema(const nlohmann::json& schema) {
  return (schema.is_object() && schema.empty()) || schema == true;
}

// An object schema closed by additionalProperties: false whose
// patternProperties have empty subschemas becomes one closed-object check.
void close_object(nlohmann::json& node) {
  auto patterns = node.find("patternProperties");
  auto additional = node.find("additionalProperties");
  if (patterns == node.end() || !patterns->is_object() || additional == node.end() || *additional != false) {
    return;
  }
  nlohmann::json names = nlohmann::json::array();
  if (auto properties = node.find("properties"); properties != node.end()) {
    if (!properties->is_object()) {
      return;
    }
    for (const auto& [name, unused] : properties->items()) {
      names.push_back(name);
    }
  }
  nlohmann::json keys = nlohmann::json::array();
  for (const auto& [pattern, schema] : patterns->items()) {
    if (!is_empty_schema(schema) || !CompiledPattern::compile(pattern)) {
      return;
    }
    keys.push_back(pattern);
  }
  node[k_closed_object_keyword] = {{"names", std::move(names)}, {"patterns", std::move(keys)}};
  node.erase("patternProperties");
  node.erase("additionalProperties");
}

void rename_pattern(nlohmann::json& node) {
  auto it = node.find("pattern");
  if (it != node.end() && it->is_string() && CompiledPattern::compile(it->get<std::string>())) {
    node[k_compiled_pattern_keyword] = std::move(*it);
    node.erase("pattern");
  }
  close_object(node);
}

}  // namespace

std::optional<std::shared_ptr<const CompiledPattern>> CompiledPattern::compile(const std::string& pattern) {
  pcre2_compile_context* context = pcre2_compile_context_create(nullptr);
  // '.' must not match '\r' either, as in ECMAScript; with DOLLAR_ENDONLY the
  // newline convention changes nothing else ('^'/'$' are not multiline).
  pcre2_set_newline(context, PCRE2_NEWLINE_ANYCRLF);
  int error = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                   PCRE2_DOLLAR_ENDONLY | PCRE2_ALT_BSUX | PCRE2_ALLOW_EMPTY_CLASS, &error,
                                   &offset, context);
  pcre2_compile_context_free(context);
  if (code == nullptr) {
    return std::nullopt;
  }
  std::shared_ptr<CompiledPattern> out(new CompiledPattern());
  out->m_pattern = pattern;
  out->m_code = code;
  // Without JIT (an unsupported CPU) PCRE2 interprets: slower, same answers.
  (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
  try {
    out->m_fallback.emplace(pattern);
  } catch (const std::regex_error&) {
    // std::regex rejects it: valijson could not have checked it either.
    return std::nullopt;
  }
  return std::shared_ptr<const CompiledPattern>(std::move(out));
}

bool CompiledPattern::search(std::string_view subject) const {
  int rc = pcre2_match(code_of(m_code), reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0,
                       thread_match_data(), nullptr);
  if (rc >= 0) {
    return true;
  }
  if (rc == PCRE2_ERROR_NOMATCH) {
    return false;
  }
  // A resource limit: let std::regex answer, as before.
  return std::regex_search(subject.begin(), subject.end(), *m_fallback);
}

CompiledPattern::~CompiledPattern() { pcre2_code_free(code_of(m_code)); }

void compile_patterns_of(nlohmann::json& schema) { for_each_schema_object(schema, rename_pattern); }

void add_compiled_pattern_builder(valijson::SchemaParser& parser) {
  parser.addConstraintBuilder(k_compiled_pattern_keyword, new PatternCheckBuilder());
  parser.addConstraintBuilder(k_closed_object_keyword, new ClosedObjectCheckBuilder());
}

}  // namespace embargo::schema
