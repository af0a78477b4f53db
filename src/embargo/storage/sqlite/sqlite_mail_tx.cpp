// The mail tables of SqliteTx (migration 5): incoming messages and the outbox.

#include <stdexcept>

#include <fmt/format.h>

#include <embargo/storage/sqlite/sqlite_store.hpp>
#include <embargo/storage/sqlite/sqlite_tx.hpp>

namespace embargo::storage::sqlite {

namespace {

using core::MailRecord;
using core::OutboxEntry;

constexpr std::string_view k_mail_columns =
    "message_id, case_id, sender, subject, received_at, sha256, size, encrypted, signature";

MailRecord read_mail(const Statement& s) {
  MailRecord m;
  m.message_id = s.column_text(0);
  m.case_id = s.column_text(1);
  m.sender = s.column_text(2);
  m.subject = s.column_text(3);
  m.received_at = or_corrupt(util::parse_timestamp(s.column_view(4)), m.message_id);
  m.sha256 = s.column_text(5);
  m.size = s.column_int(6);
  m.encrypted = s.column_int(7) != 0;
  m.signature = s.column_text(8);
  return m;
}

constexpr std::string_view k_outbox_columns =
    "message_id, case_id, kind, list_name, envelope_from, recipients, message, state, attempts, created_at, "
    "attempt_at, sent_at, receipt, last_error";

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

std::optional<std::string> optional_time(const std::optional<util::Timestamp>& t) {
  return t ? std::optional(util::format_timestamp(*t)) : std::nullopt;
}

OutboxEntry read_outbox(const Statement& s, const OutboxSeal& seal) {
  OutboxEntry e;
  e.message_id = s.column_text(0);
  e.case_id = s.column_text(1);
  e.kind = s.column_text(2);
  e.list_name = s.column_text(3);
  e.envelope_from = s.column_text(4);
  e.recipients = split_lines(s.column_view(5));
  e.message = or_corrupt(seal.open(e.message_id, s.column_view(6)), e.message_id);
  e.state = or_corrupt(core::parse_outbox_state(s.column_view(7)), e.message_id);
  e.attempts = static_cast<int>(s.column_int(8));
  e.created_at = or_corrupt(util::parse_timestamp(s.column_view(9)), e.message_id);
  if (!s.column_is_null(10)) {
    e.attempt_at = or_corrupt(util::parse_timestamp(s.column_view(10)), e.message_id);
  }
  if (!s.column_is_null(11)) {
    e.sent_at = or_corrupt(util::parse_timestamp(s.column_view(11)), e.message_id);
  }
  e.receipt = s.column_int(12) != 0;
  e.last_error = s.column_text(13);
  return e;
}

void bind_outbox(Statement& s, const OutboxEntry& e, const OutboxSeal& seal) {
  std::optional<std::string> case_id = e.case_id.empty() ? std::nullopt : std::optional(e.case_id);  // "": no case
  s.bind(1, e.message_id).bind_optional(2, case_id).bind(3, e.kind).bind(4, e.list_name).bind(5, e.envelope_from);
  s.bind(6, join_lines(e.recipients)).bind(7, seal.seal(e.message_id, e.message)).bind(8, core::to_string(e.state));
  s.bind(9, std::int64_t{e.attempts}).bind(10, util::format_timestamp(e.created_at));
  s.bind_optional(11, optional_time(e.attempt_at)).bind_optional(12, optional_time(e.sent_at));
  s.bind(13, std::int64_t{e.receipt}).bind(14, e.last_error);
}

auto outbox_reader(const OutboxSeal& seal) {
  return [&seal](const Statement& s) { return read_outbox(s, seal); };
}

template <typename T, typename Read>
Result<std::vector<T>> collect(Statement* s, Read read) {
  std::vector<T> out;
  while (true) {
    TRY_ASSIGN(bool row, s->step());
    if (!row) {
      break;
    }
    out.push_back(read(*s));
  }
  TRY(s->reset());
  return out;
}

}  // namespace

Result<void> SqliteTx::insert_mail(const MailRecord& m) {
  TRY(require_writable());
  TRY_ASSIGN(Statement * s, m_store.cached(fmt::format(
                                "INSERT INTO mail_messages({}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)", k_mail_columns)));
  s->bind(1, m.message_id).bind(2, m.case_id).bind(3, m.sender).bind(4, m.subject);
  s->bind(5, util::format_timestamp(m.received_at)).bind(6, m.sha256).bind(7, m.size);
  s->bind(8, std::int64_t{m.encrypted}).bind(9, m.signature);
  return s->run().or_else([&](const Error& e) -> Result<void> {
    if (e.code() == ErrorCode::conflict) {
      return make_error(ErrorCode::conflict, fmt::format("message <{}> is already stored", m.message_id));
    }
    return tl::unexpected(e);
  });
}

Result<std::optional<MailRecord>> SqliteTx::find_mail(std::string_view message_id) {
  TRY_ASSIGN(Statement * s,
             m_store.cached(fmt::format("SELECT {} FROM mail_messages WHERE message_id = ?1", k_mail_columns)));
  s->bind(1, message_id);
  TRY_ASSIGN(auto rows, collect<MailRecord>(s, read_mail));
  if (rows.empty()) {
    return std::optional<MailRecord>{};
  }
  return std::optional<MailRecord>(std::move(rows.front()));
}

Result<std::int64_t> SqliteTx::count_mail_from(std::string_view sender, util::Timestamp since) {
  TRY_ASSIGN(Statement * s,
             m_store.cached("SELECT count(*) FROM mail_messages WHERE sender = ?1 AND received_at >= ?2"));
  s->bind(1, sender).bind(2, util::format_timestamp(since));
  TRY(s->step());
  std::int64_t n = s->column_int(0);
  TRY(s->reset());
  return n;
}

Result<std::vector<MailRecord>> SqliteTx::list_mail(std::string_view case_id) {
  TRY_ASSIGN(Statement * s,
             m_store.cached(fmt::format(
                 "SELECT {} FROM mail_messages WHERE case_id = ?1 ORDER BY received_at, message_id", k_mail_columns)));
  s->bind(1, case_id);
  return collect<MailRecord>(s, read_mail);
}

Result<void> SqliteTx::insert_outbox(const OutboxEntry& e) {
  TRY(require_writable());
  TRY_ASSIGN(Statement * s,
             m_store.cached(fmt::format(
                 "INSERT INTO outbox({}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)", k_outbox_columns)));
  bind_outbox(*s, e, m_store.outbox_seal());
  return s->run().or_else([&](const Error& err) -> Result<void> {
    if (err.code() == ErrorCode::conflict) {
      return make_error(ErrorCode::conflict, fmt::format("message <{}> is already in the outbox", e.message_id));
    }
    return tl::unexpected(err);
  });
}

Result<void> SqliteTx::update_outbox(const OutboxEntry& e) {
  TRY(require_writable());
  TRY_ASSIGN(Statement * s,
             m_store.cached("UPDATE outbox SET case_id=?2, kind=?3, list_name=?4, envelope_from=?5, recipients=?6, "
                            "message=?7, state=?8, attempts=?9, created_at=?10, attempt_at=?11, sent_at=?12, "
                            "receipt=?13, last_error=?14 WHERE message_id=?1"));
  bind_outbox(*s, e, m_store.outbox_seal());
  TRY(s->run());
  if (m_store.database().changes() == 0) {
    return make_error(ErrorCode::not_found, fmt::format("no outbox message <{}>", e.message_id));
  }
  return {};
}

Result<std::optional<OutboxEntry>> SqliteTx::find_outbox(std::string_view message_id) {
  TRY_ASSIGN(Statement * s,
             m_store.cached(fmt::format("SELECT {} FROM outbox WHERE message_id = ?1", k_outbox_columns)));
  s->bind(1, message_id);
  TRY_ASSIGN(auto rows, collect<OutboxEntry>(s, outbox_reader(m_store.outbox_seal())));
  if (rows.empty()) {
    return std::optional<OutboxEntry>{};
  }
  return std::optional<OutboxEntry>(std::move(rows.front()));
}

Result<std::vector<OutboxEntry>> SqliteTx::list_outbox(std::optional<core::OutboxState> state) {
  if (state) {
    TRY_ASSIGN(Statement * s,
               m_store.cached(fmt::format("SELECT {} FROM outbox WHERE state = ?1 ORDER BY created_at, message_id",
                                          k_outbox_columns)));
    s->bind(1, core::to_string(*state));
    return collect<OutboxEntry>(s, outbox_reader(m_store.outbox_seal()));
  }
  TRY_ASSIGN(Statement * s,
             m_store.cached(fmt::format("SELECT {} FROM outbox ORDER BY created_at, message_id", k_outbox_columns)));
  return collect<OutboxEntry>(s, outbox_reader(m_store.outbox_seal()));
}

Result<std::vector<OutboxEntry>> SqliteTx::list_case_outbox(std::string_view case_id) {
  TRY_ASSIGN(Statement * s,
             m_store.cached(fmt::format("SELECT {} FROM outbox WHERE case_id = ?1 ORDER BY created_at, message_id",
                                        k_outbox_columns)));
  s->bind(1, case_id);
  return collect<OutboxEntry>(s, outbox_reader(m_store.outbox_seal()));
}

}  // namespace embargo::storage::sqlite
