#include <fmt/format.h>

#include <embargo/mail/reminder_loop.hpp>

namespace embargo::mail {

ReminderLoop::ReminderLoop(core::Store& store, const core::CaseService& cases, const core::ReminderPolicy& policy,
                           core::ReminderMailer* mailer, const util::Clock& clock, std::chrono::seconds interval,
                           std::function<void(const std::string&)> report, const core::ComingDates* more)
    : m_store(store),
      m_cases(cases),
      m_policy(policy),
      m_mailer(mailer),
      m_more(more),
      m_clock(clock),
      m_interval(interval),
      m_report(std::move(report)) {}

ReminderLoop::~ReminderLoop() {
  stop();
}

Result<std::size_t> ReminderLoop::run_once() {
  std::size_t sent = 0;
  util::Timestamp now = m_clock.now();
  TRY(m_store.write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto due, core::run_reminders(tx, m_cases, m_policy, now, m_mailer, m_more));
    sent = due.size();
    return {};
  }));
  return sent;
}

void ReminderLoop::start() {
  if (m_interval.count() <= 0 || m_thread.joinable()) {
    return;
  }
  m_thread = std::thread([this] { loop(); });
}

void ReminderLoop::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_cv.notify_all();
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

void ReminderLoop::loop() {
  std::unique_lock lock(m_mutex);
  while (!m_cv.wait_for(lock, m_interval, [this] { return m_stopping; })) {
    lock.unlock();
    auto sent = run_once();
    if (!sent) {
      m_report(fmt::format("reminders failed: {}", sent.error().message()));
    } else if (*sent > 0) {
      m_report(fmt::format("{} reminders queued", *sent));
    }
    lock.lock();
  }
}

}  // namespace embargo::mail
