#include <embargo/core/case_json.hpp>

namespace embargo::core {

namespace {

nlohmann::json optional_text(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

}  // namespace

nlohmann::json to_json(const Reporter& r) {
  return {
      {"name", optional_text(r.name)},
      {"email", optional_text(r.email)},
      {"credit", optional_text(r.credit)},
      {"anonymous", r.anonymous},
      {"deadline", r.deadline ? nlohmann::json(util::format_date(*r.deadline)) : nlohmann::json(nullptr)},
      {"own_cve", optional_text(r.own_cve)},
      {"key", optional_text(r.key_fingerprint)},
  };
}

nlohmann::json to_json(const Case& c) {
  return {
      {"id", c.id},
      {"title", c.title},
      {"state", to_string(c.state)},
      {"impact", to_string(c.impact)},
      {"exploitation", to_string(c.exploitation)},
      {"reporter", to_json(c.reporter)},
      {"created_at", util::format_timestamp(c.created_at)},
      {"updated_at", util::format_timestamp(c.updated_at)},
      {"release_at", c.release_at ? nlohmann::json(util::format_timestamp(*c.release_at)) : nlohmann::json(nullptr)},
      {"timeline_count", c.timeline_count},
      {"timeline_head", c.timeline_head},
  };
}

nlohmann::json to_json(const Case& c, const std::string& project) {
  nlohmann::json out = to_json(c);
  out["project"] = project;
  return out;
}

nlohmann::json to_json(const Vulnerability& v) {
  return {
      {"case_id", v.case_id},
      {"ordinal", v.ordinal},
      {"title", v.title},
      {"description", optional_text(v.description)},
      {"identifier", optional_text(v.identifier)},
      {"aliases", v.aliases},
      {"cwe", optional_text(v.cwe)},
      {"affected", optional_text(v.affected)},
      {"fixed", optional_text(v.fixed)},
      {"mitigation", optional_text(v.mitigation)},
      {"cvss", v.cvss},
  };
}

nlohmann::json to_json(const TimelineEntry& e) {
  nlohmann::json data = nullptr;
  if (!e.data.empty()) {
    data = nlohmann::json::parse(e.data, nullptr, false);
    if (data.is_discarded()) {
      data = e.data;  // keep what was stored, even if it is not JSON
    }
  }
  return {
      {"case_id", e.case_id}, {"seq", e.seq},          {"at", util::format_timestamp(e.at)},
      {"actor", e.actor},     {"kind", e.kind},        {"text", e.text},
      {"data", data},         {"prev_hash", e.prev_hash}, {"hash", e.hash},
  };
}

nlohmann::json to_json(const Artifact& a) {
  return {{"case_id", a.case_id},
          {"name", a.name},
          {"sha256", a.sha256},
          {"size", a.size},
          {"signature_verified", a.signature_verified},
          {"created_at", util::format_timestamp(a.created_at)}};
}

}  // namespace embargo::core
