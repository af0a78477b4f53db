// CVSS v2.0 (FIRST, "A Complete Guide to the Common Vulnerability Scoring System Version 2.0",
// section 3.2): the metric table and the base, temporal and environmental equations.

#include <algorithm>
#include <cmath>

#include <embargo/core/cvss/cvss.hpp>

namespace embargo::core::cvss {

namespace {

enum M : std::size_t { AV, AC, Au, C, I, A, E, RL, RC, CDP, TD, CR, IR, AR, k_count };

constexpr MetricValue k_av[] = {
    {"L", "LOCAL", "Local"}, {"A", "ADJACENT_NETWORK", "Adjacent Network"}, {"N", "NETWORK", "Network"}};
constexpr MetricValue k_ac[] = {{"H", "HIGH", "High"}, {"M", "MEDIUM", "Medium"}, {"L", "LOW", "Low"}};
constexpr MetricValue k_au[] = {{"M", "MULTIPLE", "Multiple"}, {"S", "SINGLE", "Single"}, {"N", "NONE", "None"}};
constexpr MetricValue k_cia[] = {{"N", "NONE", "None"}, {"P", "PARTIAL", "Partial"}, {"C", "COMPLETE", "Complete"}};
constexpr MetricValue k_e[] = {{"U", "UNPROVEN", "Unproven"},
                               {"POC", "PROOF_OF_CONCEPT", "Proof-of-Concept"},
                               {"F", "FUNCTIONAL", "Functional"},
                               {"H", "HIGH", "High"},
                               {"ND", "NOT_DEFINED", "Not Defined"}};
constexpr MetricValue k_rl[] = {{"OF", "OFFICIAL_FIX", "Official Fix"},
                                {"TF", "TEMPORARY_FIX", "Temporary Fix"},
                                {"W", "WORKAROUND", "Workaround"},
                                {"U", "UNAVAILABLE", "Unavailable"},
                                {"ND", "NOT_DEFINED", "Not Defined"}};
constexpr MetricValue k_rc[] = {{"UC", "UNCONFIRMED", "Unconfirmed"},
                                {"UR", "UNCORROBORATED", "Uncorroborated"},
                                {"C", "CONFIRMED", "Confirmed"},
                                {"ND", "NOT_DEFINED", "Not Defined"}};
constexpr MetricValue k_cdp[] = {{"N", "NONE", "None"},
                                 {"L", "LOW", "Low"},
                                 {"LM", "LOW_MEDIUM", "Low-Medium"},
                                 {"MH", "MEDIUM_HIGH", "Medium-High"},
                                 {"H", "HIGH", "High"},
                                 {"ND", "NOT_DEFINED", "Not Defined"}};
constexpr MetricValue k_td[] = {{"N", "NONE", "None"},
                                {"L", "LOW", "Low"},
                                {"M", "MEDIUM", "Medium"},
                                {"H", "HIGH", "High"},
                                {"ND", "NOT_DEFINED", "Not Defined"}};
constexpr MetricValue k_req[] = {
    {"L", "LOW", "Low"}, {"M", "MEDIUM", "Medium"}, {"H", "HIGH", "High"}, {"ND", "NOT_DEFINED", "Not Defined"}};

constexpr Group b = Group::base;
constexpr Group t = Group::temporal;
constexpr Group env = Group::environmental;

constexpr MetricDef k_table[] = {
    {"AV", "Access Vector", "accessVector", b, true, k_av, "how the vulnerability is reached"},
    {"AC", "Access Complexity", "accessComplexity", b, true, k_ac, "how hard the attack is once the target is reached"},
    {"Au", "Authentication", "authentication", b, true, k_au, "how often the attacker must authenticate"},
    {"C", "Confidentiality Impact", "confidentialityImpact", b, true, k_cia, "information disclosed"},
    {"I", "Integrity Impact", "integrityImpact", b, true, k_cia, "information or system modified"},
    {"A", "Availability Impact", "availabilityImpact", b, true, k_cia, "service denied"},
    {"E", "Exploitability", "exploitability", t, false, k_e, "state of exploit code or techniques"},
    {"RL", "Remediation Level", "remediationLevel", t, false, k_rl, "what fix or workaround exists"},
    {"RC", "Report Confidence", "reportConfidence", t, false, k_rc, "how certain the vulnerability is"},
    {"CDP", "Collateral Damage Potential", "collateralDamagePotential", env, false, k_cdp,
     "loss of life, property or revenue in this environment"},
    {"TD", "Target Distribution", "targetDistribution", env, false, k_td, "share of systems that are vulnerable"},
    {"CR", "Confidentiality Requirement", "confidentialityRequirement", env, false, k_req,
     "importance of confidentiality here"},
    {"IR", "Integrity Requirement", "integrityRequirement", env, false, k_req, "importance of integrity here"},
    {"AR", "Availability Requirement", "availabilityRequirement", env, false, k_req, "importance of availability here"},
};
static_assert(std::size(k_table) == k_count);

// Weights, indexed like the value tables above.
constexpr double k_w_av[] = {0.395, 0.646, 1.0};
constexpr double k_w_ac[] = {0.35, 0.61, 0.71};
constexpr double k_w_au[] = {0.45, 0.56, 0.704};
constexpr double k_w_cia[] = {0.0, 0.275, 0.660};
constexpr double k_w_e[] = {0.85, 0.9, 0.95, 1.0, 1.0};
constexpr double k_w_rl[] = {0.87, 0.90, 0.95, 1.0, 1.0};
constexpr double k_w_rc[] = {0.90, 0.95, 1.0, 1.0};
constexpr double k_w_cdp[] = {0.0, 0.1, 0.3, 0.4, 0.5, 0.0};
constexpr double k_w_td[] = {0.0, 0.25, 0.75, 1.0, 1.0};
constexpr double k_w_req[] = {0.5, 1.0, 1.51, 1.0};

// round_to_1_decimal, half up, on the value taken to 5 decimals first so that binary noise
// (6.2499999999 for 6.25) does not decide the rounding.
double round1(double x) {
  auto scaled = static_cast<long long>(std::llround(x * 100000.0));
  return static_cast<double>((scaled + 5000) / 10000) / 10.0;
}

// A weight for an optional metric: its "Not Defined" weight (last entry) when absent.
template <std::size_t N>
double optional_weight(const Vector& v, std::size_t m, const double (&w)[N]) {
  return v.has(m) ? w[v[m]] : w[N - 1];
}

double base_equation(double impact, double exploitability) {
  double f = impact == 0.0 ? 0.0 : 1.176;
  return round1(((0.6 * impact) + (0.4 * exploitability) - 1.5) * f);
}

}  // namespace

std::span<const MetricDef> metric_table_v2() {
  return k_table;
}

Scores score_v2(const Vector& v) {
  Scores s;
  s.vector = v;
  double c = k_w_cia[v[C]];
  double i = k_w_cia[v[I]];
  double a = k_w_cia[v[A]];
  s.impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
  s.exploitability = 20 * k_w_av[v[AV]] * k_w_ac[v[AC]] * k_w_au[v[Au]];
  s.base = base_equation(s.impact, s.exploitability);

  double temporal_factor =
      optional_weight(v, E, k_w_e) * optional_weight(v, RL, k_w_rl) * optional_weight(v, RC, k_w_rc);
  if (v.has(E) || v.has(RL) || v.has(RC)) {
    s.temporal = round1(s.base * temporal_factor);
  }
  if (v.has(CDP) || v.has(TD) || v.has(CR) || v.has(IR) || v.has(AR)) {
    double adjusted_impact = std::min(
        10.0, 10.41 * (1 - (1 - c * optional_weight(v, CR, k_w_req)) * (1 - i * optional_weight(v, IR, k_w_req)) *
                               (1 - a * optional_weight(v, AR, k_w_req))));
    double adjusted_base = base_equation(adjusted_impact, s.exploitability);
    double adjusted_temporal = round1(adjusted_base * temporal_factor);
    double cdp = optional_weight(v, CDP, k_w_cdp);
    double td = optional_weight(v, TD, k_w_td);
    s.environmental = round1((adjusted_temporal + (10 - adjusted_temporal) * cdp) * td);
    s.modified_impact = adjusted_impact;
    s.modified_exploitability = s.exploitability;
  }
  return s;
}

}  // namespace embargo::core::cvss
