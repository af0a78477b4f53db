#include <embargo/core/case_service.hpp>

#include <algorithm>

#include <date/date.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/core/cvss/vector_set.hpp>
#include <embargo/core/mail_address.hpp>
#include <embargo/core/state_machine.hpp>
#include <embargo/core/version.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::core {

namespace {

// " cvss=CVSS:3.1/... (9.8 Critical)" for each vector set; " cvss=(cleared)" for "".
std::string cvss_change_text(const std::vector<std::string>& given) {
  std::string text;
  for (const std::string& vector : given) {
    text += vector.empty() ? std::string(" cvss=(cleared)")
                           : fmt::format(" cvss={} ({})", vector, cvss::score_summary(vector));
  }
  return text;
}

int year_of(util::Timestamp t) {
  date::year_month_day ymd{std::chrono::floor<date::days>(t)};
  return static_cast<int>(ymd.year());
}

Result<std::string> canonical_range(std::string_view text, std::string_view field) {
  if (util::trim(text).empty()) {
    return std::string();
  }
  TRY_ASSIGN(VersionRange range, parse_version_range(text, field));
  return range.to_string();
}

Result<void> validate_reporter(const Reporter& r) {
  if (!r.email.empty()) {
    TRY(validate_mail_address(r.email, "reporter email"));
  }
  if (!r.own_cve.empty()) {
    TRY(validate_identifier(r.own_cve));
  }
  if (!r.key_fingerprint.empty() &&
      (r.key_fingerprint.size() < 40 || r.key_fingerprint.size() > 64 ||
       r.key_fingerprint.find_first_not_of("0123456789ABCDEFabcdef") != std::string::npos)) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("reporter key: '{}' is not an OpenPGP fingerprint", r.key_fingerprint));
  }
  if (r.anonymous && !r.credit.empty()) {
    return make_error(ErrorCode::invalid_argument, "credit: a reporter cannot be anonymous and credited by name");
  }
  return {};
}

}  // namespace

Result<void> CaseService::record(StoreTx& tx, Case& c, std::string_view kind, std::string_view text,
                                 std::string_view actor, std::string_view data) const {
  TimelineEntry entry;
  entry.at = m_clock.now();
  entry.actor = std::string(actor);
  entry.kind = std::string(kind);
  entry.text = std::string(text);
  entry.data = std::string(data);
  chain_entry(c, entry);
  c.updated_at = entry.at;
  TRY(tx.append_timeline(entry));
  TRY(tx.update_case(c));
  if (m_notifier == nullptr) {
    return {};
  }
  bool first_mail = false;
  // The first mail of a case follows its opening (and, for a project's
  // case, the entry naming the project): later entries need no lookup.
  if (entry.kind == "mail-received" && entry.seq <= 3) {
    TRY_ASSIGN(auto mails, tx.list_mail(c.id));
    first_mail = mails.size() == 1;
  }
  if (auto event = team_event_of(entry, first_mail)) {
    return m_notifier->notify(tx, c, entry, *event);
  }
  return {};
}

Result<Case> CaseService::create(StoreTx& tx, const NewCase& input, std::string_view actor) const {
  return create(tx, input, actor, m_config.case_prefix);
}

// A case of `prefix` is put in the project whose prefix it is before its
// opening is recorded (prefixes are unique, config/projects_config.cpp), so
// that the team told of a project's new case is that project's: the notifier
// decides by core::case_access (issue 24).
Result<Case> CaseService::create(StoreTx& tx, const NewCase& input, std::string_view actor,
                                 std::string_view prefix) const {
  TRY(validate_title(input.title));
  TRY(validate_reporter(input.reporter));
  Case c;
  c.created_at = m_clock.now();
  c.updated_at = c.created_at;
  int year = year_of(c.created_at);
  TRY_ASSIGN(int number, tx.allocate_case_number(prefix, year));
  c.id = format_case_id(prefix, year, number);
  c.title = std::string(util::trim(input.title));
  c.reporter = input.reporter;
  c.impact = input.impact;
  c.exploitation = input.exploitation;
  TRY(tx.insert_case(c));
  for (const ProjectEntry& p : m_config.projects) {
    if (p.case_prefix == prefix) {
      TRY(tx.set_case_project(c.id, p.name));
    }
  }
  nlohmann::json data = {{"title", c.title},
                         {"reporter", format_reporter(c.reporter)},
                         {"impact", to_string(c.impact)},
                         {"exploitation", to_string(c.exploitation)}};
  TRY(record(tx, c, entry_kind::k_created, fmt::format("case opened: {}", c.title), actor, data.dump()));
  return c;
}

Result<void> CaseService::add_note(StoreTx& tx, std::string_view case_id, std::string_view text,
                                   std::string_view actor) const {
  if (util::trim(text).empty()) {
    return make_error(ErrorCode::invalid_argument, "note: must not be empty");
  }
  TRY_ASSIGN(Case c, tx.get_case(case_id));
  return record(tx, c, entry_kind::k_note, text, actor);
}

