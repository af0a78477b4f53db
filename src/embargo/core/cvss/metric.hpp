#pragma once

// The vocabulary of CVSS vectors shared by all versions: versions, metric groups, the static
// description of each metric (abbreviation, name, JSON field, allowed values) and a parsed Vector.
// Pure data, no I/O. Each version's table lives in cvss_v2.cpp, cvss_v3.cpp, cvss_v4.cpp.

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace embargo::core::cvss {

enum class Version : std::uint8_t { v2_0, v3_0, v3_1, v4_0 };

// "2.0", "3.0", "3.1", "4.0": the `version` field of FIRST's JSON schemas.
std::string_view version_text(Version v);

// v4 calls the temporal group "threat"; supplemental exists only in v4.
enum class Group : std::uint8_t { base, temporal, environmental, supplemental };

std::string_view group_name(Version v, Group g);

struct MetricValue {
  std::string_view abbr;  // in the vector: "N", "POC", "Clear"
  std::string_view json;  // in FIRST's JSON schema: "NETWORK", "PROOF_OF_CONCEPT", "CLEAR"
  std::string_view name;  // for people: "Network", "Proof-of-Concept"
};

struct MetricDef {
  std::string_view abbr;       // "AV"
  std::string_view name;       // "Attack Vector"
  std::string_view json_name;  // "attackVector"
  Group group;
  bool mandatory;
  std::span<const MetricValue> values;
  std::string_view meaning;  // one line: what the metric measures
};

// Index of a value within MetricDef::values; k_absent when the vector does not give the metric.
inline constexpr std::uint8_t k_absent = 0xff;
inline constexpr std::size_t k_max_metrics = 32;

// A syntactically valid vector: for each metric of the version's table (same index), the index
// of its value or k_absent. Every mandatory metric is present.
struct Vector {
  Version version = Version::v3_1;
  std::array<std::uint8_t, k_max_metrics> values{};

  bool has(std::size_t metric) const { return values[metric] != k_absent; }
  std::uint8_t operator[](std::size_t metric) const { return values[metric]; }
};

// The metric table of a version, in the order of its specification's vector string.
std::span<const MetricDef> metric_table(Version v);

// The tables themselves, defined next to each version's scoring (cvss_v2.cpp, ...).
std::span<const MetricDef> metric_table_v2();
std::span<const MetricDef> metric_table_v3();
std::span<const MetricDef> metric_table_v4();

}  // namespace embargo::core::cvss
