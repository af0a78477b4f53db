#include <embargo/http/downloads/download_recorder.hpp>

#include <chrono>

namespace embargo::http {

namespace {

constexpr std::size_t k_batch = 1000;

}  // namespace

DownloadRecorder::DownloadRecorder(core::Store& store, AccessLog& log)
    : m_store(store), m_log(log), m_thread([this] { loop(); }) {}

DownloadRecorder::~DownloadRecorder() { stop(); }

void DownloadRecorder::record(core::Download d) {
  std::lock_guard lock(m_mutex);
  m_queue.push_back(std::move(d));
  if (m_queue.size() >= k_batch) {
    m_cv.notify_one();
  }
}

void DownloadRecorder::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_cv.notify_one();
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

void DownloadRecorder::loop() {
  std::unique_lock lock(m_mutex);
  while (true) {
    m_cv.wait_for(lock, std::chrono::seconds(1), [this] { return m_stopping || m_queue.size() >= k_batch; });
    std::vector<core::Download> batch;
    batch.swap(m_queue);
    bool stopping = m_stopping;
    lock.unlock();
    if (!batch.empty()) {
      flush(batch);
    }
    lock.lock();
    if (stopping && m_queue.empty()) {
      return;
    }
  }
}

void DownloadRecorder::flush(std::vector<core::Download>& batch) {
  auto written = m_store.write([&](core::StoreTx& tx) { return tx.insert_downloads(batch); });
  if (!written) {
    m_log.event("download_record_failed", written.error().message());
  }
}

}  // namespace embargo::http
