#include <embargo/core/credit.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/util/strings.hpp>

namespace embargo::core {

namespace {

Result<std::string> checked_line(std::string_view line) {
  std::string_view t = util::trim(line);
  if (t.empty()) {
    return make_error(ErrorCode::invalid_argument, "credit: no line to accept (give one)");
  }
  if (t.size() > k_max_credit_bytes) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("credit: longer than {} characters", k_max_credit_bytes));
  }
  for (unsigned char ch : t) {
    if (ch < 0x20 || ch == 0x7f) {
      return make_error(ErrorCode::invalid_argument, "credit: contains control characters");
    }
  }
  return std::string(t);
}

}  // namespace

std::string_view to_string(CreditDecision decision) {
  switch (decision) {
    case CreditDecision::pending:
      return "pending";
    case CreditDecision::accepted:
      return "accepted";
    case CreditDecision::declined:
      return "declined";
  }
  return "pending";
}

std::string proposed_credit(const Case& c) {
  return c.reporter.credit.empty() ? c.reporter.name : c.reporter.credit;
}

CreditState credit_state(const Case& c, const std::vector<TimelineEntry>& timeline) {
  CreditState s;
  s.line = proposed_credit(c);
  for (const auto& t : timeline) {
    if (t.kind != entry_kind::k_credit) {
      continue;
    }
    auto data = nlohmann::json::parse(t.data, nullptr, false);
    if (!data.is_object() || !data.contains("decision") || !data["decision"].is_string()) {
      continue;
    }
    std::string decision = data["decision"].get<std::string>();
    std::string line = data.value("line", "");
    if (decision == "accepted" && !c.reporter.anonymous && line == c.reporter.credit) {
      s.decision = CreditDecision::accepted;
    } else if (decision == "declined" && c.reporter.anonymous) {
      s.decision = CreditDecision::declined;
    } else {
      s.decision = CreditDecision::pending;  // decided on a line that is no longer the case's
      continue;
    }
    s.decided_at = t.at;
    s.decided_by = t.actor;
  }
  if (s.decision != CreditDecision::accepted) {
    s.decided_at = s.decision == CreditDecision::declined ? s.decided_at : std::nullopt;
  }
  return s;
}

Reporter published_reporter(const Case& c, const std::vector<TimelineEntry>& timeline) {
  Reporter r = c.reporter;
  if (credit_state(c, timeline).decision != CreditDecision::accepted) {
    r.credit.clear();
    r.anonymous = true;
  }
  return r;
}

Result<Case> with_published_credit(StoreTx& tx, Case c) {
  TRY_ASSIGN(auto timeline, load_timeline(tx, c.id));
  c.reporter = published_reporter(c, timeline);
  return c;
}

Result<CreditState> CreditService::accept(StoreTx& tx, std::string_view case_id, std::string_view line,
                                          std::string_view actor) const {
  TRY_ASSIGN(Case c, tx.get_case(case_id));
  TRY_ASSIGN(std::string accepted, checked_line(util::trim(line).empty() ? proposed_credit(c) : std::string(line)));
  if (c.reporter.anonymous || c.reporter.credit != accepted) {
    CaseEdit edit;
    edit.anonymous = false;
    edit.credit = accepted;
    TRY_ASSIGN(c, m_cases.edit(tx, case_id, edit, actor));
  }
  nlohmann::json data = {{"decision", "accepted"}, {"line", accepted}};
  TRY(m_cases.record(tx, c, entry_kind::k_credit, fmt::format("credit accepted: {}", accepted), actor, data.dump()));
  TRY_ASSIGN(auto timeline, load_timeline(tx, case_id));
  return credit_state(c, timeline);
}

Result<CreditState> CreditService::decline(StoreTx& tx, std::string_view case_id, std::string_view actor) const {
  TRY_ASSIGN(Case c, tx.get_case(case_id));
  if (!c.reporter.anonymous || !c.reporter.credit.empty()) {
    CaseEdit edit;
    edit.anonymous = true;
    edit.credit = "";
    TRY_ASSIGN(c, m_cases.edit(tx, case_id, edit, actor));
  }
  nlohmann::json data = {{"decision", "declined"}, {"line", ""}};
  TRY(m_cases.record(tx, c, entry_kind::k_credit, "credit declined: publish as anonymous", actor, data.dump()));
  TRY_ASSIGN(auto timeline, load_timeline(tx, case_id));
  return credit_state(c, timeline);
}

}  // namespace embargo::core