Result<Case> CaseService::move(StoreTx& tx, std::string_view case_id, CaseState to, std::string_view why,
                               std::string_view actor, bool override_date) const {
  if (util::trim(why).empty()) {
    return make_error(ErrorCode::invalid_argument, "why: a state change needs a reason (--why)");
  }
  TRY_ASSIGN(Case c, tx.get_case(case_id));
  TransitionFacts facts;
  TRY_ASSIGN(auto vulns, tx.list_vulnerabilities(case_id));
  facts.vulnerabilities = static_cast<int>(vulns.size());
  TRY_ASSIGN(auto artifacts, tx.list_artifacts(case_id));
  for (const Artifact& a : artifacts) {
    facts.signed_release = facts.signed_release || a.signature_verified;
  }
  facts.release_at = c.release_at;
  facts.now = m_clock.now();
  TRY(check_transition(c.state, to, facts, override_date));
  CaseState from = c.state;
  c.state = to;
  bool early = override_date && to == CaseState::public_ && (!c.release_at || facts.now < *c.release_at);
  std::string text = fmt::format("{} -> {}: {}{}", to_string(from), to_string(to), util::trim(why),
                                 early ? " (release-date condition overridden)" : "");
  nlohmann::json data = {{"from", to_string(from)}, {"to", to_string(to)}, {"why", std::string(why)}};
  if (early) {
    data["override"] = true;
  }
  TRY(record(tx, c, entry_kind::k_state, text, actor, data.dump()));
  return c;
}

Result<Case> CaseService::edit(StoreTx& tx, std::string_view case_id, const CaseEdit& e,
                               std::string_view actor) const {
  TRY_ASSIGN(Case c, tx.get_case(case_id));
  Case before = c;
  nlohmann::json changes = nlohmann::json::object();
  if (e.title) {
    TRY(validate_title(*e.title));
    c.title = std::string(util::trim(*e.title));
    changes["title"] = c.title;
  }
  if (e.impact) {
    c.impact = *e.impact;
    changes["impact"] = to_string(c.impact);
  }
  if (e.exploitation) {
    c.exploitation = *e.exploitation;
    changes["exploitation"] = to_string(c.exploitation);
  }
  if (e.credit) {
    c.reporter.credit = *e.credit;
    changes["credit"] = c.reporter.credit;
  }
  if (e.anonymous) {
    c.reporter.anonymous = *e.anonymous;
    changes["anonymous"] = c.reporter.anonymous;
  }
  if (e.deadline) {
    c.reporter.deadline = *e.deadline;
    changes["deadline"] = c.reporter.deadline ? util::format_date(*c.reporter.deadline) : "";
  }
  if (e.own_cve) {
    c.reporter.own_cve = *e.own_cve;
    changes["own_cve"] = c.reporter.own_cve;
  }
  if (e.reporter_key) {
    c.reporter.key_fingerprint = *e.reporter_key;
    changes["reporter_key"] = c.reporter.key_fingerprint;
  }
  TRY(validate_reporter(c.reporter));
  if (changes.empty()) {
    return make_error(ErrorCode::invalid_argument, "edit: nothing to change");
  }
  std::string text = "changed";
  for (auto& [key, value] : changes.items()) {
    text += fmt::format(" {}={}", key, value.is_string() ? value.get<std::string>() : value.dump());
  }
  TRY(record(tx, c, entry_kind::k_field, text, actor, changes.dump()));
  return c;
}

namespace {

// Conflict if an identifier of `v` already names one of `others` (the case's other vulnerabilities).
Result<void> refuse_shared_identifier(const Vulnerability& v, const std::vector<Vulnerability>& others) {
  for (const Vulnerability& other : others) {
    for (const std::string& id : all_identifiers(v)) {
      if (has_identifier(other, id)) {
        return make_error(ErrorCode::conflict, fmt::format("identifier: {} is already vulnerability {} of {}", id,
                                                           other.ordinal, other.case_id));
      }
    }
  }
  return {};
}

// --remove-id first, then --id: "" clears every identifier, a CVE replaces the CVE.
Result<void> apply_identifier_edit(Vulnerability& v, const VulnerabilityEdit& e) {
  for (const std::string& id : e.remove_ids) {
    TRY(remove_identifier(v, id));
  }
  std::vector<std::string> add;
  if (e.identifier) {
    add.push_back(*e.identifier);
  }
  add.insert(add.end(), e.more_ids.begin(), e.more_ids.end());
  for (const std::string& id : add) {
    if (id.empty()) {
      v.identifier.clear();
      v.aliases.clear();
    } else {
      TRY(add_identifier(v, id));
    }
  }
  return {};
}

}  // namespace

