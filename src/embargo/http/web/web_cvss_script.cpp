#include <embargo/http/web/web_cvss_script.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include <embargo/core/cvss/cvss.hpp>
#include <embargo/core/cvss/cvss_v4_tables.hpp>

namespace embargo::http {

extern const std::string_view k_cvss_calc_js;  // web_cvss_calc_js.cpp, generated

namespace {

using json = nlohmann::json;
namespace cvss = core::cvss;

json metrics_json(cvss::Version version) {
  json out = json::array();
  for (const auto& m : cvss::metric_table(version)) {
    json values = json::array();
    json names = json::array();
    for (const auto& v : m.values) {
      values.push_back(v.abbr);
      names.push_back(v.name);
    }
    std::string group =
        m.group == cvss::Group::supplemental ? "supplemental" : std::string(cvss::group_name(version, m.group));
    out.push_back({{"abbr", m.abbr},
                   {"name", m.name},
                   {"group", group},
                   {"mandatory", m.mandatory},
                   {"values", values},
                   {"names", names},
                   {"meaning", m.meaning}});
  }
  return out;
}

json span_json(const cvss::v4::MaxSpan& span) {
  json out = json::array();
  for (int i = 0; i < span.count; ++i) {
    out.push_back(span.first[i].level);
  }
  return out;
}

json v4_json() {
  namespace v4 = cvss::v4;
  json lookup = json::array();
  for (const auto& a : v4::k_lookup) {
    json ja = json::array();
    for (const auto& b : a) {
      json jb = json::array();
      for (const auto& c : b) {
        json jc = json::array();
        for (const auto& d : c) {
          json jd = json::array();
          for (const auto& e : d) {
            jd.push_back(json::array({e[0], e[1]}));
          }
          jc.push_back(jd);
        }
        jb.push_back(jc);
      }
      ja.push_back(jb);
    }
    lookup.push_back(ja);
  }
  json levels = json::object();
  for (int i = 0; i < v4::k_metric_level_count; ++i) {
    const auto& l = v4::k_metric_levels[i];
    levels[std::string(l.metric)][std::string(l.value)] = l.level;
  }
  json eq3eq6 = json::array();
  json max3 = json::array();
  for (int e3 = 0; e3 < 3; ++e3) {
    eq3eq6.push_back({span_json(v4::k_max_span_eq3eq6[e3][0]), span_json(v4::k_max_span_eq3eq6[e3][1])});
    max3.push_back({v4::k_max_severity_eq3eq6[e3][0], v4::k_max_severity_eq3eq6[e3][1]});
  }
  json eq1 = json::array(), eq2 = json::array(), eq4 = json::array(), eq5 = json::array();
  for (int i = 0; i < 3; ++i) {
    eq1.push_back(span_json(v4::k_max_span_eq1[i]));
    eq4.push_back(span_json(v4::k_max_span_eq4[i]));
    eq5.push_back(span_json(v4::k_max_span_eq5[i]));
  }
  for (int i = 0; i < 2; ++i) {
    eq2.push_back(span_json(v4::k_max_span_eq2[i]));
  }
  return {{"lookup", lookup},
          {"levels", levels},
          {"eq1", eq1},
          {"eq2", eq2},
          {"eq3eq6", eq3eq6},
          {"eq4", eq4},
          {"eq5", eq5},
          {"maxEq1", v4::k_max_severity_eq1},
          {"maxEq2", v4::k_max_severity_eq2},
          {"maxEq3eq6", max3},
          {"maxEq4", v4::k_max_severity_eq4}};
}

std::string build() {
  json data = {{"metrics", {{"3", metrics_json(cvss::Version::v3_1)}, {"4.0", metrics_json(cvss::Version::v4_0)}}},
               {"v4", v4_json()}};
  // -1 marks a macrovector without a score, as the C++ table's k_no_macrovector.
  return "(typeof globalThis !== 'undefined' ? globalThis : this).EMBARGO_CVSS_DATA = " + data.dump() + ";\n" +
         std::string(k_cvss_calc_js);
}

}  // namespace

std::string_view cvss_script() {
  static const std::string script = build();
  return script;
}

}  // namespace embargo::http
