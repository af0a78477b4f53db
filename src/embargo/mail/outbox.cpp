#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/mail/outbox.hpp>

namespace embargo::mail {

namespace {

enum class Step { send, skip_sent, wait, confirm };

struct Claim {
  Step step = Step::send;
  core::OutboxEntry entry;
};

}  // namespace

Result<void> record_sent(core::StoreTx& tx, const core::CaseService& cases, core::OutboxEntry& entry,
                         util::Timestamp now, std::string_view how) {
  entry.state = core::OutboxState::sent;
  entry.sent_at = now;
  entry.last_error.clear();
  TRY(tx.update_outbox(entry));
  if (entry.case_id.empty()) {
    return {};  // team mail about no case (a quarantined message): no timeline to record on
  }
  TRY_ASSIGN(core::Case c, tx.get_case(entry.case_id));
  std::string to;
  for (std::size_t i = 0; i + 1 < entry.recipients.size(); ++i) {  // the last one is our receipt copy
    to += (to.empty() ? "" : ", ") + entry.recipients[i];
  }
  nlohmann::json data = {{"message_id", entry.message_id}, {"kind", entry.kind},         {"list", entry.list_name},
                         {"recipients", entry.recipients}, {"attempts", entry.attempts}, {"how", how}};
  std::string text = fmt::format("Sent {} to {} ({}) as <{}>", entry.kind, entry.list_name, to, entry.message_id);
  return cases.record(tx, c, "mail-sent", text, "embargo-mail", data.dump());
}

Result<bool> Outbox::note_receipt(core::StoreTx& tx, const core::CaseService& cases, std::string_view message_id,
                                  util::Timestamp now) {
  TRY_ASSIGN(auto found, tx.find_outbox(message_id));
  if (!found) {
    return false;
  }
  core::OutboxEntry entry = std::move(*found);
  if (entry.receipt) {
    return true;
  }
  entry.receipt = true;
  if (entry.state == core::OutboxState::sent) {
    TRY(tx.update_outbox(entry));
    return true;
  }
  // `pending` too: a copy can only come back if some attempt reached the server.
  TRY(record_sent(tx, cases, entry, now, "confirmed by its returned copy"));
  return true;
}

Result<Delivery> Outbox::deliver(std::string_view message_id) {
  Claim claim;
  util::Timestamp now = m_clock.now();
  TRY(m_store.write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto found, tx.find_outbox(message_id));
    if (!found) {
      return make_error(ErrorCode::not_found, fmt::format("no outbox message <{}>", message_id));
    }
    claim.entry = std::move(*found);
    auto& e = claim.entry;
    if (e.state == core::OutboxState::sent) {
      claim.step = Step::skip_sent;
      return {};
    }
    if (e.state == core::OutboxState::sending && e.attempt_at && now - *e.attempt_at < m_options.receipt_grace) {
      claim.step = Step::wait;
      return {};
    }
    e.state = core::OutboxState::sending;
    e.attempts += 1;
    e.attempt_at = now;
    return tx.update_outbox(e);
  }));
  Delivery d{std::string(message_id), "", ""};
  if (claim.step == Step::skip_sent) {
    d.outcome = "already-sent";
    return d;
  }
  if (claim.step == Step::wait) {
    d.outcome = "waiting";
    d.detail = "an earlier attempt may have reached the server; waiting for its returned copy";
    return d;
  }
  if (m_options.fault) {
    m_options.fault("before-send");
  }
  Result<void> sent = m_transport.send(claim.entry);
  if (m_options.fault) {
    m_options.fault("after-send");
  }
  TRY(m_store.write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto fresh, tx.find_outbox(message_id));
    core::OutboxEntry e = std::move(*fresh);  // intake may have seen the receipt meanwhile
    if (e.state == core::OutboxState::sent) {
      d.outcome = "sent";
      return {};
    }
    if (sent) {
      d.outcome = "sent";
      return record_sent(tx, m_cases, e, m_clock.now(), "accepted by the SMTP server");
    }
    e.last_error = sent.error().message();
    d.detail = e.last_error;
    if (sent.error().code() == ErrorCode::busy) {
      e.state = core::OutboxState::pending;
      d.outcome = "retry";
    } else {
      d.outcome = "unknown";
    }
    return tx.update_outbox(e);
  }));
  return d;
}

Result<std::vector<Delivery>> Outbox::deliver_all() {
  std::vector<core::OutboxEntry> todo;
  TRY(m_store.read([&](core::StoreTx& tx) -> Result<void> {
    for (auto state : {core::OutboxState::pending, core::OutboxState::sending}) {
      TRY_ASSIGN(auto some, tx.list_outbox(state));
      todo.insert(todo.end(), some.begin(), some.end());
    }
    return {};
  }));
  std::sort(todo.begin(), todo.end(), [](const auto& a, const auto& b) { return a.created_at < b.created_at; });
  std::vector<Delivery> out;
  for (const auto& e : todo) {
    TRY_ASSIGN(Delivery d, deliver(e.message_id));
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace embargo::mail
