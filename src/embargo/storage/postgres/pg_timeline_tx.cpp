// PgTx: the hash-chained timeline (append and stream).

#include <fmt/format.h>
#include <pqxx/pqxx>

#include <embargo/storage/postgres/pg_tx.hpp>

namespace embargo::storage::postgres {

namespace {

constexpr int k_fetch_rows = 1000;

}  // namespace

Result<void> PgTx::append_timeline(const core::TimelineEntry& e) {
  TRY(require_writable());
  return guarded(fmt::format("timeline entry {} of {}", e.seq, e.case_id), [&]() -> Result<void> {
    // Lock the case row first: appends to one case queue, whichever path led here.
    if (m_txn.exec_params("SELECT 1 FROM cases WHERE id = $1 FOR UPDATE", e.case_id).empty()) {
      return make_error(ErrorCode::not_found, fmt::format("case {} does not exist", e.case_id));
    }
    auto r = m_txn.exec_params(
        "INSERT INTO timeline(case_id, seq, at, actor, kind, text, data, prev_hash, hash) "
        "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT (case_id, seq) DO NOTHING RETURNING 1",
        e.case_id, e.seq, ts_param(e.at), e.actor, e.kind, e.text, e.data, e.prev_hash, e.hash);
    if (r.empty()) {
      return make_error(ErrorCode::conflict, fmt::format("{} already has timeline entry {}", e.case_id, e.seq));
    }
    return {};
  });
}

Result<void> PgTx::for_each_timeline_entry(std::string_view case_id,
                                           const std::function<Result<void>(const core::TimelineEntry&)>& fn) {
  // A server-side cursor read in batches: memory stays flat over a million
  // entries, and `fn` may run other queries in between (each FETCH is whole).
  std::string cursor = fmt::format("embargo_timeline_{}", ++m_cursors);
  std::string where =
      case_id.empty() ? std::string() : fmt::format(" WHERE case_id = {}", m_txn.quote(std::string(case_id)));
  return guarded(fmt::format("timeline of {}", case_id.empty() ? "all cases" : case_id), [&]() -> Result<void> {
    m_txn.exec(
        fmt::format("DECLARE {} NO SCROLL CURSOR FOR SELECT case_id, seq, {}, actor, kind, text, data, "
                    "prev_hash, hash FROM timeline{} ORDER BY case_id, seq",
                    cursor, micros("at"), where));
    core::TimelineEntry e;
    while (true) {
      pqxx::result batch = m_txn.exec(fmt::format("FETCH {} FROM {}", k_fetch_rows, cursor));
      for (const auto& r : batch) {
        e.case_id = r[0].as<std::string>();
        e.seq = r[1].as<std::int64_t>();
        e.at = from_micros(r[2].as<std::int64_t>());
        e.actor = r[3].as<std::string>();
        e.kind = r[4].as<std::string>();
        e.text = r[5].as<std::string>();
        e.data = r[6].as<std::string>();
        e.prev_hash = r[7].as<std::string>();
        e.hash = r[8].as<std::string>();
        Result<void> done = fn(e);
        if (!done) {
          try {
            m_txn.exec(fmt::format("CLOSE {}", cursor));
          } catch (const std::exception&) {
            // fn's own error is the one to report (the transaction may be aborted already)
          }
          return done;
        }
      }
      if (batch.size() < static_cast<std::size_t>(k_fetch_rows)) {
        break;
      }
    }
    m_txn.exec(fmt::format("CLOSE {}", cursor));
    return {};
  });
}

}  // namespace embargo::storage::postgres
