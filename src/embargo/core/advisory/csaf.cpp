#include <embargo/core/advisory/csaf.hpp>

#include <algorithm>
#include <chrono>
#include <map>

#include <fmt/format.h>

#include <embargo/core/credit.hpp>
#include <embargo/core/version.hpp>
#include <embargo/util/sha256.hpp>

namespace embargo::core::advisory {

namespace {

using Json = nlohmann::json;

std::string csaf_time(util::Timestamp t) { return util::format_timestamp(t).substr(0, 19) + ".000Z"; }

// "https://www.exim.org/static/..." -> "https://www.exim.org"
std::string origin_of(const std::string& url) {
  auto scheme = url.find("://");
  auto slash = scheme == std::string::npos ? std::string::npos : url.find('/', scheme + 3);
  return slash == std::string::npos ? url : url.substr(0, slash);
}

// vers:generic/>=4.92|<4.99.1 from the canonical range text.
std::string vers_of(std::string range) {
  std::replace(range.begin(), range.end(), ',', '|');
  return "vers:generic/" + range;
}

// Product ids are stable per distinct range or version text within one document.
class ProductTree {
 public:
  explicit ProductTree(std::string product) : m_product(std::move(product)) {}

  std::string range(const std::string& affected) { return add("product_version_range", vers_of(affected), affected); }
  std::string version(const std::string& v) { return add("product_version", v, v); }

  Json to_json(const std::string& vendor) const {
    return {{"branches", Json::array({{{"category", "vendor"},
                                        {"name", vendor},
                                        {"branches", Json::array({{{"category", "product_name"},
                                                                   {"name", m_product},
                                                                   {"branches", m_branches}}})}}})}};
  }

 private:
  std::string add(const char* category, const std::string& name, const std::string& label) {
    auto it = m_ids.find(name);
    if (it != m_ids.end()) {
      return it->second;
    }
    std::string id = fmt::format("CSAFPID-{:04}", m_ids.size() + 1);
    m_ids.emplace(name, id);
    m_branches.push_back({{"category", category},
                          {"name", name},
                          {"product", {{"name", fmt::format("{} {}", m_product, label)}, {"product_id", id}}}});
    return id;
  }

