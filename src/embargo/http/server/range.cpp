#include <embargo/http/server/range.hpp>

#include <limits>
#include <optional>

namespace embargo::http {

namespace {

std::optional<std::uint64_t> read_number(std::string_view s) {
  if (s.empty() || s.size() > 19) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

RangeResult parse_range(std::string_view header, std::uint64_t size) {
  RangeResult whole;
  header = trim(header);
  constexpr std::string_view k_unit = "bytes=";
  if (header.size() <= k_unit.size()) {
    return whole;
  }
  for (std::size_t i = 0; i < k_unit.size(); ++i) {
    char c = header[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c) != k_unit[i]) {
      return whole;
    }
  }
  std::string_view spec = trim(header.substr(k_unit.size()));
  if (spec.find(',') != std::string_view::npos) {
    return whole;  // several ranges: the whole file is a valid answer
  }
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) {
    return whole;
  }
  std::string_view first_text = trim(spec.substr(0, dash));
  std::string_view last_text = trim(spec.substr(dash + 1));
  RangeResult out;
  out.outcome = RangeOutcome::partial;
  if (first_text.empty()) {  // suffix: the last N bytes
    auto n = read_number(last_text);
    if (!n) {
      return whole;
    }
    if (*n == 0 || size == 0) {
      out.outcome = RangeOutcome::unsatisfiable;
      return out;
    }
    out.range = {*n >= size ? 0 : size - *n, size - 1};
    return out;
  }
  auto first = read_number(first_text);
  std::optional<std::uint64_t> last = last_text.empty() ? std::optional<std::uint64_t>(std::numeric_limits<std::uint64_t>::max())
                                                        : read_number(last_text);
  if (!first || !last || *last < *first) {
    return whole;  // syntactically invalid: ignored (RFC 9110 14.2)
  }
  if (*first >= size) {
    out.outcome = RangeOutcome::unsatisfiable;
    return out;
  }
  out.range = {*first, std::min(*last, size - 1)};
  return out;
}

}  // namespace embargo::http