Result<Vulnerability> CaseService::add_vulnerability(StoreTx& tx, std::string_view case_id,
                                                     const NewVulnerability& in, std::string_view actor) const {
  TRY_ASSIGN(Case c, tx.get_case(case_id));
  Vulnerability v;
  TRY(validate_title(in.title));
  v.title = std::string(util::trim(in.title));
  v.description = in.description;
  v.mitigation = in.mitigation;
  v.case_id = c.id;
  if (!in.identifier.empty()) {
    TRY(add_identifier(v, in.identifier));
  }
  for (const std::string& id : in.more_ids) {
    TRY(add_identifier(v, id));
  }
  if (!in.cwe.empty()) {
    TRY_ASSIGN(v.cwe, normalise_cwe(in.cwe));
  }
  TRY_ASSIGN(v.affected, canonical_range(in.affected, "affected"));
  TRY_ASSIGN(v.fixed, canonical_range(in.fixed, "fixed"));
  TRY_ASSIGN(auto existing, tx.list_vulnerabilities(case_id));
  TRY(refuse_shared_identifier(v, existing));
  v.ordinal = static_cast<int>(existing.size()) + 1;
  TRY(tx.insert_vulnerability(v));
  nlohmann::json data = {{"ordinal", v.ordinal}, {"title", v.title}, {"identifier", v.identifier},
                         {"cwe", v.cwe},         {"affected", v.affected}, {"fixed", v.fixed}};
  if (!v.aliases.empty()) {
    data["aliases"] = v.aliases;
  }
  TRY(record(tx, c, entry_kind::k_vulnerability, fmt::format("vulnerability {} added: {}", v.ordinal, v.title),
             actor, data.dump()));
  return v;
}

Result<Vulnerability> CaseService::edit_vulnerability(StoreTx& tx, std::string_view case_id, int ordinal,
                                                      const VulnerabilityEdit& e, std::string_view actor) const {
  TRY_ASSIGN(Case c, tx.get_case(case_id));
  TRY_ASSIGN(auto all, tx.list_vulnerabilities(case_id));
  auto it = std::find_if(all.begin(), all.end(), [&](const Vulnerability& v) { return v.ordinal == ordinal; });
  if (it == all.end()) {
    return make_error(ErrorCode::not_found,
                      fmt::format("vulnerability {} of {} does not exist ({} recorded)", ordinal, case_id, all.size()));
  }
  Vulnerability v = *it;
  nlohmann::json changes = nlohmann::json::object();
  if (e.title) {
    TRY(validate_title(*e.title));
    v.title = std::string(util::trim(*e.title));
    changes["title"] = v.title;
  }
  if (e.description) {
    v.description = *e.description;
    changes["description"] = v.description;
  }
  if (e.identifier || !e.more_ids.empty() || !e.remove_ids.empty()) {
    TRY(apply_identifier_edit(v, e));
    std::erase_if(all, [ordinal](const Vulnerability& other) { return other.ordinal == ordinal; });
    TRY(refuse_shared_identifier(v, all));
    changes["identifier"] = v.identifier;
    changes["aliases"] = v.aliases;
  }
  if (e.cwe) {
    if (e.cwe->empty()) {
      v.cwe.clear();
    } else {
      TRY_ASSIGN(v.cwe, normalise_cwe(*e.cwe));
    }
    changes["cwe"] = v.cwe;
  }
  if (e.affected) {
    TRY_ASSIGN(v.affected, canonical_range(*e.affected, "affected"));
    changes["affected"] = v.affected;
  }
  if (e.fixed) {
    TRY_ASSIGN(v.fixed, canonical_range(*e.fixed, "fixed"));
    changes["fixed"] = v.fixed;
  }
  if (e.mitigation) {
    v.mitigation = *e.mitigation;
    changes["mitigation"] = v.mitigation;
  }
  std::string cvss_text;
  if (e.cvss) {
    TRY_ASSIGN(v.cvss, cvss::merge_vectors(v.cvss, *e.cvss));
    changes["cvss"] = v.cvss;
    cvss_text = cvss_change_text(*e.cvss);
  }
  if (changes.empty()) {
    return make_error(ErrorCode::invalid_argument, "vuln set: nothing to change");
  }
  TRY(tx.update_vulnerability(v));
  changes["ordinal"] = ordinal;
  std::string text = fmt::format("vulnerability {} changed:", ordinal);
  for (auto& [key, value] : changes.items()) {
    if (key == "cvss") {
      text += cvss_text;
    } else if (key != "ordinal") {
      text += fmt::format(" {}={}", key, value.is_string() ? value.get<std::string>() : value.dump());
    }
  }
  TRY(record(tx, c, entry_kind::k_vulnerability, text, actor, changes.dump()));
  return v;
}

}  // namespace embargo::core
