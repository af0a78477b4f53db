// CVSS v3.0 and v3.1 (FIRST specification documents, section 7 and, for v3.1, Appendix A): the
// metric table and the equations. The two versions differ only in Roundup and in the
// modified-impact term of the environmental score (data/schemas/cvss/README.md). Arithmetic
// follows FIRST's JavaScript calculators (cvsscalc30.js, cvsscalc31.js) operation by operation so
// that the doubles, and hence the rounding, agree with them.

#include <algorithm>
#include <cmath>

#include <embargo/core/cvss/cvss.hpp>

namespace embargo::core::cvss {

namespace {

enum M : std::size_t { AV, AC, PR, UI, S, C, I, A, E, RL, RC, CR, IR, AR, MAV, MAC, MPR, MUI, MS, MC, MI, MA, k_count };

constexpr MetricValue k_x = {"X", "NOT_DEFINED", "Not Defined"};
constexpr MetricValue k_av[] = {{"N", "NETWORK", "Network"},
                                {"A", "ADJACENT_NETWORK", "Adjacent"},
                                {"L", "LOCAL", "Local"},
                                {"P", "PHYSICAL", "Physical"}};
constexpr MetricValue k_ac[] = {{"L", "LOW", "Low"}, {"H", "HIGH", "High"}};
constexpr MetricValue k_pr[] = {{"N", "NONE", "None"}, {"L", "LOW", "Low"}, {"H", "HIGH", "High"}};
constexpr MetricValue k_ui[] = {{"N", "NONE", "None"}, {"R", "REQUIRED", "Required"}};
constexpr MetricValue k_s[] = {{"U", "UNCHANGED", "Unchanged"}, {"C", "CHANGED", "Changed"}};
constexpr MetricValue k_cia[] = {{"H", "HIGH", "High"}, {"L", "LOW", "Low"}, {"N", "NONE", "None"}};
constexpr MetricValue k_e[] = {k_x,
                               {"H", "HIGH", "High"},
                               {"F", "FUNCTIONAL", "Functional"},
                               {"P", "PROOF_OF_CONCEPT", "Proof-of-Concept"},
                               {"U", "UNPROVEN", "Unproven"}};
constexpr MetricValue k_rl[] = {k_x,
                                {"U", "UNAVAILABLE", "Unavailable"},
                                {"W", "WORKAROUND", "Workaround"},
                                {"T", "TEMPORARY_FIX", "Temporary Fix"},
                                {"O", "OFFICIAL_FIX", "Official Fix"}};
constexpr MetricValue k_rc[] = {
    k_x, {"C", "CONFIRMED", "Confirmed"}, {"R", "REASONABLE", "Reasonable"}, {"U", "UNKNOWN", "Unknown"}};
constexpr MetricValue k_req[] = {k_x, {"H", "HIGH", "High"}, {"M", "MEDIUM", "Medium"}, {"L", "LOW", "Low"}};
// Modified metrics: "X" then the base metric's values in the same order (index = base index + 1).
constexpr MetricValue k_mav[] = {k_x, k_av[0], k_av[1], k_av[2], k_av[3]};
constexpr MetricValue k_mac[] = {k_x, k_ac[0], k_ac[1]};
constexpr MetricValue k_mpr[] = {k_x, k_pr[0], k_pr[1], k_pr[2]};
constexpr MetricValue k_mui[] = {k_x, k_ui[0], k_ui[1]};
constexpr MetricValue k_ms[] = {k_x, k_s[0], k_s[1]};
constexpr MetricValue k_mcia[] = {k_x, k_cia[0], k_cia[1], k_cia[2]};

constexpr Group b = Group::base;
constexpr Group t = Group::temporal;
constexpr Group env = Group::environmental;

constexpr MetricDef k_table[] = {
    {"AV", "Attack Vector", "attackVector", b, true, k_av, "how remote the attacker can be"},
    {"AC", "Attack Complexity", "attackComplexity", b, true, k_ac, "conditions beyond the attacker's control"},
    {"PR", "Privileges Required", "privilegesRequired", b, true, k_pr, "privileges the attacker needs first"},
    {"UI", "User Interaction", "userInteraction", b, true, k_ui, "whether a user other than the attacker must act"},
    {"S", "Scope", "scope", b, true, k_s, "whether the impact reaches beyond the vulnerable component"},
    {"C", "Confidentiality", "confidentialityImpact", b, true, k_cia, "information disclosed"},
    {"I", "Integrity", "integrityImpact", b, true, k_cia, "information or system modified"},
    {"A", "Availability", "availabilityImpact", b, true, k_cia, "service denied"},
    {"E", "Exploit Code Maturity", "exploitCodeMaturity", t, false, k_e, "state of exploit code"},
    {"RL", "Remediation Level", "remediationLevel", t, false, k_rl, "what fix or workaround exists"},
    {"RC", "Report Confidence", "reportConfidence", t, false, k_rc, "how certain the vulnerability is"},
    {"CR", "Confidentiality Requirement", "confidentialityRequirement", env, false, k_req,
     "importance of confidentiality here"},
    {"IR", "Integrity Requirement", "integrityRequirement", env, false, k_req, "importance of integrity here"},
    {"AR", "Availability Requirement", "availabilityRequirement", env, false, k_req, "importance of availability here"},
    {"MAV", "Modified Attack Vector", "modifiedAttackVector", env, false, k_mav, "Attack Vector in this environment"},
    {"MAC", "Modified Attack Complexity", "modifiedAttackComplexity", env, false, k_mac,
     "Attack Complexity in this environment"},
    {"MPR", "Modified Privileges Required", "modifiedPrivilegesRequired", env, false, k_mpr,
     "Privileges Required in this environment"},
    {"MUI", "Modified User Interaction", "modifiedUserInteraction", env, false, k_mui,
     "User Interaction in this environment"},
    {"MS", "Modified Scope", "modifiedScope", env, false, k_ms, "Scope in this environment"},
    {"MC", "Modified Confidentiality", "modifiedConfidentialityImpact", env, false, k_mcia,
     "Confidentiality impact in this environment"},
    {"MI", "Modified Integrity", "modifiedIntegrityImpact", env, false, k_mcia, "Integrity impact in this environment"},
    {"MA", "Modified Availability", "modifiedAvailabilityImpact", env, false, k_mcia,
     "Availability impact in this environment"},
};
static_assert(std::size(k_table) == k_count);

constexpr double k_w_av[] = {0.85, 0.62, 0.55, 0.2};
constexpr double k_w_ac[] = {0.77, 0.44};
constexpr double k_w_pr_unchanged[] = {0.85, 0.62, 0.27};
constexpr double k_w_pr_changed[] = {0.85, 0.68, 0.5};
constexpr double k_w_ui[] = {0.85, 0.62};
constexpr double k_w_cia[] = {0.56, 0.22, 0.0};
constexpr double k_w_e[] = {1.0, 1.0, 0.97, 0.94, 0.91};
constexpr double k_w_rl[] = {1.0, 1.0, 0.97, 0.96, 0.95};
constexpr double k_w_rc[] = {1.0, 1.0, 0.96, 0.92};
constexpr double k_w_req[] = {1.0, 1.5, 1.0, 0.5};
constexpr std::size_t k_scope_changed = 1;

// v3.1 Appendix A: integer arithmetic so that 4.000000000000001 rounds up to 4.0, not 4.1.
// (JavaScript's Math.round, like std::round on these non-negative inputs.)
double roundup_v31(double input) {
  auto int_input = static_cast<long long>(std::round(input * 100000));
  if (int_input % 10000 == 0) {
    return static_cast<double>(int_input) / 100000.0;
  }
  return static_cast<double>(int_input / 10000 + 1) / 10.0;
}

// v3.0: "the smallest number, specified to one decimal place, that is equal to or higher than
// its input", as FIRST's v3.0 calculator computes it (Math.ceil(d * 10) / 10).
double roundup_v30(double input) {
  return std::ceil(input * 10) / 10;
}

// Index of a base metric's value, or of its modified metric's when that is defined (not X).
std::size_t effective(const Vector& v, std::size_t base, std::size_t modified) {
  return (v.has(modified) && v[modified] != 0) ? v[modified] - 1u : v[base];
}

template <std::size_t N>
double optional_weight(const Vector& v, std::size_t m, const double (&w)[N]) {
  return v.has(m) ? w[v[m]] : w[0];
}

struct Equations {
  bool v31;
  double roundup(double x) const { return v31 ? roundup_v31(x) : roundup_v30(x); }
};

}  // namespace

std::span<const MetricDef> metric_table_v3() {
  return k_table;
}

Scores score_v3(const Vector& v) {
  const Equations eq{v.version == Version::v3_1};
  Scores s;
  s.vector = v;
  bool changed = v[S] == k_scope_changed;
  double iss = 1 - ((1 - k_w_cia[v[C]]) * (1 - k_w_cia[v[I]]) * (1 - k_w_cia[v[A]]));
  s.impact = changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
  double pr = changed ? k_w_pr_changed[v[PR]] : k_w_pr_unchanged[v[PR]];
  s.exploitability = 8.22 * k_w_av[v[AV]] * k_w_ac[v[AC]] * pr * k_w_ui[v[UI]];
  if (s.impact <= 0) {
    s.base = 0;
  } else if (changed) {
    s.base = eq.roundup(std::min(1.08 * (s.impact + s.exploitability), 10.0));
  } else {
    s.base = eq.roundup(std::min(s.impact + s.exploitability, 10.0));
  }
  double e = optional_weight(v, E, k_w_e);
  double rl = optional_weight(v, RL, k_w_rl);
  double rc = optional_weight(v, RC, k_w_rc);
  s.temporal = eq.roundup(s.base * e * rl * rc);

  bool m_changed = effective(v, S, MS) == k_scope_changed;
  double cr = optional_weight(v, CR, k_w_req);
  double ir = optional_weight(v, IR, k_w_req);
  double ar = optional_weight(v, AR, k_w_req);
  double mc = k_w_cia[effective(v, C, MC)];
  double mi = k_w_cia[effective(v, I, MI)];
  double ma = k_w_cia[effective(v, A, MA)];
  double miss = std::min(1 - ((1 - mc * cr) * (1 - mi * ir) * (1 - ma * ar)), 0.915);
  double m_impact = 0;
  if (!m_changed) {
    m_impact = 6.42 * miss;
  } else if (eq.v31) {
    m_impact = 7.52 * (miss - 0.029) - 3.25 * std::pow(miss * 0.9731 - 0.02, 13);
  } else {
    m_impact = 7.52 * (miss - 0.029) - 3.25 * std::pow(miss - 0.02, 15);
  }
  std::size_t mpr_index = effective(v, PR, MPR);
  double mpr = m_changed ? k_w_pr_changed[mpr_index] : k_w_pr_unchanged[mpr_index];
  double m_exploitability =
      8.22 * k_w_av[effective(v, AV, MAV)] * k_w_ac[effective(v, AC, MAC)] * mpr * k_w_ui[effective(v, UI, MUI)];
  if (m_impact <= 0) {
    s.environmental = 0.0;
  } else if (m_changed) {
    s.environmental = eq.roundup(eq.roundup(std::min(1.08 * (m_impact + m_exploitability), 10.0)) * e * rl * rc);
  } else {
    s.environmental = eq.roundup(eq.roundup(std::min(m_impact + m_exploitability, 10.0)) * e * rl * rc);
  }
  s.modified_impact = m_impact;
  s.modified_exploitability = m_exploitability;
  return s;
}

}  // namespace embargo::core::cvss
