#pragma once

// Rendered page fragments (issue 10: the case list under load), each valid
// while the store's change counter (StoreTx::change_counter) is the value
// it was rendered at. The caller reads the counter in the same read
// transaction as the data it renders from, so a fragment is never newer or
// older than the counter it is stored with. Keys name everything else the
// fragment depends on: who asks (their name and role), the query, and the
// minute when the fragment shows times relative to now.
//
// Thread safety: all methods may be called from any thread. Holds at most
// `capacity` fragments; when full, it starts again empty.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace embargo::http {

class PageCache {
 public:
  explicit PageCache(std::size_t capacity = 1024) : m_capacity(capacity) {}

  // The fragment under `key` rendered at counter `version`, or null.
  std::shared_ptr<const std::string> find(const std::string& key, std::int64_t version) const;
  void put(const std::string& key, std::int64_t version, std::shared_ptr<const std::string> fragment);

 private:
  struct Entry {
    std::int64_t version = 0;
    std::shared_ptr<const std::string> fragment;
  };
  mutable std::mutex m_mutex;
  std::unordered_map<std::string, Entry> m_entries;
  std::size_t m_capacity;
};

}  // namespace embargo::http
