#pragma once

// embargod's reminder thread (issue 13): every `interval` it runs
// core::run_reminders at the clock's time in one write transaction, so that
// reminders go out without anyone typing `embargo remind run`. The work is
// the same as that command's; tests drive that command with --now rather than
// waiting on this thread.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include <embargo/core/reminders.hpp>

namespace embargo::mail {

class ReminderLoop {
 public:
  // All must outlive the loop. `report` gets one line per run that sent
  // something or failed.
  // `more` (may be null): further coming-up dates (the lists' duties).
  ReminderLoop(core::Store& store, const core::CaseService& cases, const core::ReminderPolicy& policy,
               core::ReminderMailer* mailer, const util::Clock& clock, std::chrono::seconds interval,
               std::function<void(const std::string&)> report, const core::ComingDates* more = nullptr);
  ReminderLoop(const ReminderLoop&) = delete;
  ReminderLoop& operator=(const ReminderLoop&) = delete;
  ~ReminderLoop();

  // One evaluation now, in the caller's thread; how many reminders went out.
  Result<std::size_t> run_once();
  // Starts the thread (first run after one interval). Stops with stop() or the destructor.
  void start();
  // Idempotent.
  void stop();

 private:
  void loop();

  core::Store& m_store;
  const core::CaseService& m_cases;
  const core::ReminderPolicy& m_policy;
  core::ReminderMailer* m_mailer;
  const core::ComingDates* m_more;
  const util::Clock& m_clock;
  std::chrono::seconds m_interval;
  std::function<void(const std::string&)> m_report;
  std::mutex m_mutex;
  std::condition_variable m_cv;
  bool m_stopping = false;
  std::thread m_thread;
};

}  // namespace embargo::mail
