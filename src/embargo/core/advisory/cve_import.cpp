#include <optional>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include <embargo/core/advisory/cve_import.hpp>
#include <embargo/core/advisory/cve_record.hpp>
#include <embargo/core/version.hpp>

namespace embargo::core::advisory {

namespace {

using Json = nlohmann::json;

// The array `key` of `object`, or an empty one: a reference, where
// Json::value() would copy the whole subtree (issue 9).
const Json& array_of(const Json& object, const char* key) {
  static const Json k_empty = Json::array();
  auto it = object.find(key);
  return it != object.end() && it->is_array() ? *it : k_empty;
}

std::string english_description(const Json& cna) {
  for (const Json& d : array_of(cna, "descriptions")) {
    if (d.value("lang", "").starts_with("en")) {
      return d.value("value", "");
    }
  }
  return cna.contains("descriptions") && !cna["descriptions"].empty() ? cna["descriptions"][0].value("value", "") : "";
}

// One line of at most 120 characters: the title, else the description's first sentence.
std::string title_of(const Json& cna, const std::string& description) {
  std::string title = cna.value("title", "");
  if (title.empty()) {
    title = description.substr(0, description.find(". "));
  }
  for (char& c : title) {
    c = (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  }
  return title.size() > 120 ? title.substr(0, 117) + "..." : (title.empty() ? "(imported CVE record)" : title);
}

// The first affected version entry we can write as a range; "" if none.
std::string affected_range(const Json& cna) {
  for (const Json& product : array_of(cna, "affected")) {
    for (const Json& v : array_of(product, "versions")) {
      if (v.value("status", "") != "affected") {
        continue;
      }
      std::string lower = v.value("version", "");
      std::string range = (lower.empty() || lower == "0") ? "" : ">=" + lower;
      if (v.contains("lessThan") && v["lessThan"] != "*") {
        range += (range.empty() ? "<" : ",<") + v["lessThan"].get<std::string>();
      } else if (v.contains("lessThanOrEqual") && v["lessThanOrEqual"] != "*") {
        range += (range.empty() ? "<=" : ",<=") + v["lessThanOrEqual"].get<std::string>();
      } else if (!v.contains("lessThan") && !v.contains("lessThanOrEqual")) {
        range = "=" + lower;
      }
      if (parse_version_range(range, "affected")) {
        return range;
      }
    }
  }
  return "";
}

std::string cwe_of(const Json& cna) {
  for (const Json& type : array_of(cna, "problemTypes")) {
    for (const Json& d : array_of(type, "descriptions")) {
      if (d.contains("cweId")) {
        return d["cweId"];
      }
    }
  }
  return "";
}

std::vector<std::string> vectors_of(const Json& cna) {
  std::vector<std::string> out;
  for (const Json& metric : array_of(cna, "metrics")) {
    for (const char* key : {"cvssV4_0", "cvssV3_1", "cvssV3_0", "cvssV2_0"}) {
      if (metric.contains(key) && metric[key].contains("vectorString")) {
        out.push_back(metric[key]["vectorString"]);
      }
    }
  }
  return out;
}

Reporter reporter_of(const Json& cna) {
  Reporter r;
  for (const Json& credit : array_of(cna, "credits")) {
    if (credit.value("type", "finder") == "finder" || r.name.empty()) {
      r.name = credit.value("value", "");
      r.credit = r.name;
    }
  }
  if (r.name.empty()) {
    r.name = "(not named in the CVE record)";
  }
  return r;
}

// What the ADP containers' "other" metrics say of exploitation: KEV first,
// then SSVC's Exploitation decision point.
std::pair<Exploitation, std::string> exploitation_of(const Json& containers) {
  std::pair<Exploitation, std::string> out{Exploitation::none, ""};
  for (const Json& adp : array_of(containers, "adp")) {
    for (const Json& metric : array_of(adp, "metrics")) {
      const Json* other = metric.is_object() && metric.contains("other") ? &metric["other"] : nullptr;
      if (other == nullptr || !other->is_object() || !other->contains("content")) {
        continue;
      }
      const Json& content = (*other)["content"];
      std::string type = other->value("type", "");
      if (type == "kev") {
        std::string added = content.is_object() ? content.value("dateAdded", "") : "";
        return {Exploitation::active, added.empty() ? "CISA KEV" : "CISA KEV, added " + added.substr(0, 10)};
      }
      if (type != "ssvc" || !content.is_object()) {
        continue;
      }
      for (const Json& option : array_of(content, "options")) {
        std::string value = option.is_object() ? option.value("Exploitation", "") : "";
        if (value == "active" || (value == "poc" && out.first == Exploitation::none)) {
          out = {value == "active" ? Exploitation::active : Exploitation::poc_public, "SSVC Exploitation: " + value};
        }
      }
    }
  }
  return out;
}

}  // namespace

Result<ImportedCve> map_cve_record(const Json& record) {
  if (!record.contains("cveMetadata") || !record["cveMetadata"].contains("cveId")) {
    return make_error(ErrorCode::invalid_argument, "CVE record: /cveMetadata/cveId is missing");
  }
  if (!record.contains("containers") || !record["containers"].contains("cna")) {
    return make_error(ErrorCode::invalid_argument, "CVE record: /containers/cna is missing");
  }
  const Json& cna = record["containers"]["cna"];
  ImportedCve out;
  std::string description = english_description(cna);
  std::string state = record["cveMetadata"].value("state", "");
  out.state = state == "PUBLISHED"  ? CaseState::public_
              : state == "REJECTED" ? CaseState::rejected
                                    : CaseState::reported;
  out.case_input.title = title_of(cna, description);
  out.case_input.reporter = reporter_of(cna);
  out.vuln.title = out.case_input.title;
  out.vuln.description = description;
  out.vuln.identifier = record["cveMetadata"]["cveId"];
  out.vuln.cwe = cwe_of(cna);
  out.vuln.affected = affected_range(cna);
  if (cna.contains("workarounds") && !cna["workarounds"].empty()) {
    out.vuln.mitigation = cna["workarounds"][0].value("value", "");
  }
  out.cvss = vectors_of(cna);
  std::tie(out.case_input.exploitation, out.exploitation_evidence) = exploitation_of(record["containers"]);
  if (cna.contains("datePublic")) {
    if (auto t = util::parse_timestamp(cna["datePublic"].get<std::string>())) {
      out.date_public = *t;
    }
  }
  return out;
}

Json managed_fields(const Vulnerability& v) {
  return {{"title", v.title},       {"description", v.description}, {"cwe", v.cwe},
          {"affected", v.affected}, {"mitigation", v.mitigation},   {"cvss", v.cvss}};
}

Json overlay_cve_record(Json record, const Json& snapshot, const AdvisoryInput& in) {
  Json now = managed_fields(in.v);
  // The generated container is needed only for fields the team changed; an
  // unchanged import (the common case) skips building it.
  std::optional<Json> generated_once;
  auto generated = [&]() -> const Json& {
    if (!generated_once) {
      generated_once = cna_container(in);
    }
    return *generated_once;
  };
  record["dataVersion"] = k_cve_data_version;  // 5.0 and 5.1 records pass 5.2 as they are
  Json& cna = record["containers"]["cna"];
  auto changed = [&](const char* field) { return !snapshot.contains(field) || snapshot[field] != now[field]; };
  if (changed("title")) {
    cna["title"] = in.v.title;
  }
  if (changed("description")) {
    cna["descriptions"] = generated()["descriptions"];
  }
  if (changed("cwe")) {
    if (generated().contains("problemTypes")) {
      cna["problemTypes"] = generated()["problemTypes"];
    } else {
      cna.erase("problemTypes");
    }
  }
  if (changed("affected")) {
    cna["affected"] = generated()["affected"];
  }
  if (changed("mitigation")) {
    if (generated().contains("workarounds")) {
      cna["workarounds"] = generated()["workarounds"];
    } else {
      cna.erase("workarounds");
    }
  }
  if (changed("cvss") && generated().contains("metrics")) {
    cna["metrics"] = generated()["metrics"];
  }
  return record;
}

}  // namespace embargo::core::advisory
