#pragma once

// Steps 2-5 of CVSS v4.0 scoring (see cvss_v4.cpp): from the effective metric values and the
// macrovector to the score, by FIRST's lookup table and severity-distance interpolation.

#include <array>
#include <cstdint>

namespace embargo::core::cvss::v4 {

// Effective value letters ('N', 'H', ...) of the metrics that enter the score, indexed by these.
enum EffectiveMetric : std::size_t {
  e_av,
  e_pr,
  e_ui,
  e_ac,
  e_at,
  e_vc,
  e_vi,
  e_va,
  e_sc,
  e_si,
  e_sa,
  e_cr,
  e_ir,
  e_ar,
  e_e,
  e_count
};
using Effective = std::array<char, e_count>;

struct Interpolation {
  double score = 0.0;              // rounded to one decimal, 0.0..10.0
  double macrovector_score = 0.0;  // the table's score of the macrovector
  double mean_distance = 0.0;      // subtracted from it before rounding
};

// REQUIRES: `eq` is the macrovector of `x` (each EQ within its range). Total.
Interpolation interpolate(const std::array<std::uint8_t, 6>& eq, const Effective& x);

}  // namespace embargo::core::cvss::v4
