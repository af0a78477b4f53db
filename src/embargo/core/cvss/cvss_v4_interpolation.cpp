#include <algorithm>
#include <cmath>
#include <string_view>

#include <embargo/core/cvss/cvss_v4_interpolation.hpp>
#include <embargo/core/cvss/cvss_v4_tables.hpp>

namespace embargo::core::cvss::v4 {

namespace {

constexpr double k_step = 0.1;

// METRIC_LEVELS as [effective metric][value letter].
struct Levels {
  std::array<std::array<double, 128>, e_count> level{};
};

Levels make_levels() {
  constexpr std::array<std::string_view, e_count> names = {"AV", "PR", "UI", "AC", "AT", "VC", "VI", "VA",
                                                           "SC", "SI", "SA", "CR", "IR", "AR", "E"};
  Levels out;
  for (int i = 0; i < k_metric_level_count; ++i) {
    const MetricLevel& entry = k_metric_levels[i];
    auto it = std::find(names.begin(), names.end(), entry.metric);
    if (it != names.end()) {
      out.level[static_cast<std::size_t>(it - names.begin())][static_cast<unsigned char>(entry.value[0]) & 0x7f] =
          entry.level;
    }
  }
  return out;
}

double level(const Effective& x, std::size_t m) {
  static const Levels levels = make_levels();
  return levels.level[m][static_cast<unsigned char>(x[m]) & 0x7f];
}

bool missing(double score) {
  return score == k_no_macrovector;
}

double lookup(int e1, int e2, int e3, int e4, int e5, int e6) {
  if (e1 > 2 || e2 > 1 || e3 > 2 || e4 > 2 || e5 > 2 || e6 > 1) {
    return k_no_macrovector;
  }
  return k_lookup[e1][e2][e3][e4][e5][e6];
}

// The next lower macrovector of EQ3+EQ6, taken together: 11->21, 01->11, 10->11,
// 00->the higher of 01 and 10, 21->32 (never in the table).
double lower_eq3eq6(int e1, int e2, int e3, int e4, int e5, int e6) {
  if (e3 == 0 && e6 == 0) {
    double left = lookup(e1, e2, e3, e4, e5, e6 + 1);
    double right = lookup(e1, e2, e3 + 1, e4, e5, e6);
    return (missing(left) || missing(right)) ? k_no_macrovector : std::max(left, right);
  }
  if (e3 == 1 && e6 == 0) {
    return lookup(e1, e2, e3, e4, e5, e6 + 1);
  }
  if (e6 == 1 && e3 < 2) {
    return lookup(e1, e2, e3 + 1, e4, e5, e6);
  }
  return lookup(e1, e2, e3 + 1, e4, e5, e6 + 1);
}

// One EQ's part of the composed highest-severity vectors: its metrics and candidates.
struct Part {
  MaxSpan span;
  std::array<std::size_t, 6> metrics;
  std::size_t count;
};

bool dominated(const Effective& x, const Part& part, const MaxVector& max) {
  for (std::size_t j = 0; j < part.count; ++j) {
    if (level(x, part.metrics[j]) - max.level[j] < 0) {
      return false;
    }
  }
  return true;
}

// The reference composes every combination of the EQs' highest-severity vectors (EQ1 outermost)
// and takes the first whose distances are all >= 0, else the last combination. As the condition
// splits by EQ, the first such combination is each EQ's first dominating candidate, and "none"
// happens exactly when some EQ has none.
std::array<double, e_count> severity_distances(const Effective& x, const std::array<Part, 5>& parts) {
  std::array<const MaxVector*, 5> chosen{};
  bool all_found = true;
  for (std::size_t p = 0; p < parts.size(); ++p) {
    const Part& part = parts[p];
    chosen[p] = nullptr;
    for (int i = 0; i < part.span.count && chosen[p] == nullptr; ++i) {
      if (dominated(x, part, part.span.first[i])) {
        chosen[p] = &part.span.first[i];
      }
    }
    all_found = all_found && chosen[p] != nullptr;
  }
  std::array<double, e_count> distance{};
  for (std::size_t p = 0; p < parts.size(); ++p) {
    const MaxVector& max = all_found ? *chosen[p] : parts[p].span.first[parts[p].span.count - 1];
    for (std::size_t j = 0; j < parts[p].count; ++j) {
      distance[parts[p].metrics[j]] = level(x, parts[p].metrics[j]) - max.level[j];
    }
  }
  return distance;
}

// Adds one EQ's proportional distance when it has a lower macrovector.
void add_proportion(double value, double lower, double distance, double depth, double& sum, int& existing) {
  if (missing(lower)) {
    return;
  }
  ++existing;
  double available = value - lower;
  double percent = distance / depth;
  sum = sum + available * percent;
}

}  // namespace

Interpolation interpolate(const std::array<std::uint8_t, 6>& eq, const Effective& x) {
  const int e1 = eq[0], e2 = eq[1], e3 = eq[2], e4 = eq[3], e5 = eq[4], e6 = eq[5];
  Interpolation out;
  double value = lookup(e1, e2, e3, e4, e5, e6);
  out.macrovector_score = value;
  bool no_impact =
      x[e_vc] == 'N' && x[e_vi] == 'N' && x[e_va] == 'N' && x[e_sc] == 'N' && x[e_si] == 'N' && x[e_sa] == 'N';
  if (no_impact || missing(value)) {
    return out;
  }
  const std::array<Part, 5> parts = {
      Part{k_max_span_eq1[e1], {e_av, e_pr, e_ui}, 3},
      Part{k_max_span_eq2[e2], {e_ac, e_at}, 2},
      Part{k_max_span_eq3eq6[e3][e6], {e_vc, e_vi, e_va, e_cr, e_ir, e_ar}, 6},
      Part{k_max_span_eq4[e4], {e_sc, e_si, e_sa}, 3},
      Part{k_max_span_eq5[e5], {e_e}, 1},
  };
  std::array<double, e_count> d = severity_distances(x, parts);
  double sum = 0.0;
  int existing = 0;
  add_proportion(value, lookup(e1 + 1, e2, e3, e4, e5, e6), d[e_av] + d[e_pr] + d[e_ui],
                 k_max_severity_eq1[e1] * k_step, sum, existing);
  add_proportion(value, lookup(e1, e2 + 1, e3, e4, e5, e6), d[e_ac] + d[e_at], k_max_severity_eq2[e2] * k_step, sum,
                 existing);
  add_proportion(value, lower_eq3eq6(e1, e2, e3, e4, e5, e6), d[e_vc] + d[e_vi] + d[e_va] + d[e_cr] + d[e_ir] + d[e_ar],
                 k_max_severity_eq3eq6[e3][e6] * k_step, sum, existing);
  add_proportion(value, lookup(e1, e2, e3, e4 + 1, e5, e6), d[e_sc] + d[e_si] + d[e_sa],
                 k_max_severity_eq4[e4] * k_step, sum, existing);
  // EQ5 counts when it has a lower macrovector, but its proportion is always 0.
  add_proportion(value, lookup(e1, e2, e3, e4, e5 + 1, e6), 0.0, 1.0, sum, existing);
  out.mean_distance = existing == 0 ? 0.0 : sum / existing;
  double score = std::clamp(value - out.mean_distance, 0.0, 10.0);
  out.score = std::round((score + 1e-6) * 10) / 10;
  return out;
}

}  // namespace embargo::core::cvss::v4
