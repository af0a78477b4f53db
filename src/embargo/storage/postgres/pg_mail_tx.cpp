// PgTx: the mail tables (migration 5): incoming messages and the outbox. An
// outbox message is bytea (mail need not be UTF-8), passed as hexadecimal
// both ways.

#include <fmt/format.h>
#include <pqxx/pqxx>

#include <embargo/storage/postgres/pg_tx.hpp>
#include <embargo/util/sha256.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::storage::postgres {

namespace {

using core::MailRecord;
using core::OutboxEntry;

const std::string& mail_select() {
  static const std::string sql = fmt::format(
      "SELECT message_id, case_id, sender, subject, {}, sha256, size, encrypted, signature FROM mail_messages ",
      micros("received_at"));
  return sql;
}

MailRecord read_mail(const pqxx::row& r) {
  MailRecord m;
  m.message_id = r[0].as<std::string>();
  m.case_id = r[1].as<std::string>();
  m.sender = r[2].as<std::string>();
  m.subject = r[3].as<std::string>();
  m.received_at = from_micros(r[4].as<std::int64_t>());
  m.sha256 = r[5].as<std::string>();
  m.size = r[6].as<std::int64_t>();
  m.encrypted = r[7].as<bool>();
  m.signature = r[8].as<std::string>();
  return m;
}

const std::string& outbox_select() {
  static const std::string sql = fmt::format(
      "SELECT message_id, case_id, kind, list_name, envelope_from, recipients, encode(message, 'hex'), state, "
      "attempts, {}, {}, {}, receipt, last_error FROM outbox ",
      micros("created_at"), micros("attempt_at"), micros("sent_at"));
  return sql;
}

std::string join_lines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    out += item;
    out += '\n';
  }
  return out;
}

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    auto nl = text.find('\n');
    out.emplace_back(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
  }
  return out;
}

std::string to_hex(std::string_view bytes) {
  return util::to_hex(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

// PostgreSQL's encode(..., 'hex') output: always even, lower-case digits.
std::string from_hex(std::string_view hex) {
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(util::hex_value(hex[i]) * 16 + util::hex_value(hex[i + 1])));
  }
  return out;
}

std::optional<util::Timestamp> optional_micros(const pqxx::field& f) {
  if (f.is_null()) {
    return std::nullopt;
  }
  return from_micros(f.as<std::int64_t>());
}

Result<OutboxEntry> read_outbox(const pqxx::row& r, const OutboxSeal& seal) {
  OutboxEntry e;
  e.message_id = r[0].as<std::string>();
  e.case_id = r[1].is_null() ? std::string() : r[1].as<std::string>();
  e.kind = r[2].as<std::string>();
  e.list_name = r[3].as<std::string>();
  e.envelope_from = r[4].as<std::string>();
  e.recipients = split_lines(r[5].as<std::string>());
  TRY_ASSIGN(e.message, seal.open(e.message_id, from_hex(r[6].as<std::string>())));
  auto state = core::parse_outbox_state(r[7].as<std::string>());
  if (!state) {
    return make_error(ErrorCode::corruption,
                      fmt::format("outbox message <{}>: {}", e.message_id, state.error().message()));
  }
  e.state = *state;
  e.attempts = r[8].as<int>();
  e.created_at = from_micros(r[9].as<std::int64_t>());
  e.attempt_at = optional_micros(r[10]);
  e.sent_at = optional_micros(r[11]);
  e.receipt = r[12].as<bool>();
  e.last_error = r[13].as<std::string>();
  return e;
}

pqxx::result write_outbox(pqxx::transaction_base& txn, const std::string& sql, const OutboxEntry& e,
                          const OutboxSeal& seal) {
  std::optional<std::string> case_id = e.case_id.empty() ? std::nullopt : std::optional(e.case_id);  // "": no case
  return txn.exec_params(sql, e.message_id, case_id, e.kind, e.list_name, e.envelope_from, join_lines(e.recipients),
                         to_hex(seal.seal(e.message_id, e.message)), std::string(core::to_string(e.state)), e.attempts,
                         ts_param(e.created_at), ts_param(e.attempt_at), ts_param(e.sent_at), e.receipt, e.last_error);
}

