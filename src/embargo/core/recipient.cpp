#include <embargo/core/recipient.hpp>

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/util/strings.hpp>

namespace embargo::core {

namespace {

constexpr std::array k_statuses{RecipientStatus::notified, RecipientStatus::acknowledged,
                                RecipientStatus::packages_ready, RecipientStatus::not_affected};

std::string normalised(std::string_view text) {
  std::string out;
  for (char c : util::trim(text)) {
    if (c == '_' || c == ' ') {
      c = '-';
    }
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return out;
}

Result<void> validate_statement(std::string_view statement) {
  if (statement.size() > k_max_statement_bytes) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("statement: longer than {} bytes", k_max_statement_bytes));
  }
  for (unsigned char c : statement) {
    if (c < 0x20 && c != '\n' && c != '\t') {
      return make_error(ErrorCode::invalid_argument, "statement: contains control characters");
    }
  }
  return {};
}

}  // namespace

std::string_view to_string(RecipientStatus status) {
  switch (status) {
    case RecipientStatus::notified:
      return "notified";
    case RecipientStatus::acknowledged:
      return "acknowledged";
    case RecipientStatus::packages_ready:
      return "packages-ready";
    case RecipientStatus::not_affected:
      return "not-affected";
  }
  return "notified";
}

Result<RecipientStatus> parse_recipient_status(std::string_view text) {
  std::string n = normalised(text);
  for (auto s : k_statuses) {
    if (n == to_string(s)) {
      return s;
    }
  }
  return make_error(ErrorCode::invalid_argument,
                    fmt::format("status: '{}' is not notified, acknowledged, packages-ready or not-affected",
                                util::trim(text).substr(0, 40)));
}

bool has_answered(RecipientStatus status) {
  return status != RecipientStatus::notified;
}

Result<void> validate_recipient_name(std::string_view name) {
  bool ok = !name.empty() && name.size() <= 64;
  for (char c : name) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-');
  }
  if (!ok) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("recipient: '{}' is not 1-64 of a-z, 0-9, '.', '_', '-'", name.substr(0, 70)));
  }
  return {};
}

StatusMap current_statuses(const std::vector<TimelineEntry>& timeline) {
  StatusMap out;
  for (const auto& t : timeline) {
    if (t.kind != entry_kind::k_recipient_status) {
      continue;
    }
    auto data = nlohmann::json::parse(t.data, nullptr, false);
    if (!data.is_object() || !data.contains("recipient") || !data["recipient"].is_string() ||
        !data.contains("vulnerability") || !data["vulnerability"].is_number_integer() || !data.contains("status") ||
        !data["status"].is_string()) {
      continue;
    }
    auto status = parse_recipient_status(data["status"].get<std::string>());
    if (!status) {
      continue;
    }
    RecipientState s;
    s.recipient = data["recipient"].get<std::string>();
    s.vulnerability = data["vulnerability"].get<int>();
    s.status = *status;
    s.statement = data.value("statement", "");
    s.via = data.value("via", "");
    s.at = t.at;
    s.actor = t.actor;
    out[{s.recipient, s.vulnerability}] = std::move(s);
  }
  return out;
}

Result<const Recipient*> RecipientService::find(std::string_view name) const {
  std::string names;
  for (const auto& r : m_recipients) {
    if (r.name == name) {
      return &r;
    }
    names += names.empty() ? r.name : ", " + r.name;
  }
  return make_error(ErrorCode::not_found, fmt::format("recipient: '{}' is not configured (configured: {})",
                                                      name.substr(0, 70), names.empty() ? "none" : names));
}

std::vector<const Recipient*> RecipientService::of_user(std::string_view user) const {
  std::vector<const Recipient*> out;
  for (const auto& r : m_recipients) {
    if (std::find(r.users.begin(), r.users.end(), user) != r.users.end()) {
      out.push_back(&r);
    }
  }
  return out;
}

bool RecipientService::may_set(const Principal& who, const Recipient& r) {
  if (who.via_link()) {
    return false;
  }
  if (who.is_staff()) {
    return true;
  }
  return std::find(r.users.begin(), r.users.end(), who.name) != r.users.end();
}

Result<std::vector<RecipientState>> RecipientService::set_status(StoreTx& tx, std::string_view case_id,
                                                                 const StatusChange& change,
                                                                 std::string_view actor) const {
  TRY_ASSIGN(const Recipient* r, find(change.recipient));
  TRY(validate_statement(change.statement));
  TRY_ASSIGN(Case c, tx.get_case(case_id));
  TRY_ASSIGN(auto vulns, tx.list_vulnerabilities(case_id));
  std::vector<int> ordinals;
  for (const auto& v : vulns) {
    if (change.vulnerability == 0 || v.ordinal == change.vulnerability) {
      ordinals.push_back(v.ordinal);
    }
  }
  if (ordinals.empty()) {
    return make_error(ErrorCode::invalid_argument,
                      change.vulnerability == 0
                          ? fmt::format("vulnerability: case {} has none yet", c.id)
                          : fmt::format("vulnerability: case {} has no vulnerability {}", c.id, change.vulnerability));
  }
  std::vector<RecipientState> out;
  for (int ordinal : ordinals) {
    nlohmann::json data = {{"recipient", r->name},     {"list", r->list},
                           {"vulnerability", ordinal}, {"status", to_string(change.status)},
                           {"statement", change.statement}, {"via", change.via}};
    std::string text = fmt::format("{} ({}): vulnerability {} {}", r->name, r->list, ordinal, to_string(change.status));
    if (!change.statement.empty()) {
      text += ": " + change.statement;
    }
    TRY(m_cases.record(tx, c, entry_kind::k_recipient_status, text, actor, data.dump()));
    out.push_back(RecipientState{r->name, ordinal, change.status, change.statement, c.updated_at,
                                 std::string(actor), change.via});
  }
  return out;
}

Result<void> RecipientService::record_rejected(StoreTx& tx, std::string_view case_id, std::string_view reason,
                                               std::string_view data_json, std::string_view actor) const {
  TRY_ASSIGN(Case c, tx.get_case(case_id));
  return m_cases.record(tx, c, entry_kind::k_recipient_status_rejected,
                        fmt::format("status reply refused: {}", reason), actor, data_json);
}

std::vector<std::string> readiness_warnings(const Case& c, const std::vector<Vulnerability>& vulns,
                                            const std::vector<Recipient>& recipients, const StatusMap& statuses,
                                            util::Timestamp now, std::chrono::hours within) {
  std::vector<std::string> out;
  if (!c.release_at || *c.release_at - now > within || vulns.empty()) {
    return out;
  }
  for (const auto& r : recipients) {
    if (!r.important) {
      continue;
    }
    std::vector<int> silent;
    for (const auto& v : vulns) {
      auto it = statuses.find({r.name, v.ordinal});
      if (it == statuses.end() || !has_answered(it->second.status)) {
        silent.push_back(v.ordinal);
      }
    }
    if (!silent.empty()) {
      out.push_back(fmt::format("recipient {} ({}) has not acknowledged vulnerability {} and the release is at {}",
                                r.name, r.list, fmt::join(silent, ", "), util::format_timestamp(*c.release_at)));
    }
  }
  return out;
}

}  // namespace embargo::core
