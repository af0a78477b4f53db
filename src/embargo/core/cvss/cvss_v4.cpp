// CVSS v4.0 (FIRST specification document, section 8): the metric table and the macrovector
// scoring method of FIRST's reference calculator (cvss40.js, CVSS40.calculateScore), step by step:
//
//  1. Effective values: a modified metric replaces its base metric unless X; E:X counts as A and
//     CR/IR/AR X as H. If VC, VI, VA, SC, SI and SA are all N the score is 0.0.
//  2. The macrovector EQ1..EQ6 and its score in FIRST's table (cvss_v4_tables.cpp).
//  3. For EQ1, EQ2, EQ3+EQ6, EQ4 and EQ5, the score of the next lower macrovector (skipped when
//     the table has none) gives the available distance value - lower.
//  4. The severity distance of the vector from the first highest-severity vector of its
//     macrovector that it does not exceed, summed per EQ, divided by the EQ level's depth
//     (MAX_SEVERITY * 0.1), times the available distance: the proportional distance (EQ5: 0).
//  5. score = value - mean of the proportional distances over the EQs with a lower macrovector,
//     clamped to 0..10 and rounded half up to one decimal after adding 1e-6 (the reference's
//     fix for scores that land one ULP below x.x5).
// The doubles are computed in the reference's order so that they round the same way.

#include <algorithm>
#include <cmath>

#include <embargo/core/cvss/cvss.hpp>
#include <embargo/core/cvss/cvss_v4_interpolation.hpp>

