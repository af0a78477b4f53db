#pragma once

// Small RAII holders and helpers over GMime's GObject API, shared by the
// parser and the builder. Only mail/ includes this.

#include <string>
#include <vector>

#include <gmime/gmime.h>

namespace embargo::mail {

// Calls g_mime_init once per process.
void ensure_gmime();

// Owns one GObject reference.
template <typename T>
class GObj {
 public:
  explicit GObj(T* p = nullptr) : m_p(p) {}
  GObj(const GObj&) = delete;
  GObj& operator=(const GObj&) = delete;
  GObj(GObj&& o) noexcept : m_p(o.m_p) { o.m_p = nullptr; }
  ~GObj() {
    if (m_p != nullptr) {
      g_object_unref(m_p);
    }
  }
  T* get() const { return m_p; }
  explicit operator bool() const { return m_p != nullptr; }

 private:
  T* m_p;
};

// Owns memory from g_malloc.
template <typename T>
class GPtr {
 public:
  explicit GPtr(T* p) : m_p(p) {}
  GPtr(const GPtr&) = delete;
  GPtr& operator=(const GPtr&) = delete;
  ~GPtr() { g_free(m_p); }
  T* get() const { return m_p; }
  explicit operator bool() const { return m_p != nullptr; }

 private:
  T* m_p;
};

// Serialises `object` with CRLF line ends. `canonical`: as RFC 3156 signs it
// (every line ending in CRLF, nothing else changed).
std::string to_string_crlf(GMimeObject* object, bool canonical);

// The message ids in a References or In-Reply-To header, without <>.
std::vector<std::string> parse_message_ids(const char* header);

}  // namespace embargo::mail
