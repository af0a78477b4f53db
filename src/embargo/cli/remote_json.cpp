// remote::case_from_json and friends: what the API sends back, read into the
// domain types so that the remote commands print exactly as the local ones.

#include <fmt/format.h>

#include <embargo/cli/remote.hpp>

namespace embargo::cli::remote {

namespace {

using json = nlohmann::json;

// A string member; "" for null or missing when `optional`.
Result<std::string> text(const json& j, const char* name, bool optional = false) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) {
    if (optional) {
      return std::string();
    }
    return make_error(ErrorCode::invalid_argument, fmt::format("server answer: {}: missing", name));
  }
  if (!it->is_string()) {
    return make_error(ErrorCode::invalid_argument, fmt::format("server answer: {}: not a string", name));
  }
  return it->get<std::string>();
}

Result<std::int64_t> integer(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end() || !it->is_number_integer()) {
    return make_error(ErrorCode::invalid_argument, fmt::format("server answer: {}: not an integer", name));
  }
  return it->get<std::int64_t>();
}

Result<util::Timestamp> timestamp(const json& j, const char* name) {
  TRY_ASSIGN(std::string t, text(j, name));
  auto parsed = util::parse_timestamp(t);
  if (!parsed) {
    return make_error(ErrorCode::invalid_argument, fmt::format("server answer: {}: {}", name, parsed.error().message()));
  }
  return *parsed;
}

template <class T, class F>
Result<T> parsed(Result<std::string> in, const char* name, F parse) {
  TRY_ASSIGN(std::string t, std::move(in));
  auto out = parse(t);
  if (!out) {
    return make_error(ErrorCode::invalid_argument, fmt::format("server answer: {}: {}", name, out.error().message()));
  }
  return *out;
}

Result<core::Reporter> reporter_from_json(const json& j) {
  if (!j.is_object()) {
    return make_error(ErrorCode::invalid_argument, "server answer: reporter: not an object");
  }
  core::Reporter r;
  TRY_ASSIGN(r.name, text(j, "name", true));
  TRY_ASSIGN(r.email, text(j, "email", true));
  TRY_ASSIGN(r.credit, text(j, "credit", true));
  TRY_ASSIGN(r.own_cve, text(j, "own_cve", true));
  TRY_ASSIGN(r.key_fingerprint, text(j, "key", true));
  r.anonymous = j.contains("anonymous") && j["anonymous"].is_boolean() && j["anonymous"].get<bool>();
  TRY_ASSIGN(std::string deadline, text(j, "deadline", true));
  if (!deadline.empty()) {
    TRY_ASSIGN(r.deadline, parsed<util::Date>(deadline, "reporter.deadline", util::parse_date));
  }
  return r;
}

}  // namespace

Result<core::Case> case_from_json(const json& j) {
  if (!j.is_object()) {
    return make_error(ErrorCode::invalid_argument, "server answer: a case: not an object");
  }
  core::Case c;
  TRY_ASSIGN(c.id, text(j, "id"));
  TRY_ASSIGN(c.title, text(j, "title"));
  TRY_ASSIGN(c.state, parsed<core::CaseState>(text(j, "state"), "state", core::parse_case_state));
  TRY_ASSIGN(c.impact, parsed<core::ImpactClass>(text(j, "impact"), "impact", core::parse_impact));
  TRY_ASSIGN(c.exploitation,
             parsed<core::Exploitation>(text(j, "exploitation"), "exploitation", core::parse_exploitation));
  TRY_ASSIGN(c.reporter, reporter_from_json(j.contains("reporter") ? j["reporter"] : json()));
  TRY_ASSIGN(c.created_at, timestamp(j, "created_at"));
  TRY_ASSIGN(c.updated_at, timestamp(j, "updated_at"));
  if (j.contains("release_at") && !j["release_at"].is_null()) {
    TRY_ASSIGN(c.release_at, timestamp(j, "release_at"));
  }
  TRY_ASSIGN(c.timeline_count, integer(j, "timeline_count"));
  TRY_ASSIGN(c.timeline_head, text(j, "timeline_head", true));
  return c;
}

Result<core::Vulnerability> vulnerability_from_json(const json& j) {
  if (!j.is_object()) {
    return make_error(ErrorCode::invalid_argument, "server answer: a vulnerability: not an object");
  }
  core::Vulnerability v;
  TRY_ASSIGN(v.case_id, text(j, "case_id"));
  TRY_ASSIGN(auto ordinal, integer(j, "ordinal"));
  v.ordinal = static_cast<int>(ordinal);
  TRY_ASSIGN(v.title, text(j, "title"));
  TRY_ASSIGN(v.description, text(j, "description", true));
  TRY_ASSIGN(v.identifier, text(j, "identifier", true));
  TRY_ASSIGN(v.cwe, text(j, "cwe", true));
  TRY_ASSIGN(v.affected, text(j, "affected", true));
  TRY_ASSIGN(v.fixed, text(j, "fixed", true));
  TRY_ASSIGN(v.mitigation, text(j, "mitigation", true));
  if (j.contains("cvss") && j["cvss"].is_array()) {
    for (const auto& vector : j["cvss"]) {
      if (!vector.is_string()) {
        return make_error(ErrorCode::invalid_argument, "server answer: cvss: not a list of strings");
      }
      v.cvss.push_back(vector.get<std::string>());
    }
  }
  if (j.contains("aliases") && j["aliases"].is_array()) {  // an older server sends none
    for (const auto& alias : j["aliases"]) {
      if (!alias.is_string()) {
        return make_error(ErrorCode::invalid_argument, "server answer: aliases: not a list of strings");
      }
      v.aliases.push_back(alias.get<std::string>());
    }
  }
  return v;
}

Result<core::TimelineEntry> entry_from_json(const json& j) {
  if (!j.is_object()) {
    return make_error(ErrorCode::invalid_argument, "server answer: a timeline entry: not an object");
  }
  core::TimelineEntry e;
  TRY_ASSIGN(e.case_id, text(j, "case_id"));
  TRY_ASSIGN(e.seq, integer(j, "seq"));
  TRY_ASSIGN(e.at, timestamp(j, "at"));
  TRY_ASSIGN(e.actor, text(j, "actor"));
  TRY_ASSIGN(e.kind, text(j, "kind"));
  TRY_ASSIGN(e.text, text(j, "text"));
  TRY_ASSIGN(e.hash, text(j, "hash", true));
  TRY_ASSIGN(e.prev_hash, text(j, "prev_hash", true));
  return e;
}

}  // namespace embargo::cli::remote
