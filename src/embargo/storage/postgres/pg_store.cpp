#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include <fmt/format.h>
#include <pqxx/except>
#include <pqxx/transaction>

#include <embargo/storage/postgres/pg_migrations.hpp>
#include <embargo/storage/postgres/pg_store.hpp>
#include <embargo/storage/postgres/pg_tx.hpp>

namespace embargo::storage::postgres {

namespace {

using WriteTx = pqxx::transaction<pqxx::isolation_level::serializable, pqxx::read_write>;
using ReadTx = pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::read_only>;

std::string message_line(const char* message) {
  std::string_view text(message);
  return std::string(text.substr(0, text.find('\n')));
}

// One run of `fn` inside a transaction of type Txn; commits iff it succeeds.
template <typename Txn>
Result<void> run_in(pqxx::connection& conn, const core::Store::TxFunction& fn, bool writable, bool& retry,
                    const OutboxSeal& seal) {
  Txn txn(conn);
  PgTx tx(txn, writable, seal);
  Result<void> result = fn(tx);
  retry = tx.must_retry();
  if (!result) {
    txn.abort();
    return result;
  }
  txn.commit();
  return {};
}

}  // namespace

std::string redact_url(std::string_view url) {
  std::string out(url);
  auto scheme = out.find("://");
  if (scheme != std::string::npos) {
    auto host_end = out.find_first_of("/?", scheme + 3);
    auto at = out.rfind('@', host_end == std::string::npos ? out.size() : host_end);
    if (at != std::string::npos && at > scheme) {
      auto colon = out.find(':', scheme + 3);
      if (colon != std::string::npos && colon < at) {
        out.replace(colon + 1, at - colon - 1, "***");
      }
    }
  }
  auto pw = out.find("password=");
  if (pw != std::string::npos) {
    auto end = out.find('&', pw);
    out.replace(pw + 9, (end == std::string::npos ? out.size() : end) - pw - 9, "***");
  }
  return out;
}

Result<std::unique_ptr<PgStore>> PgStore::open(const std::string& url, const PgOptions& options) {
  std::unique_ptr<PgStore> store(new PgStore(url, options));
  TRY(store->connect());
  TRY(migrate(*store->m_conn).or_else([&](const Error& e) -> Result<void> {
    return make_error(e.code(), fmt::format("{}: {}", redact_url(url), e.message()));
  }));
  return store;
}

Result<void> PgStore::connect() {
  m_conn.reset();
  try {
    auto conn = std::make_unique<pqxx::connection>(m_url);
    // set_variable: libpqxx re-applies these if it reconnects.
    conn->set_variable("TimeZone", "'UTC'");
    conn->set_variable("DateStyle", "'ISO, YMD'");
    conn->set_variable("client_min_messages", "warning");
    conn->set_variable("lock_timeout", std::to_string(std::max(1, m_options.busy_timeout_ms)));
    m_conn = std::move(conn);
  } catch (const std::exception& e) {
    return make_error(ErrorCode::io_error,
                      fmt::format("store: cannot connect to {}: {}", redact_url(m_url), message_line(e.what())));
  }
  return {};
}

Result<void> PgStore::attempt(const TxFunction& fn, bool writable, bool& retry) {
  retry = false;
  if (!m_conn || !m_conn->is_open()) {
    TRY(connect());
  }
  try {
    return writable ? run_in<WriteTx>(*m_conn, fn, true, retry, m_outbox_seal)
                    : run_in<ReadTx>(*m_conn, fn, false, retry, m_outbox_seal);
  } catch (const pqxx::transaction_rollback& e) {  // at COMMIT: SSI found a conflict
    retry = true;
    return make_error(ErrorCode::busy, fmt::format("store: transaction not serialisable: {}", message_line(e.what())));
  } catch (const pqxx::in_doubt_error& e) {
    m_conn.reset();
    return make_error(ErrorCode::io_error, fmt::format("store: the commit's outcome is unknown (connection lost): {}",
                                                       message_line(e.what())));
  } catch (const pqxx::broken_connection& e) {
    m_conn.reset();
    retry = true;
    return make_error(ErrorCode::io_error, fmt::format("store: connection lost: {}", message_line(e.what())));
  } catch (const std::exception& e) {
    return make_error(ErrorCode::io_error, fmt::format("store: {}", message_line(e.what())));
  }
}

Result<void> PgStore::write(const TxFunction& fn) {
  std::lock_guard lock(m_mutex);
  std::minstd_rand rng(std::random_device{}());
  for (int attempt_no = 1;; ++attempt_no) {
    bool retry = false;
    Result<void> result = attempt(fn, true, retry);
    if (result || !retry) {
      return result;
    }
    if (attempt_no >= m_options.max_attempts) {
      return make_error(ErrorCode::busy,
                        fmt::format("store: gave up after {} attempts: {}", attempt_no, result.error().message()));
    }
    ++m_retries;
    // Random back-off, growing to at most 50 ms, so that the losers do not collide again.
    int cap_ms = std::min(50, 1 << std::min(attempt_no, 6));
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % (static_cast<unsigned>(cap_ms) * 1000U)));
  }
}

Result<void> PgStore::read(const TxFunction& fn) {
  std::lock_guard lock(m_mutex);
  bool retry = false;
  Result<void> result = attempt(fn, false, retry);
  if (!result && retry && !m_conn) {  // lost the connection: once more on a new one
    result = attempt(fn, false, retry);
  }
  return result;
}

Result<void> PgStore::backup_to(const std::filesystem::path& destination) {
  return make_error(ErrorCode::not_supported,
                    fmt::format("backup: the store is PostgreSQL; use pg_dump, which copies a consistent snapshot "
                                "while the servers keep writing, e.g. pg_dump --format=custom --file={} '{}'",
                                destination.string(), redact_url(m_url)));
}

}  // namespace embargo::storage::postgres
