#include <embargo/schema/schema_format.hpp>

#include <valijson/constraint_builder.hpp>
#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>

#include <embargo/schema/schema_walk.hpp>

namespace embargo::schema {

namespace {

// A cursor over the string being matched; each take_* consumes on success only.
struct Cursor {
  std::string_view s;
  std::size_t at = 0;

  bool done() const { return at == s.size(); }
  bool digit_at(std::size_t i) const { return i < s.size() && s[i] >= '0' && s[i] <= '9'; }
  bool take(char c) {
    if (at < s.size() && s[at] == c) {
      ++at;
      return true;
    }
    return false;
  }
  bool take_any_of(std::string_view set) {
    if (at < s.size() && set.find(s[at]) != std::string_view::npos) {
      ++at;
      return true;
    }
    return false;
  }
  // Two digits forming a number in [low, high]; its value in *out.
  bool take_two_digits(int low, int high, int* out) {
    if (!digit_at(at) || !digit_at(at + 1)) {
      return false;
    }
    int value = (s[at] - '0') * 10 + (s[at + 1] - '0');
    if (value < low || value > high) {
      return false;
    }
    at += 2;
    *out = value;
    return true;
  }
  bool take_digits() {
    std::size_t start = at;
    while (digit_at(at)) {
      ++at;
    }
    return at > start;
  }
};

// 30 days hath September, April, June and November; February 29.
bool day_exists(int month, int day) {
  if (month == 2) {
    return day <= 29;
  }
  int limit = (month <= 7) == (month % 2 == 0) ? 30 : 31;
  return day <= limit;
}

// [0-9]+ "-" month "-" day
bool take_date(Cursor& c) {
  int month = 0;
  int day = 0;
  return c.take_digits() && c.take('-') && c.take_two_digits(1, 12, &month) && c.take('-') &&
         c.take_two_digits(1, 31, &day) && day_exists(month, day);
}

// hh ":" mm ":" ss [ "." digits ] ( "Z" | "z" | sign hh ":" mm ). The sign is
// any of "+|-", as valijson's "[\+|\-]" has it.
bool take_time(Cursor& c) {
  int unused = 0;
  if (!(c.take_two_digits(0, 23, &unused) && c.take(':') && c.take_two_digits(0, 59, &unused) && c.take(':') &&
        c.take_two_digits(0, 60, &unused))) {
    return false;
  }
  if (c.take('.') && !c.take_digits()) {
    return false;
  }
  if (c.take_any_of("Zz")) {
    return true;
  }
  return c.take_any_of("+|-") && c.take_two_digits(0, 23, &unused) && c.take(':') &&
         c.take_two_digits(0, 59, &unused);
}

const char* message_for(StringFormat format) {
  switch (format) {
    case StringFormat::date: return "String should be a valid date";
    case StringFormat::time: return "String should be a valid time";
    default: return "String should be a valid date-time";
  }
}

class FormatCheck : public valijson::constraints::PolyConstraint {
 public:
  explicit FormatCheck(StringFormat format) : m_format(format) {}

  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override {
    if (m_format == StringFormat::unchecked || !target.isString() ||
        format_matches(m_format, target.asString())) {
      return true;
    }
    if (results != nullptr) {
      results->pushError(context, message_for(m_format));
    }
    return false;
  }

 private:
  Constraint* cloneInto(void* memory) const override { return new (memory) FormatCheck(*this); }
  size_t sizeOf() const override { return sizeof(FormatCheck); }

  StringFormat m_format;
};

class FormatCheckBuilder : public valijson::ConstraintBuilder {
 public:
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override {
    if (!value.isString()) {
      throw std::runtime_error("'format' should have a string value");
    }
    return new FormatCheck(format_named(value.asString()));
  }
};

void rename_format(nlohmann::json& node) {
  auto it = node.find("format");
  if (it != node.end()) {
    node[k_checked_format_keyword] = std::move(*it);
    node.erase("format");
  }
}

}  // namespace

StringFormat format_named(std::string_view name) {
  return name == "date" ? StringFormat::date
         : name == "time" ? StringFormat::time
         : name == "date-time" ? StringFormat::date_time
                               : StringFormat::unchecked;
}

bool format_matches(StringFormat format, std::string_view s) {
  Cursor c{s};
  switch (format) {
    case StringFormat::unchecked: return true;
    case StringFormat::date: return take_date(c) && c.done();
    case StringFormat::time: return take_time(c) && c.done();
    case StringFormat::date_time: return take_date(c) && c.take_any_of("Tt") && take_time(c) && c.done();
  }
  return false;
}

void replace_formats_of(nlohmann::json& schema) { for_each_schema_object(schema, rename_format); }

void add_format_builder(valijson::SchemaParser& parser) {
  parser.addConstraintBuilder(k_checked_format_keyword, new FormatCheckBuilder());
}

}  // namespace embargo::schema
