#pragma once

// embargod's mail-flush thread: runs Outbox::deliver_all every `interval`
// and as soon as wake() is called (embargod calls it when the job runner has
// committed a release step, which may have queued notices), so that queued
// mail goes out without anyone typing `embargo mail flush`.
//
// Several senders at once (two embargod nodes on one PostgreSQL, and
// `embargo mail flush` by hand) are safe: Outbox::deliver claims an entry by
// moving it pending -> sending in a write transaction that first reads its
// state (SQLite: BEGIN IMMEDIATE serialises writers; PostgreSQL: SERIALIZABLE,
// retried on a serialization failure), so exactly one sender wins the claim;
// the others see `sending` and report "waiting" until the receipt grace
// (mail.receipt_grace_seconds) has passed. The grace must therefore be longer
// than any SMTP transaction takes.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include <embargo/mail/outbox.hpp>

namespace embargo::mail {

class OutboxFlusher {
 public:
  // All must outlive the flusher. `report` gets one line per delivery that
  // did something (not "waiting") and per failed run.
  OutboxFlusher(core::Store& store, const core::CaseService& cases, const util::Clock& clock, Transport& transport,
                OutboxOptions options, std::chrono::seconds interval, std::function<void(const std::string&)> report);
  OutboxFlusher(const OutboxFlusher&) = delete;
  OutboxFlusher& operator=(const OutboxFlusher&) = delete;
  ~OutboxFlusher();

  // One deliver_all now, in the caller's thread (not while the thread runs).
  Result<std::vector<Delivery>> run_once();
  // Starts the thread (a first run at once). Nothing when interval is 0.
  void start();
  // Makes the thread run now (or as soon as its current run is over).
  void wake();
  // Idempotent; waits for the current run.
  void stop();

 private:
  void loop();

  Outbox m_outbox;
  std::chrono::seconds m_interval;
  std::function<void(const std::string&)> m_report;
  std::mutex m_mutex;
  std::condition_variable m_cv;
  bool m_stopping = false;
  bool m_woken = false;
  std::thread m_thread;
};

}  // namespace embargo::mail
