#pragma once

// The structured access log: one JSON object per line, per request and per
// authentication denial. It never holds an Authorization header, a password
// or a query string (only the path).
//
// Thread safety: safe to share; lines are written whole.

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

namespace embargo::http {

struct AccessEntry {
  std::string_view address;
  std::string_view method;
  std::string_view path;
  unsigned status = 0;
  std::uint64_t bytes = 0;
  std::string_view user;
  double milliseconds = 0;
};

class AccessLog {
 public:
  // Writes to `out` (not owned; stderr by default). nullptr disables.
  explicit AccessLog(std::FILE* out = stderr) : m_out(out) {}

  void request(const AccessEntry& e);
  // A refused authentication: who claimed to be whom, for which case, why.
  void denial(std::string_view address, std::string_view case_id, std::string_view user, std::string_view reason);
  // A read of a case by a person or token (web page, portal, API), with the
  // view: "case", "portal", "api". Every read of a case is logged here, not
  // on the timeline, so that reads stay reads.
  void case_read(std::string_view address, std::string_view case_id, std::string_view user, std::string_view view);
  // A free-form server event ("listening", "stopping").
  void event(std::string_view name, std::string_view detail);

 private:
  void write_line(const std::string& line);

  std::FILE* m_out;
  std::mutex m_mutex;
};

}  // namespace embargo::http
