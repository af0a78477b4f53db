#include <embargo/http/web/page_cache.hpp>

namespace embargo::http {

std::shared_ptr<const std::string> PageCache::find(const std::string& key, std::int64_t version) const {
  std::lock_guard lock(m_mutex);
  auto it = m_entries.find(key);
  if (it == m_entries.end() || it->second.version != version) {
    return nullptr;
  }
  return it->second.fragment;
}

void PageCache::put(const std::string& key, std::int64_t version, std::shared_ptr<const std::string> fragment) {
  std::lock_guard lock(m_mutex);
  if (m_entries.size() >= m_capacity && m_entries.find(key) == m_entries.end()) {
    m_entries.clear();
  }
  m_entries[key] = Entry{version, std::move(fragment)};
}

}  // namespace embargo::http
