#include <fmt/format.h>

#include <embargo/mail/outbox_flusher.hpp>

namespace embargo::mail {

OutboxFlusher::OutboxFlusher(core::Store& store, const core::CaseService& cases, const util::Clock& clock,
                             Transport& transport, OutboxOptions options, std::chrono::seconds interval,
                             std::function<void(const std::string&)> report)
    : m_outbox(store, cases, clock, transport, std::move(options)), m_interval(interval), m_report(std::move(report)) {}

OutboxFlusher::~OutboxFlusher() {
  stop();
}

Result<std::vector<Delivery>> OutboxFlusher::run_once() {
  return m_outbox.deliver_all();
}

void OutboxFlusher::start() {
  if (m_interval.count() <= 0 || m_thread.joinable()) {
    return;
  }
  m_thread = std::thread([this] { loop(); });
}

void OutboxFlusher::wake() {
  {
    std::lock_guard lock(m_mutex);
    m_woken = true;
  }
  m_cv.notify_all();
}

void OutboxFlusher::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_cv.notify_all();
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

void OutboxFlusher::loop() {
  std::unique_lock lock(m_mutex);
  while (!m_stopping) {
    m_woken = false;
    lock.unlock();
    auto deliveries = run_once();
    if (!deliveries) {
      m_report(fmt::format("outbox delivery failed: {}", deliveries.error().message()));
    } else {
      for (const Delivery& d : *deliveries) {
        if (d.outcome != "waiting") {
          m_report(fmt::format("{} <{}>{}", d.outcome, d.message_id, d.detail.empty() ? "" : ": " + d.detail));
        }
      }
    }
    lock.lock();
    m_cv.wait_for(lock, m_interval, [this] { return m_stopping || m_woken; });
  }
}

}  // namespace embargo::mail
