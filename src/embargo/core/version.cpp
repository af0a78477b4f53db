#include <embargo/core/version.hpp>

#include <cctype>

#include <fmt/format.h>

#include <embargo/util/strings.hpp>

namespace embargo::core {

std::string Version::to_string() const {
  std::string out;
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    out += (i ? "." : "") + std::to_string(numbers[i]);
  }
  if (!pre.empty()) {
    out += "-" + pre;
  }
  return out;
}

Result<Version> parse_version(std::string_view text) {
  std::string_view t = util::trim(text);
  auto bad = [&](std::string_view why) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("version '{}' {} (expected e.g. 4.99.1 or 4.97-RC2)", t, why));
  };
  if (t.empty()) {
    return bad("is empty");
  }
  Version v;
  std::string_view main = t;
  auto dash = t.find('-');
  if (dash != std::string_view::npos) {
    main = t.substr(0, dash);
    std::string_view pre = t.substr(dash + 1);
    if (pre.empty() || pre.size() > 16) {
      return bad("has an empty or overlong suffix");
    }
    for (char c : pre) {
      if (!std::isalnum(static_cast<unsigned char>(c))) {
        return bad("has a suffix that is not letters and digits");
      }
    }
    v.pre = util::to_lower(pre) .starts_with("rc") ? "RC" + std::string(pre.substr(2)) : std::string(pre);
  }
  for (std::string_view part : util::split(main, '.')) {
    if (part.empty() || part.size() > 9) {
      return bad("has an empty or overlong component");
    }
    unsigned n = 0;
    for (char c : part) {
      if (!std::isdigit(static_cast<unsigned char>(c))) {
        return bad("has a component that is not a number");
      }
      n = n * 10 + static_cast<unsigned>(c - '0');
    }
    v.numbers.push_back(n);
  }
  if (v.numbers.size() > 6) {
    return bad("has more than six components");
  }
  return v;
}

int compare(const Version& a, const Version& b) {
  std::size_t n = std::max(a.numbers.size(), b.numbers.size());
  for (std::size_t i = 0; i < n; ++i) {
    unsigned x = i < a.numbers.size() ? a.numbers[i] : 0;
    unsigned y = i < b.numbers.size() ? b.numbers[i] : 0;
    if (x != y) {
      return x < y ? -1 : 1;
    }
  }
  if (a.pre == b.pre) {
    return 0;
  }
  if (a.pre.empty()) {
    return 1;  // a release sorts after its pre-releases
  }
  if (b.pre.empty()) {
    return -1;
  }
  // RC10 after RC9: compare by length first, then text.
  if (a.pre.size() != b.pre.size()) {
    return a.pre.size() < b.pre.size() ? -1 : 1;
  }
  return a.pre < b.pre ? -1 : 1;
}

namespace {

bool satisfies(const Version& v, const Constraint& c) {
  int r = compare(v, c.version);
  switch (c.op) {
    case RangeOp::eq: return r == 0;
    case RangeOp::lt: return r < 0;
    case RangeOp::le: return r <= 0;
    case RangeOp::gt: return r > 0;
    case RangeOp::ge: return r >= 0;
  }
  return false;
}

std::string_view op_text(RangeOp op) {
  switch (op) {
    case RangeOp::eq: return "=";
    case RangeOp::lt: return "<";
    case RangeOp::le: return "<=";
    case RangeOp::gt: return ">";
    case RangeOp::ge: return ">=";
  }
  return "?";
}

// The range is empty when some lower bound is above some upper bound, or an
// exact version violates another constraint.
bool is_satisfiable(const VersionRange& r) {
  for (const Constraint& c : r.constraints) {
    if (c.op == RangeOp::eq && !r.contains(c.version)) {
      return false;
    }
  }
  for (const Constraint& lo : r.constraints) {
    if (lo.op != RangeOp::ge && lo.op != RangeOp::gt) {
      continue;
    }
    for (const Constraint& hi : r.constraints) {
      if (hi.op != RangeOp::le && hi.op != RangeOp::lt) {
        continue;
      }
      int cmp = compare(lo.version, hi.version);
      bool both_inclusive = lo.op == RangeOp::ge && hi.op == RangeOp::le;
      if (cmp > 0 || (cmp == 0 && !both_inclusive)) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace

bool VersionRange::contains(const Version& v) const {
  for (const Constraint& c : constraints) {
    if (!satisfies(v, c)) {
      return false;
    }
  }
  return true;
}

std::string VersionRange::to_string() const {
  std::string out;
  for (const Constraint& c : constraints) {
    out += out.empty() ? "" : ",";
    out += op_text(c.op);
    out += c.version.to_string();
  }
  return out;
}

Result<VersionRange> parse_version_range(std::string_view text, std::string_view field) {
  std::string_view t = util::trim(text);
  if (t.empty()) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("{}: empty version range (expected e.g. \">=4.92,<4.99.1\")", field));
  }
  VersionRange range;
  for (std::string_view piece : util::split(t, ',')) {
    std::string_view p = util::trim(piece);
    Constraint c;
    if (p.starts_with(">=")) {
      c.op = RangeOp::ge, p.remove_prefix(2);
    } else if (p.starts_with("<=")) {
      c.op = RangeOp::le, p.remove_prefix(2);
    } else if (p.starts_with("==")) {
      c.op = RangeOp::eq, p.remove_prefix(2);
    } else if (p.starts_with('>')) {
      c.op = RangeOp::gt, p.remove_prefix(1);
    } else if (p.starts_with('<')) {
      c.op = RangeOp::lt, p.remove_prefix(1);
    } else if (p.starts_with('=')) {
      c.op = RangeOp::eq, p.remove_prefix(1);
    } else if (!p.empty() && !std::isdigit(static_cast<unsigned char>(p.front()))) {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("{}: '{}' has an unknown operator (use >=, >, <=, <, =)", field, piece));
    }
    auto v = parse_version(p);
    if (!v) {
      return make_error(ErrorCode::invalid_argument, fmt::format("{}: {}", field, v.error().message()));
    }
    c.version = std::move(*v);
    range.constraints.push_back(std::move(c));
  }
  if (!is_satisfiable(range)) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("{}: range '{}' contains no version", field, t));
  }
  return range;
}

}  // namespace embargo::core
