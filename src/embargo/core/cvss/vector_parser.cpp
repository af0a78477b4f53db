#include <cstdint>

#include <fmt/format.h>

#include <embargo/core/cvss/vector_parser.hpp>

namespace embargo::core::cvss {

namespace {

// Metric keys (at most 3 characters) and values (at most 7) are compared as packed integers:
// parsing is on the hot path of batch scoring. The length goes in the top byte so that "\0N"
// and "N" differ.
constexpr std::size_t k_max_key = 3;
constexpr std::size_t k_max_value = 7;

std::uint64_t pack(std::string_view s) {
  std::uint64_t code = 0;
  for (char c : s) {
    code = (code << 8) | static_cast<unsigned char>(c);
  }
  return code | (static_cast<std::uint64_t>(s.size()) << 56);
}

struct Codes {
  std::size_t count = 0;
  std::uint32_t mandatory = 0;  // bit m set when metric m is mandatory
  std::array<std::uint64_t, k_max_metrics> key{};
  std::array<std::array<std::uint64_t, 8>, k_max_metrics> value{};
  std::array<std::size_t, k_max_metrics> value_count{};
  // One-character values ("N", "H": most of them), looked up directly: value index or k_absent.
  std::array<std::array<std::uint8_t, 128>, k_max_metrics> single{};
};

Codes make_codes(Version version) {
  Codes codes;
  auto table = metric_table(version);
  codes.count = table.size();
  for (std::size_t m = 0; m < table.size(); ++m) {
    codes.key[m] = pack(table[m].abbr);
    codes.value_count[m] = table[m].values.size();
    codes.single[m].fill(k_absent);
    if (table[m].mandatory) {
      codes.mandatory |= std::uint32_t{1} << m;
    }
    for (std::size_t i = 0; i < table[m].values.size(); ++i) {
      codes.value[m][i] = pack(table[m].values[i].abbr);
      if (table[m].values[i].abbr.size() == 1) {
        codes.single[m][static_cast<unsigned char>(table[m].values[i].abbr[0]) & 0x7f] = static_cast<std::uint8_t>(i);
      }
    }
  }
  return codes;
}

const Codes& codes_for(Version version) {
  static const std::array<Codes, 4> all = {make_codes(Version::v2_0), make_codes(Version::v3_0),
                                           make_codes(Version::v3_1), make_codes(Version::v4_0)};
  return all[static_cast<std::size_t>(version)];
}

Error invalid(std::string message) {
  return Error{ErrorCode::invalid_argument, std::move(message)};
}

// Printable form of untrusted text for an error message: control bytes escaped, length capped.
std::string shown(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 40)) {
    auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7f) ? fmt::format("\\x{:02x}", u) : std::string(1, c);
  }
  return s.size() > 40 ? out + "..." : out;
}

std::string expected_values(const MetricDef& def) {
  std::string out;
  for (std::size_t i = 0; i < def.values.size(); ++i) {
    if (i > 0) {
      out += (i + 1 == def.values.size()) ? " or " : ", ";
    }
    out += def.values[i].abbr;
  }
  return out;
}

struct Prefix {
  Version version;
  std::string_view body;
};

Result<Prefix> split_prefix(std::string_view text) {
  constexpr std::string_view k_cvss = "CVSS:";
  if (text.empty()) {
    return tl::unexpected(invalid("vector: empty"));
  }
  if (text.substr(0, k_cvss.size()) != k_cvss) {
    // CVSS v2 vectors have no prefix and start with a v2 metric.
    auto colon = text.find(':');
    auto slash = text.find('/');
    if (colon == std::string_view::npos || (slash != std::string_view::npos && slash < colon) || colon > k_max_key) {
      return tl::unexpected(invalid(fmt::format(
          "prefix: '{}' is not a CVSS vector (expected CVSS:3.0/, CVSS:3.1/, CVSS:4.0/ or a v2 vector like AV:N/...)",
          shown(text.substr(0, slash)))));
    }
    return Prefix{Version::v2_0, text};
  }
  auto slash = text.find('/');
  std::string_view number = text.substr(k_cvss.size(), slash == std::string_view::npos ? slash : slash - k_cvss.size());
  if (slash == std::string_view::npos) {
    return tl::unexpected(invalid(fmt::format("prefix: 'CVSS:{}' is not followed by '/' and metrics", shown(number))));
  }
  Version version{};
  if (number == "3.0") {
    version = Version::v3_0;
  } else if (number == "3.1") {
    version = Version::v3_1;
  } else if (number == "4.0") {
    version = Version::v4_0;
  } else {
    return tl::unexpected(invalid(fmt::format(
        "prefix: unsupported CVSS version 'CVSS:{}' (expected CVSS:3.0, CVSS:3.1 or CVSS:4.0; v2 has no prefix)",
        shown(number))));
  }
  return Prefix{version, text.substr(slash + 1)};
}

// Searches from `start` round the table: vectors usually follow the specification's order, so
// starting after the previous metric usually finds the next one at once.
std::size_t find_metric_code(const Codes& codes, std::uint64_t code, std::size_t start = 0) {
  std::size_t m = start < codes.count ? start : 0;
  for (std::size_t tried = 0; tried < codes.count; ++tried) {
    if (codes.key[m] == code) {
      return m;
    }
    m = (m + 1 == codes.count) ? 0 : m + 1;
  }
  return k_max_metrics;
}

std::size_t find_value_code(const Codes& codes, std::size_t metric, std::uint64_t code) {
  for (std::size_t i = 0; i < codes.value_count[metric]; ++i) {
    if (codes.value[metric][i] == code) {
      return i;
    }
  }
  return k_absent;
}