namespace embargo::core::cvss {

namespace {

enum M : std::size_t {
  AV,
  AC,
  AT,
  PR,
  UI,
  VC,
  VI,
  VA,
  SC,
  SI,
  SA,
  E,
  CR,
  IR,
  AR,
  MAV,
  MAC,
  MAT,
  MPR,
  MUI,
  MVC,
  MVI,
  MVA,
  MSC,
  MSI,
  MSA,
  S,
  AU,
  R,
  V,
  RE,
  U,
  k_count
};

constexpr MetricValue k_x = {"X", "NOT_DEFINED", "Not Defined"};
constexpr MetricValue k_av[] = {
    {"N", "NETWORK", "Network"}, {"A", "ADJACENT", "Adjacent"}, {"L", "LOCAL", "Local"}, {"P", "PHYSICAL", "Physical"}};
constexpr MetricValue k_ac[] = {{"L", "LOW", "Low"}, {"H", "HIGH", "High"}};
constexpr MetricValue k_at[] = {{"N", "NONE", "None"}, {"P", "PRESENT", "Present"}};
constexpr MetricValue k_pr[] = {{"N", "NONE", "None"}, {"L", "LOW", "Low"}, {"H", "HIGH", "High"}};
constexpr MetricValue k_ui[] = {{"N", "NONE", "None"}, {"P", "PASSIVE", "Passive"}, {"A", "ACTIVE", "Active"}};
constexpr MetricValue k_cia[] = {{"H", "HIGH", "High"}, {"L", "LOW", "Low"}, {"N", "NONE", "None"}};
constexpr MetricValue k_e[] = {
    k_x, {"A", "ATTACKED", "Attacked"}, {"P", "PROOF_OF_CONCEPT", "POC"}, {"U", "UNREPORTED", "Unreported"}};
constexpr MetricValue k_req[] = {k_x, {"H", "HIGH", "High"}, {"M", "MEDIUM", "Medium"}, {"L", "LOW", "Low"}};
constexpr MetricValue k_mav[] = {k_x, k_av[0], k_av[1], k_av[2], k_av[3]};
constexpr MetricValue k_mac[] = {k_x, k_ac[0], k_ac[1]};
constexpr MetricValue k_mat[] = {k_x, k_at[0], k_at[1]};
constexpr MetricValue k_mpr[] = {k_x, k_pr[0], k_pr[1], k_pr[2]};
constexpr MetricValue k_mui[] = {k_x, k_ui[0], k_ui[1], k_ui[2]};
constexpr MetricValue k_mcia[] = {k_x, k_cia[0], k_cia[1], k_cia[2]};
// The schema names "N" of the modified subsequent-system metrics NEGLIGIBLE.
constexpr MetricValue k_msc[] = {k_x, {"H", "HIGH", "High"}, {"L", "LOW", "Low"}, {"N", "NEGLIGIBLE", "Negligible"}};
constexpr MetricValue k_msia[] = {
    k_x, {"S", "SAFETY", "Safety"}, {"H", "HIGH", "High"}, {"L", "LOW", "Low"}, {"N", "NEGLIGIBLE", "Negligible"}};
constexpr MetricValue k_safety[] = {k_x, {"N", "NEGLIGIBLE", "Negligible"}, {"P", "PRESENT", "Present"}};
constexpr MetricValue k_au[] = {k_x, {"N", "NO", "No"}, {"Y", "YES", "Yes"}};
constexpr MetricValue k_r[] = {
    k_x, {"A", "AUTOMATIC", "Automatic"}, {"U", "USER", "User"}, {"I", "IRRECOVERABLE", "Irrecoverable"}};
constexpr MetricValue k_v[] = {k_x, {"D", "DIFFUSE", "Diffuse"}, {"C", "CONCENTRATED", "Concentrated"}};
constexpr MetricValue k_re[] = {k_x, {"L", "LOW", "Low"}, {"M", "MODERATE", "Moderate"}, {"H", "HIGH", "High"}};
constexpr MetricValue k_u[] = {
    k_x, {"Clear", "CLEAR", "Clear"}, {"Green", "GREEN", "Green"}, {"Amber", "AMBER", "Amber"}, {"Red", "RED", "Red"}};

constexpr Group b = Group::base;
constexpr Group t = Group::temporal;
constexpr Group env = Group::environmental;
constexpr Group sup = Group::supplemental;

constexpr MetricDef k_table[] = {
    {"AV", "Attack Vector", "attackVector", b, true, k_av, "how remote the attacker can be"},
    {"AC", "Attack Complexity", "attackComplexity", b, true, k_ac, "defences the attacker must get around"},
    {"AT", "Attack Requirements", "attackRequirements", b, true, k_at, "conditions of the deployment the attack needs"},
    {"PR", "Privileges Required", "privilegesRequired", b, true, k_pr, "privileges the attacker needs first"},
    {"UI", "User Interaction", "userInteraction", b, true, k_ui, "whether a user other than the attacker must act"},
    {"VC", "Vulnerable System Confidentiality", "vulnConfidentialityImpact", b, true, k_cia,
     "information disclosed on the vulnerable system"},
    {"VI", "Vulnerable System Integrity", "vulnIntegrityImpact", b, true, k_cia, "vulnerable system modified"},
    {"VA", "Vulnerable System Availability", "vulnAvailabilityImpact", b, true, k_cia, "vulnerable system denied"},
    {"SC", "Subsequent System Confidentiality", "subConfidentialityImpact", b, true, k_cia,
     "information disclosed on other systems"},
    {"SI", "Subsequent System Integrity", "subIntegrityImpact", b, true, k_cia, "other systems modified"},
    {"SA", "Subsequent System Availability", "subAvailabilityImpact", b, true, k_cia, "other systems denied"},
    {"E", "Exploit Maturity", "exploitMaturity", t, false, k_e, "likelihood of attack, from threat intelligence"},
    {"CR", "Confidentiality Requirement", "confidentialityRequirement", env, false, k_req,
     "importance of confidentiality here"},
    {"IR", "Integrity Requirement", "integrityRequirement", env, false, k_req, "importance of integrity here"},
    {"AR", "Availability Requirement", "availabilityRequirement", env, false, k_req, "importance of availability here"},
    {"MAV", "Modified Attack Vector", "modifiedAttackVector", env, false, k_mav, "Attack Vector here"},
    {"MAC", "Modified Attack Complexity", "modifiedAttackComplexity", env, false, k_mac, "Attack Complexity here"},
    {"MAT", "Modified Attack Requirements", "modifiedAttackRequirements", env, false, k_mat,
     "Attack Requirements here"},
    {"MPR", "Modified Privileges Required", "modifiedPrivilegesRequired", env, false, k_mpr,
     "Privileges Required here"},
    {"MUI", "Modified User Interaction", "modifiedUserInteraction", env, false, k_mui, "User Interaction here"},
    {"MVC", "Modified Vulnerable System Confidentiality", "modifiedVulnConfidentialityImpact", env, false, k_mcia,
     "VC here"},
    {"MVI", "Modified Vulnerable System Integrity", "modifiedVulnIntegrityImpact", env, false, k_mcia, "VI here"},
    {"MVA", "Modified Vulnerable System Availability", "modifiedVulnAvailabilityImpact", env, false, k_mcia, "VA here"},
    {"MSC", "Modified Subsequent System Confidentiality", "modifiedSubConfidentialityImpact", env, false, k_msc,
     "SC here"},
    {"MSI", "Modified Subsequent System Integrity", "modifiedSubIntegrityImpact", env, false, k_msia,
     "SI here (S: safety impact)"},
    {"MSA", "Modified Subsequent System Availability", "modifiedSubAvailabilityImpact", env, false, k_msia,
     "SA here (S: safety impact)"},
    {"S", "Safety", "Safety", sup, false, k_safety, "whether exploitation can injure people"},
    {"AU", "Automatable", "Automatable", sup, false, k_au, "whether the attack can be automated at scale"},
    {"R", "Recovery", "Recovery", sup, false, k_r, "how the system recovers after an attack"},
    {"V", "Value Density", "valueDensity", sup, false, k_v, "resources an attacker gains in one go"},
    {"RE", "Vulnerability Response Effort", "vulnerabilityResponseEffort", sup, false, k_re,
     "effort to respond to the vulnerability"},
    {"U", "Provider Urgency", "providerUrgency", sup, false, k_u, "urgency the provider assigns"},
};
static_assert(std::size(k_table) == k_count);

using v4::Effective;

char letter(const Vector& v, std::size_t m) {
  return k_table[m].values[v[m]].abbr[0];
}

char effective(const Vector& v, std::size_t base, std::size_t modified) {
  if (v.has(modified) && v[modified] != 0) {
    return letter(v, modified);
  }
  return letter(v, base);
}

char defaulted(const Vector& v, std::size_t m, char when_x) {
  return (v.has(m) && v[m] != 0) ? letter(v, m) : when_x;
}

Effective effective_values(const Vector& v) {
  return Effective{effective(v, AV, MAV), effective(v, PR, MPR), effective(v, UI, MUI), effective(v, AC, MAC),
                   effective(v, AT, MAT), effective(v, VC, MVC), effective(v, VI, MVI), effective(v, VA, MVA),
                   effective(v, SC, MSC), effective(v, SI, MSI), effective(v, SA, MSA), defaulted(v, CR, 'H'),
                   defaulted(v, IR, 'H'), defaulted(v, AR, 'H'), defaulted(v, E, 'A')};
}

std::array<std::uint8_t, 6> macrovector_of(const Effective& e) {
  using namespace v4;  // NOLINT(google-build-using-namespace): the e_* indexes
  struct {
    char av, pr, ui, ac, at, vc, vi, va, sc, si, sa, cr, ir, ar, e;
  } x{e[e_av], e[e_pr], e[e_ui], e[e_ac], e[e_at], e[e_vc], e[e_vi], e[e_va],
      e[e_sc], e[e_si], e[e_sa], e[e_cr], e[e_ir], e[e_ar], e[e_e]};
  std::array<std::uint8_t, 6> eq{};
  bool av_n = x.av == 'N';
  bool pr_n = x.pr == 'N';
  bool ui_n = x.ui == 'N';
  if (av_n && pr_n && ui_n) {
    eq[0] = 0;
  } else if ((av_n || pr_n || ui_n) && x.av != 'P') {
    eq[0] = 1;
  } else {
    eq[0] = 2;
  }
  eq[1] = (x.ac == 'L' && x.at == 'N') ? 0 : 1;
  if (x.vc == 'H' && x.vi == 'H') {
    eq[2] = 0;
  } else if (x.vc == 'H' || x.vi == 'H' || x.va == 'H') {
    eq[2] = 1;
  } else {
    eq[2] = 2;
  }
  if (x.si == 'S' || x.sa == 'S') {
    eq[3] = 0;
  } else if (x.sc == 'H' || x.si == 'H' || x.sa == 'H') {
    eq[3] = 1;
  } else {
    eq[3] = 2;
  }
  eq[4] = x.e == 'A' ? 0 : (x.e == 'P' ? 1 : 2);
  bool eq6_zero = (x.cr == 'H' && x.vc == 'H') || (x.ir == 'H' && x.vi == 'H') || (x.ar == 'H' && x.va == 'H');
  eq[5] = eq6_zero ? 0 : 1;
  return eq;
}

}  // namespace

std::span<const MetricDef> metric_table_v4() {
  return k_table;
}

Scores score_v4(const Vector& v) {
  Scores s;
  s.vector = v;
  Effective x = effective_values(v);
  s.macrovector = macrovector_of(x);
  bool threat = v.has(E) && v[E] != 0;
  bool environmental = false;
  for (std::size_t m = CR; m <= MSA; ++m) {
    environmental = environmental || (v.has(m) && v[m] != 0);
  }
  s.nomenclature = threat ? (environmental ? "CVSS-BTE" : "CVSS-BT") : (environmental ? "CVSS-BE" : "CVSS-B");
  v4::Interpolation result = v4::interpolate(s.macrovector, x);
  s.base = result.score;
  s.macrovector_score = result.macrovector_score;
  s.mean_distance = result.mean_distance;
  return s;
}

}  // namespace embargo::core::cvss
