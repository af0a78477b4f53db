// PgTx: what every table group shares (errors, timestamps).

#include <fmt/format.h>
#include <pqxx/except>

#include <embargo/storage/postgres/pg_tx.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::storage::postgres {

namespace {

std::string first_line(const char* message) {
  std::string_view text(message);
  text = text.substr(0, text.find('\n'));
  if (text.starts_with("ERROR:")) {
    text.remove_prefix(6);
  }
  return std::string(util::trim(text));
}

}  // namespace

std::string micros(std::string_view column) {
  return fmt::format("(extract(epoch from {}) * 1000000)::bigint", column);
}

util::Timestamp from_micros(std::int64_t us) {
  return util::Timestamp(std::chrono::microseconds(us));
}

std::string ts_param(util::Timestamp t) {
  return util::format_timestamp(t);
}

std::optional<std::string> ts_param(const std::optional<util::Timestamp>& t) {
  return t ? std::optional(util::format_timestamp(*t)) : std::nullopt;
}

Result<void> PgTx::require_writable() const {
  if (!m_writable) {
    return make_error(ErrorCode::not_supported, "write attempted in a read-only transaction");
  }
  return {};
}

Error PgTx::translate(std::string_view what, const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const pqxx::transaction_rollback& x) {
    m_must_retry = true;
    return Error(ErrorCode::busy,
                 fmt::format("{}: the transaction could not be serialised: {}", what, first_line(x.what())));
  } catch (const pqxx::unique_violation& x) {
    return Error(ErrorCode::conflict, fmt::format("{}: already exists ({})", what, first_line(x.what())));
  } catch (const pqxx::foreign_key_violation& x) {
    return Error(ErrorCode::invalid_argument,
                 fmt::format("{}: refers to a record that does not exist ({})", what, first_line(x.what())));
  } catch (const pqxx::sql_error& x) {
    if (x.sqlstate() == "40001" || x.sqlstate() == "40P01") {
      m_must_retry = true;
      return Error(ErrorCode::busy, fmt::format("{}: the transaction could not be serialised", what));
    }
    if (x.sqlstate() == "55P03") {
      return Error(ErrorCode::busy, fmt::format("{}: the store stayed locked past the busy timeout", what));
    }
    return Error(ErrorCode::io_error, fmt::format("{}: {}", what, first_line(x.what())));
  } catch (const pqxx::in_doubt_error& x) {
    return Error(ErrorCode::io_error, fmt::format("{}: commit outcome unknown: {}", what, first_line(x.what())));
  } catch (const pqxx::broken_connection& x) {
    m_must_retry = true;  // nothing was committed; PgStore reconnects
    return Error(ErrorCode::io_error, fmt::format("{}: connection lost: {}", what, first_line(x.what())));
  } catch (const std::exception& x) {
    return Error(ErrorCode::io_error, fmt::format("{}: {}", what, first_line(x.what())));
  }
}

}  // namespace embargo::storage::postgres