std::size_t find_metric(const Codes& codes, std::string_view key) {
  if (key.size() > k_max_key || key.empty()) {
    return k_max_metrics;
  }
  return find_metric_code(codes, pack(key));
}

std::size_t find_value(const Codes& codes, std::size_t metric, std::string_view value) {
  if (value.size() > k_max_value || value.empty()) {
    return k_absent;
  }
  return find_value_code(codes, metric, pack(value));
}

// Parses one "KEY:VALUE" into `out`; `last` is the index of the previous metric (v4 order check).
Result<void> parse_part(std::string_view part, const Codes& codes, Vector& out, std::size_t& last) {
  auto table = metric_table(out.version);
  auto colon = part.find(':');
  if (colon == std::string_view::npos) {
    return tl::unexpected(invalid(part.empty() ? std::string("vector: empty metric between '/' separators")
                                               : fmt::format("'{}': not a METRIC:VALUE pair", shown(part))));
  }
  std::string_view key = part.substr(0, colon);
  std::string_view value = part.substr(colon + 1);
  std::size_t m = find_metric(codes, key);
  if (m == k_max_metrics) {
    return tl::unexpected(
        invalid(fmt::format("{}: unknown metric for CVSS {}", shown(key), version_text(out.version))));
  }
  const MetricDef& def = table[m];
  if (out.has(m)) {
    return tl::unexpected(invalid(fmt::format("{}: given twice", def.abbr)));
  }
  std::size_t v = find_value(codes, m, value);
  if (v == k_absent) {
    return tl::unexpected(invalid(
        fmt::format("{}: bad value '{}' (expected {}: {})", def.abbr, shown(value), expected_values(def), def.name)));
  }
  if (out.version == Version::v4_0 && last != k_max_metrics && m < last) {
    return tl::unexpected(
        invalid(fmt::format("{}: out of order (CVSS 4.0 requires the specification's order, {} "
                            "before {})",
                            def.abbr, def.abbr, table[last].abbr)));
  }
  out.values[m] = static_cast<std::uint8_t>(v);
  last = m;
  return {};
}

// The fast path for one "KEY:VALUE" starting at `p`: true when it is a known metric, not given
// before, in order (v4), with a known value; then it is stored and `p` is left on the '/' or end
// that follows. False on anything else, leaving `out` unchanged: parse_part, the authority on
// what is valid, then decides and explains. Packs while scanning, so each byte is read once.
bool fast_part(const char*& p, const char* end, const Codes& codes, Vector& out, std::size_t& last) {
  std::uint64_t key = 0;
  std::size_t key_size = 0;
  for (; p != end && *p != ':' && *p != '/'; ++p, ++key_size) {
    key = (key << 8) | static_cast<unsigned char>(*p);
  }
  if (p == end || *p != ':' || key_size == 0 || key_size > k_max_key) {
    return false;
  }
  std::uint64_t value = 0;
  std::size_t value_size = 0;
  for (++p; p != end && *p != '/'; ++p, ++value_size) {
    value = (value << 8) | static_cast<unsigned char>(*p);
  }
  if (value_size == 0 || value_size > k_max_value) {
    return false;
  }
  std::size_t m = find_metric_code(codes, key | (static_cast<std::uint64_t>(key_size) << 56), last + 1);
  if (m == k_max_metrics || out.has(m) || (out.version == Version::v4_0 && last != k_max_metrics && m < last)) {
    return false;
  }
  std::size_t v = value_size == 1 ? (value < 128 ? codes.single[m][value] : k_absent)
                                  : find_value_code(codes, m, value | (static_cast<std::uint64_t>(value_size) << 56));
  if (v == k_absent) {
    return false;
  }
  out.values[m] = static_cast<std::uint8_t>(v);
  last = m;
  return true;
}

Result<void> check_mandatory(const Vector& out) {
  auto table = metric_table(out.version);
  for (std::size_t m = 0; m < table.size(); ++m) {
    if (table[m].mandatory && !out.has(m)) {
      return tl::unexpected(
          invalid(fmt::format("{}: missing ({}, a mandatory base metric)", table[m].abbr, table[m].name)));
    }
  }
  return {};
}

Result<Vector> parse(std::string_view text, bool fast) {
  TRY_ASSIGN(Prefix prefix, split_prefix(text));
  Vector out;
  out.version = prefix.version;
  out.values.fill(k_absent);
  const Codes& codes = codes_for(out.version);
  std::string_view body = prefix.body;
  if (body.empty()) {
    return tl::unexpected(invalid("vector: no metrics after the prefix"));
  }
  std::size_t last = k_max_metrics;
  std::uint32_t seen = 0;
  const char* const begin = body.data();
  const char* const end = begin + body.size();
  const char* p = begin;
  while (true) {
    const char* part_begin = p;
    if (!fast || !fast_part(p, end, codes, out, last)) {
      std::size_t from = static_cast<std::size_t>(part_begin - begin);
      std::size_t slash = body.find('/', from);
      std::string_view part = body.substr(from, slash == std::string_view::npos ? slash : slash - from);
      TRY(parse_part(part, codes, out, last));
      p = part.data() + part.size();
    }
    seen |= std::uint32_t{1} << last;
    if (p == end) {
      break;
    }
    if (++p == end) {
      return tl::unexpected(
          invalid(fmt::format("vector: trailing '/' after {}", metric_table(out.version)[last].abbr)));
    }
  }
  if (!fast || (seen & codes.mandatory) != codes.mandatory) {
    TRY(check_mandatory(out));
  }
  return out;
}

}  // namespace

Result<Vector> parse_vector(std::string_view text) {
  return parse(text, true);
}

Result<Vector> detail::parse_vector_slowly(std::string_view text) {
  return parse(text, false);
}

}  // namespace embargo::core::cvss
