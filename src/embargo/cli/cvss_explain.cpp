#include <fmt/format.h>

#include <embargo/cli/cvss_explain.hpp>

namespace embargo::cli {

namespace {

namespace cvss = core::cvss;

constexpr std::array<cvss::Group, 4> k_groups = {cvss::Group::base, cvss::Group::temporal, cvss::Group::environmental,
                                                 cvss::Group::supplemental};

void metrics_text(std::string& out, const cvss::Vector& v) {
  auto table = cvss::metric_table(v.version);
  for (cvss::Group group : k_groups) {
    bool header = false;
    for (std::size_t m = 0; m < table.size(); ++m) {
      if (table[m].group != group || !v.has(m)) {
        continue;
      }
      if (!header) {
        std::string name(cvss::group_name(v.version, group));
        name[0] = static_cast<char>(name[0] - 'a' + 'A');
        out += fmt::format("\n{} metrics\n", name);
        header = true;
      }
      const cvss::MetricValue& value = table[m].values[v[m]];
      out += fmt::format("  {:<4} {:<42} {:<5} {:<17} {}\n", table[m].abbr, table[m].name, value.abbr, value.name,
                         table[m].meaning);
    }
  }
}

std::string rated(const cvss::Scores& s, double score) {
  if (s.vector.version == cvss::Version::v2_0) {
    return fmt::format("{:.1f}", score);
  }
  return fmt::format("{:.1f} {}", score, cvss::severity_name(cvss::severity_of(score)));
}

void scores_text(std::string& out, const cvss::Scores& s) {
  out += "\nScores\n";
  out += fmt::format("  {:<14} {:<14} impact {:.1f}, exploitability {:.1f}\n", "base", rated(s, s.base), s.impact,
                     s.exploitability);
  out += fmt::format("  {:<14} {}\n", "temporal", s.temporal ? rated(s, *s.temporal) : "- (no temporal metric)");
  if (!s.environmental) {
    out += fmt::format("  {:<14} {}\n", "environmental", "- (no environmental metric)");
    return;
  }
  const char* impact = s.vector.version == cvss::Version::v2_0 ? "adjusted impact" : "modified impact";
  out += fmt::format("  {:<14} {:<14} {} {:.1f}, exploitability {:.1f}\n", "environmental", rated(s, *s.environmental),
                     impact, s.modified_impact.value_or(0.0), s.modified_exploitability.value_or(0.0));
}

void v4_text(std::string& out, const cvss::Scores& s) {
  constexpr std::array<std::string_view, 6> eq_names = {"exploitability (AV, PR, UI)",
                                                        "complexity (AC, AT)",
                                                        "vulnerable system impact (VC, VI, VA)",
                                                        "subsequent system impact (SC, SI, SA)",
                                                        "exploitation (E)",
                                                        "security requirements (CR, IR, AR with VC, VI, VA)"};
  constexpr std::array<std::string_view, 3> levels = {"high", "medium", "low"};
  out += fmt::format("\nScore\n  {} {}\n", rated(s, s.base), s.nomenclature);
  out += fmt::format("\nMacrovector {}\n", cvss::macrovector_text(s).data());
  for (std::size_t i = 0; i < eq_names.size(); ++i) {
    std::uint8_t level = s.macrovector[i];
    out += fmt::format("  EQ{} {}  {:<6} {}\n", i + 1, level, levels[level], eq_names[i]);
  }
  out += fmt::format("  table score {:.1f}, minus mean severity distance {:.4f}, gives {:.1f}\n", s.macrovector_score,
                     s.mean_distance, s.base);
}

}  // namespace

std::string explain_text(const cvss::Scores& s, std::string_view vector_string) {
  std::string out = fmt::format("{}\nCVSS {}\n", vector_string, cvss::version_text(s.vector.version));
  metrics_text(out, s.vector);
  if (s.vector.version == cvss::Version::v4_0) {
    v4_text(out, s);
  } else {
    scores_text(out, s);
  }
  return out;
}

}  // namespace embargo::cli
