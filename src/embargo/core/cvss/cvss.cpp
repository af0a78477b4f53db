#include <embargo/core/cvss/cvss.hpp>
#include <embargo/core/cvss/vector_parser.hpp>

namespace embargo::core::cvss {

Severity severity_of(double score) {
  // Scores are multiples of 0.1 rounded to the nearest double; compare against the band
  // bounds with half a step of slack so that 3.9000000000000004 is still "low".
  if (score < 0.05) {
    return Severity::none;
  }
  if (score < 3.95) {
    return Severity::low;
  }
  if (score < 6.95) {
    return Severity::medium;
  }
  if (score < 8.95) {
    return Severity::high;
  }
  return Severity::critical;
}

std::string_view severity_json(Severity s) {
  switch (s) {
    case Severity::none:
      return "NONE";
    case Severity::low:
      return "LOW";
    case Severity::medium:
      return "MEDIUM";
    case Severity::high:
      return "HIGH";
    case Severity::critical:
      return "CRITICAL";
  }
  return "NONE";
}

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::none:
      return "None";
    case Severity::low:
      return "Low";
    case Severity::medium:
      return "Medium";
    case Severity::high:
      return "High";
    case Severity::critical:
      return "Critical";
  }
  return "None";
}

Scores score(const Vector& vector) {
  switch (vector.version) {
    case Version::v2_0:
      return score_v2(vector);
    case Version::v3_0:
    case Version::v3_1:
      return score_v3(vector);
    case Version::v4_0:
      return score_v4(vector);
  }
  return score_v3(vector);
}

Result<Scores> score_vector(std::string_view text) {
  TRY_ASSIGN(Vector vector, parse_vector(text));
  return score(vector);
}

std::array<char, 7> macrovector_text(const Scores& s) {
  std::array<char, 7> out{};
  for (std::size_t i = 0; i < 6; ++i) {
    out[i] = static_cast<char>('0' + s.macrovector[i]);
  }
  return out;
}

std::span<const MetricDef> metric_table(Version v) {
  switch (v) {
    case Version::v2_0:
      return metric_table_v2();
    case Version::v3_0:
    case Version::v3_1:
      return metric_table_v3();
    case Version::v4_0:
      return metric_table_v4();
  }
  return metric_table_v3();
}

std::string_view version_text(Version v) {
  switch (v) {
    case Version::v2_0:
      return "2.0";
    case Version::v3_0:
      return "3.0";
    case Version::v3_1:
      return "3.1";
    case Version::v4_0:
      return "4.0";
  }
  return "?";
}

std::string_view group_name(Version v, Group g) {
  switch (g) {
    case Group::base:
      return "base";
    case Group::temporal:
      return v == Version::v4_0 ? "threat" : "temporal";
    case Group::environmental:
      return "environmental";
    case Group::supplemental:
      return "supplemental";
  }
  return "?";
}

}  // namespace embargo::core::cvss