Result<std::vector<OutboxEntry>> read_outboxes(const pqxx::result& r, const OutboxSeal& seal) {
  std::vector<OutboxEntry> out;
  for (const auto& row : r) {
    TRY_ASSIGN(OutboxEntry e, read_outbox(row, seal));
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

Result<void> PgTx::insert_mail(const MailRecord& m) {
  TRY(require_writable());
  return guarded(fmt::format("message <{}>", m.message_id), [&]() -> Result<void> {
    auto r = m_txn.exec_params(
        "INSERT INTO mail_messages(message_id, case_id, sender, subject, received_at, sha256, size, encrypted, "
        "signature) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT (message_id) DO NOTHING RETURNING 1",
        m.message_id, m.case_id, m.sender, m.subject, ts_param(m.received_at), m.sha256, m.size, m.encrypted,
        m.signature);
    if (r.empty()) {
      return make_error(ErrorCode::conflict, fmt::format("message <{}> is already stored", m.message_id));
    }
    return {};
  });
}

Result<std::optional<MailRecord>> PgTx::find_mail(std::string_view message_id) {
  using Found = std::optional<MailRecord>;
  return guarded(fmt::format("message <{}>", message_id), [&]() -> Result<Found> {
    auto r = m_txn.exec_params(mail_select() + "WHERE message_id = $1", std::string(message_id));
    return r.empty() ? Found() : Found(read_mail(r[0]));
  });
}

Result<std::int64_t> PgTx::count_mail_from(std::string_view sender, util::Timestamp since) {
  return guarded(fmt::format("mail from {}", sender), [&]() -> Result<std::int64_t> {
    auto r = m_txn.exec_params("SELECT count(*) FROM mail_messages WHERE sender = $1 AND received_at >= $2",
                               std::string(sender), ts_param(since));
    return r[0][0].as<std::int64_t>();
  });
}

Result<std::vector<MailRecord>> PgTx::list_mail(std::string_view case_id) {
  return guarded(fmt::format("mail of {}", case_id), [&]() -> Result<std::vector<MailRecord>> {
    std::vector<MailRecord> out;
    for (const auto& row : m_txn.exec_params(mail_select() + "WHERE case_id = $1 ORDER BY received_at, message_id",
                                             std::string(case_id))) {
      out.push_back(read_mail(row));
    }
    return out;
  });
}

Result<void> PgTx::insert_outbox(const OutboxEntry& e) {
  TRY(require_writable());
  return guarded(fmt::format("outbox message <{}>", e.message_id), [&]() -> Result<void> {
    auto r = write_outbox(m_txn,
                          "INSERT INTO outbox(message_id, case_id, kind, list_name, envelope_from, recipients, "
                          "message, state, attempts, created_at, attempt_at, sent_at, receipt, last_error) "
                          "VALUES ($1,$2,$3,$4,$5,$6,decode($7,'hex'),$8,$9,$10,$11,$12,$13,$14) "
                          "ON CONFLICT (message_id) DO NOTHING RETURNING 1",
                          e, m_seal);
    if (r.empty()) {
      return make_error(ErrorCode::conflict, fmt::format("message <{}> is already in the outbox", e.message_id));
    }
    return {};
  });
}

Result<void> PgTx::update_outbox(const OutboxEntry& e) {
  TRY(require_writable());
  return guarded(fmt::format("outbox message <{}>", e.message_id), [&]() -> Result<void> {
    auto r = write_outbox(m_txn,
                          "UPDATE outbox SET case_id=$2, kind=$3, list_name=$4, envelope_from=$5, recipients=$6, "
                          "message=decode($7,'hex'), state=$8, attempts=$9, created_at=$10, attempt_at=$11, "
                          "sent_at=$12, receipt=$13, last_error=$14 WHERE message_id=$1",
                          e, m_seal);
    if (r.affected_rows() == 0) {
      return make_error(ErrorCode::not_found, fmt::format("no outbox message <{}>", e.message_id));
    }
    return {};
  });
}

Result<std::optional<OutboxEntry>> PgTx::find_outbox(std::string_view message_id) {
  using Found = std::optional<OutboxEntry>;
  return guarded(fmt::format("outbox message <{}>", message_id), [&]() -> Result<Found> {
    auto r = m_txn.exec_params(outbox_select() + "WHERE message_id = $1", std::string(message_id));
    if (r.empty()) {
      return Found();
    }
    TRY_ASSIGN(OutboxEntry e, read_outbox(r[0], m_seal));
    return Found(std::move(e));
  });
}

Result<std::vector<OutboxEntry>> PgTx::list_outbox(std::optional<core::OutboxState> state) {
  return guarded("the outbox", [&]() -> Result<std::vector<OutboxEntry>> {
    if (state) {
      return read_outboxes(m_txn.exec_params(outbox_select() + "WHERE state = $1 ORDER BY created_at, message_id",
                                             std::string(core::to_string(*state))),
                           m_seal);
    }
    return read_outboxes(m_txn.exec(outbox_select() + "ORDER BY created_at, message_id"), m_seal);
  });
}

Result<std::vector<OutboxEntry>> PgTx::list_case_outbox(std::string_view case_id) {
  return guarded("the outbox", [&]() -> Result<std::vector<OutboxEntry>> {
    return read_outboxes(
        m_txn.exec_params(outbox_select() + "WHERE case_id = $1 ORDER BY created_at, message_id", std::string(case_id)),
        m_seal);
  });
}

}  // namespace embargo::storage::postgres
