#pragma once

// CVSS v2.0, v3.0, v3.1 and v4.0 scoring, exact to FIRST's specifications (see doc/ARCHITECTURE.md
// and data/schemas/cvss/README.md). Pure computation: no I/O, no allocation on success, thread-safe.
//
//   auto s = cvss::score_vector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");  // s->base == 9.8
//
// What the scores mean per version:
// - v2: base always; temporal only when the vector has a temporal metric (E, RL, RC), environmental
//   only when it has an environmental one (CDP, TD, CR, IR, AR); otherwise std::nullopt.
// - v3.0/v3.1: base, temporal and environmental always, metrics not given taking their "Not
//   Defined" value (so temporal equals base when no temporal metric is given).
// - v4.0: one score for the vector as given (`base`, FIRST's `baseScore`), named by `nomenclature`:
//   CVSS-B (base metrics only), CVSS-BT (with E), CVSS-BE (with environmental metrics), CVSS-BTE.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include <embargo/core/cvss/metric.hpp>
#include <embargo/util/result.hpp>

namespace embargo::core::cvss {

enum class Severity : std::uint8_t { none, low, medium, high, critical };

// FIRST's qualitative rating (v3.x and v4.0): 0.0 none, 0.1-3.9 low, 4.0-6.9 medium,
// 7.0-8.9 high, 9.0-10.0 critical.
Severity severity_of(double score);
std::string_view severity_json(Severity s);  // "NONE", "LOW", ... as in the JSON schemas
std::string_view severity_name(Severity s);  // "None", "Low", ...

struct Scores {
  Vector vector;
  double base = 0.0;
  std::optional<double> temporal;
  std::optional<double> environmental;

  // Sub-scores, unrounded, for `explain` (v2, v3.x): base impact and exploitability, and their
  // environmental (v3 modified, v2 adjusted impact) counterparts when environmental is set.
  double impact = 0.0;
  double exploitability = 0.0;
  std::optional<double> modified_impact;
  std::optional<double> modified_exploitability;

  // v4.0 only: the macrovector EQ1..EQ6, its score in FIRST's table, and the mean proportional
  // distance subtracted from it.
  std::array<std::uint8_t, 6> macrovector{};
  double macrovector_score = 0.0;
  double mean_distance = 0.0;
  std::string_view nomenclature;  // v4.0: "CVSS-B", "CVSS-BT", "CVSS-BE" or "CVSS-BTE"
};

// Scores a parsed vector. Total: every parsed vector has a score.
Scores score(const Vector& vector);

// Parses and scores; the error is parse_vector's (it names the metric).
Result<Scores> score_vector(std::string_view text);

// The version-specific scorers (cvss_v2.cpp, cvss_v3.cpp, cvss_v4.cpp).
// REQUIRES: vector.version matches.
Scores score_v2(const Vector& vector);
Scores score_v3(const Vector& vector);
Scores score_v4(const Vector& vector);

// "000200" for explain and tests.
std::array<char, 7> macrovector_text(const Scores& s);

}  // namespace embargo::core::cvss