  std::string m_product;
  std::map<std::string, std::string> m_ids;
  Json m_branches = Json::array();
};

// The fixed versions named by a "fixed" range: its lower bound(s) or exact versions.
std::vector<std::string> fixed_versions(const std::string& fixed) {
  std::vector<std::string> out;
  auto range = parse_version_range(fixed, "fixed");
  for (const Constraint& c : range ? range->constraints : std::vector<Constraint>{}) {
    if (c.op == RangeOp::ge || c.op == RangeOp::eq) {
      out.push_back(c.version.to_string());
    }
  }
  return out;
}

Json vulnerability_item(const CsafInput& in, const Vulnerability& v, ProductTree& tree) {
  std::string affected = tree.range(v.affected);
  Json item = {{"title", v.title},
               {"notes", Json::array({{{"category", "description"},
                                       {"title", "Vulnerability description"},
                                       {"text", v.description.empty() ? v.title : v.description}}})},
               {"product_status", {{"known_affected", Json::array({affected})}}}};
  if (auto name = cwe_name(in.cwes, v.cwe)) {
    item["cwe"] = {{"id", v.cwe}, {"name", *name}};
  }
  // The CVE in "cve", every other identifier in "ids" (system_name: its
  // prefix, "GCVE" for GCVE-1-2026-0001).
  if (std::string cve = cve_identifier(v); !cve.empty()) {
    item["cve"] = cve;
  }
  for (const std::string& id : non_cve_identifiers(v)) {
    item["ids"].push_back({{"system_name", id.substr(0, id.find('-'))}, {"text", id}});
  }
  Json fixed_ids = Json::array();
  for (const std::string& version : fixed_versions(v.fixed)) {
    fixed_ids.push_back(tree.version(version));
  }
  if (!fixed_ids.empty()) {
    item["product_status"]["fixed"] = fixed_ids;
  }
  std::string upgrade = fixed_versions(v.fixed).empty() ? "Upgrade to a fixed release."
                                                         : "Upgrade to " + fixed_versions(v.fixed).front() + ".";
  item["remediations"] = Json::array({{{"category", "vendor_fix"},
                                       {"details", upgrade},
                                       {"product_ids", Json::array({affected})},
                                       {"url", advisory_url(in.config, in.c.id, page_identifier(in.vulns))}}});
  if (!v.mitigation.empty()) {
    item["remediations"].push_back(
        {{"category", "mitigation"}, {"details", v.mitigation}, {"product_ids", Json::array({affected})}});
  }
  for (const std::string& vector : v.cvss) {
    auto scored = in.cvss ? in.cvss(vector) : std::nullopt;
    if (scored && (scored->first == "cvssV3_1" || scored->first == "cvssV3_0" || scored->first == "cvssV2_0")) {
      std::string key = scored->first == "cvssV2_0" ? "cvss_v2" : "cvss_v3";
      item["scores"].push_back({{key, scored->second}, {"products", Json::array({affected})}});
    }
  }
  if (std::string credit = published_credit(in.c.reporter); !credit.empty()) {
    item["acknowledgments"] = Json::array({{{"names", Json::array({credit})}}});
  }
  return item;
}

Json generator(util::Timestamp at) {
  return {{"engine", {{"name", "embargo"}, {"version", "0.1.0"}}}, {"date", csaf_time(at)}};
}

Json tracking(const CsafInput& in) {
  if (!in.revisions.empty()) {
    Json history = Json::array();
    for (const CsafRevision& r : in.revisions) {
      history.push_back({{"date", csaf_time(r.date)}, {"number", std::to_string(r.number)}, {"summary", r.summary}});
    }
    return {{"id", in.c.id},
            {"status", "final"},
            {"version", std::to_string(in.revisions.back().number)},
            {"initial_release_date", csaf_time(in.revisions.front().date)},
            {"current_release_date", csaf_time(in.revisions.back().date)},
            {"revision_history", history},
            {"generator", generator(in.now)}};
  }
  bool released = in.c.state == CaseState::public_ || in.c.state == CaseState::closed;
  std::string version = released ? "1" : "0";
  util::Timestamp first = in.c.release_at.value_or(in.now);
  return {{"id", in.c.id},
          {"status", released ? "final" : "draft"},
          {"version", version},
          {"initial_release_date", csaf_time(first)},
          {"current_release_date", csaf_time(first)},
          {"revision_history",
           Json::array({{{"date", csaf_time(first)}, {"number", version}, {"summary", "Initial release"}}})},
          {"generator", generator(in.now)}};
}

}  // namespace

Result<nlohmann::json> csaf_advisory(const CsafInput& in) {
  if (in.config.advisory_url.empty()) {
    return make_error(ErrorCode::invalid_argument,
                      "advisory.advisory_url is not configured; CSAF needs the publisher's namespace and a reference");
  }
  if (in.vulns.empty()) {
    return make_error(ErrorCode::invalid_argument, fmt::format("{} has no vulnerability recorded", in.c.id));
  }
  ProductTree tree(in.config.product);
  Json vulnerabilities = Json::array();
  for (const Vulnerability& v : in.vulns) {
    TRY(check_affected_known(in.c, v));
    vulnerabilities.push_back(vulnerability_item(in, v, tree));
  }
  Json document = {
      {"category", "csaf_security_advisory"},
      {"csaf_version", "2.0"},
      {"lang", "en"},
      {"title", fmt::format("{}: {}", in.config.product, in.c.title)},
      {"publisher", {{"category", "vendor"}, {"name", in.config.vendor}, {"namespace", origin_of(in.config.advisory_url)}}},
      {"notes", Json::array({{{"category", "summary"}, {"title", "Summary"}, {"text", in.c.title}}})},
      {"references", Json::array({{{"category", "external"},
                                   {"summary", "Advisory"},
                                   {"url", advisory_url(in.config, in.c.id, page_identifier(in.vulns))}}})},
      {"tracking", tracking(in)},
  };
  return Json{{"document", document},
              {"product_tree", tree.to_json(in.config.vendor)},
              {"vulnerabilities", vulnerabilities}};
}

// ---- revisions ----------------------------------------------------------

namespace {

// CSAF dates have whole seconds: a revision is dated so, so that what is
// recorded is what the document says.
util::Timestamp whole_seconds(util::Timestamp t) {
  return std::chrono::floor<std::chrono::seconds>(t);
}

std::optional<CsafRevision> revision_of_entry(const TimelineEntry& t) {
  auto data = nlohmann::json::parse(t.data, nullptr, false);
  if (!data.is_object() || !data.contains("number") || !data["number"].is_number_integer() ||
      !data.contains("date") || !data["date"].is_string() || !data.contains("summary") ||
      !data["summary"].is_string() || !data.contains("digest") || !data["digest"].is_string()) {
    return std::nullopt;
  }
  auto date = util::parse_timestamp(data["date"].get<std::string>());
  if (!date) {
    return std::nullopt;
  }
  return CsafRevision{data["number"].get<int>(), *date, data["summary"].get<std::string>(),
                      data["digest"].get<std::string>()};
}

}  // namespace

std::vector<CsafRevision> csaf_revisions(const std::vector<TimelineEntry>& timeline) {
  std::vector<CsafRevision> out;
  for (const TimelineEntry& t : timeline) {
    if (t.kind == entry_kind::k_csaf_revision) {
      if (auto r = revision_of_entry(t)) {
        out.push_back(std::move(*r));
      }
    }
  }
  return out;
}

std::string csaf_content_digest(const nlohmann::json& doc) {
  nlohmann::json content = doc;
  if (content.contains("document") && content["document"].is_object()) {
    content["document"].erase("tracking");
  }
  return util::sha256_hex(content.dump());
}

Result<std::optional<CsafRevision>> next_csaf_revision(const std::vector<CsafRevision>& have,
                                                       const std::string& digest, util::Timestamp first,
                                                       util::Timestamp now, std::string_view summary,
                                                       std::string_view case_id) {
  if (have.empty()) {
    return CsafRevision{1, whole_seconds(first), summary.empty() ? "Initial release" : std::string(summary), digest};
  }
  const CsafRevision& last = have.back();
  if (last.digest == digest) {
    if (!summary.empty()) {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("--summary: the CSAF advisory of {} has not changed since revision {} ({}); "
                                    "there is nothing to revise",
                                    case_id, last.number, util::format_timestamp_human(last.date)));
    }
    return std::optional<CsafRevision>();
  }
  if (summary.empty()) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("the CSAF advisory of {} changed since revision {} (published {}): give --summary "
                                  "\"what changed\" to publish revision {}",
                                  case_id, last.number, util::format_timestamp_human(last.date), last.number + 1));
  }
  util::Timestamp date = std::max(whole_seconds(now), whole_seconds(last.date) + std::chrono::seconds(1));
  return CsafRevision{last.number + 1, date, std::string(summary), digest};
}

