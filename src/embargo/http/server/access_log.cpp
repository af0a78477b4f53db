#include <embargo/http/server/access_log.hpp>

#include <chrono>

#include <nlohmann/json.hpp>

#include <embargo/util/time.hpp>

namespace embargo::http {

namespace {

std::string now_text() {
  return util::format_timestamp(std::chrono::time_point_cast<std::chrono::microseconds>(
      std::chrono::system_clock::now()));
}

// Request paths come from the network: keep them bounded and valid UTF-8 for
// the JSON encoder (invalid bytes are replaced).
std::string bounded(std::string_view s) { return std::string(s.substr(0, 512)); }

}  // namespace

void AccessLog::write_line(const std::string& line) {
  if (m_out == nullptr) {
    return;
  }
  std::lock_guard lock(m_mutex);
  std::fwrite(line.data(), 1, line.size(), m_out);
  std::fputc('\n', m_out);
  std::fflush(m_out);
}

void AccessLog::request(const AccessEntry& e) {
  if (m_out == nullptr) {
    return;
  }
  nlohmann::json j = {{"t", now_text()},      {"event", "request"},  {"addr", bounded(e.address)},
                      {"method", bounded(e.method)}, {"path", bounded(e.path)}, {"status", e.status},
                      {"bytes", e.bytes},     {"user", bounded(e.user)},
                      {"ms", static_cast<double>(static_cast<std::int64_t>(e.milliseconds * 1000)) / 1000}};
  write_line(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void AccessLog::denial(std::string_view address, std::string_view case_id, std::string_view user,
                       std::string_view reason) {
  nlohmann::json j = {{"t", now_text()},          {"event", "auth_denied"}, {"addr", bounded(address)},
                      {"case", bounded(case_id)}, {"user", bounded(user)},  {"reason", bounded(reason)}};
  write_line(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void AccessLog::case_read(std::string_view address, std::string_view case_id, std::string_view user,
                          std::string_view view) {
  nlohmann::json j = {{"t", now_text()},          {"event", "case_read"}, {"addr", bounded(address)},
                      {"case", bounded(case_id)}, {"user", bounded(user)}, {"view", bounded(view)}};
  write_line(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void AccessLog::event(std::string_view name, std::string_view detail) {
  nlohmann::json j = {{"t", now_text()}, {"event", bounded(name)}, {"detail", bounded(detail)}};
  write_line(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace embargo::http
