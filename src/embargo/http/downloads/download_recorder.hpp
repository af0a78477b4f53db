#pragma once

// Records downloads in the store without a durable write per request: the
// serving threads queue records, one background thread writes them in one
// transaction per second (or per 1000 records). stop() writes what is left.
// A crash loses at most the last second of records; the access log has
// them too.
//
// Thread safety: record() from any thread.

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include <embargo/core/store.hpp>
#include <embargo/http/server/access_log.hpp>

namespace embargo::http {

class DownloadRecorder {
 public:
  // `store` and `log` must outlive the recorder.
  DownloadRecorder(core::Store& store, AccessLog& log);
  ~DownloadRecorder();
  DownloadRecorder(const DownloadRecorder&) = delete;
  DownloadRecorder& operator=(const DownloadRecorder&) = delete;

  void record(core::Download d);
  // Writes everything queued and ends the thread. Idempotent.
  void stop();

 private:
  void loop();
  void flush(std::vector<core::Download>& batch);

  core::Store& m_store;
  AccessLog& m_log;
  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::vector<core::Download> m_queue;
  bool m_stopping = false;
  std::thread m_thread;
};

}  // namespace embargo::http