Result<CsafCaseData> load_csaf_case(StoreTx& tx, std::string_view case_id) {
  CsafCaseData out;
  TRY_ASSIGN(out.c, tx.get_case(case_id));
  TRY_ASSIGN(out.c, with_published_credit(tx, out.c));  // only an accepted credit
  TRY_ASSIGN(out.vulns, tx.list_vulnerabilities(case_id));
  TRY_ASSIGN(auto timeline, load_timeline(tx, case_id));
  out.revisions = csaf_revisions(timeline);
  return out;
}

Result<CsafExport> revised_csaf_advisory(const CsafCaseData& data, const CsafRequest& req) {
  CsafInput in{data.c, data.vulns, req.config, req.cvss, req.now, req.cwes};
  if (!req.released) {
    if (!req.summary.empty()) {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("--summary: {} is not public yet; its CSAF advisory is a draft without revisions",
                                    data.c.id));
    }
    TRY_ASSIGN(nlohmann::json draft, csaf_advisory(in));
    return CsafExport{std::move(draft), std::nullopt};
  }
  TRY_ASSIGN(nlohmann::json content, csaf_advisory(in));
  util::Timestamp first = data.c.release_at && *data.c.release_at <= req.now ? *data.c.release_at : req.now;
  TRY_ASSIGN(auto next, next_csaf_revision(data.revisions, csaf_content_digest(content), first, req.now, req.summary,
                                           data.c.id));
  in.revisions = data.revisions;
  if (next) {
    in.revisions.push_back(*next);
  }
  if (req.stable_generator_date) {
    in.now = in.revisions.back().date;
  }
  TRY_ASSIGN(nlohmann::json doc, csaf_advisory(in));
  return CsafExport{std::move(doc), next};
}

Result<void> record_csaf_revision(const CaseService& cases, StoreTx& tx, std::string_view case_id,
                                  const CsafRevision& r, std::string_view actor) {
  TRY_ASSIGN(Case c, tx.get_case(case_id));
  nlohmann::json data = {{"number", r.number},
                         {"date", util::format_timestamp(r.date)},
                         {"summary", r.summary},
                         {"digest", r.digest}};
  return cases.record(tx, c, entry_kind::k_csaf_revision, fmt::format("CSAF revision {}: {}", r.number, r.summary),
                      actor, data.dump());
}

std::string csaf_file_stem(std::string_view tracking_id) {
  std::string out;
  bool replaced = false;
  for (char ch : tracking_id) {
    char lower = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
    bool kept = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') || lower == '+' || lower == '-';
    if (kept) {
      out += lower;
      replaced = false;
    } else if (!replaced) {
      out += '_';
      replaced = true;
    }
  }
  return out;
}

}  // namespace embargo::core::advisory
