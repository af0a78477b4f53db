#include <embargo/http/server/router.hpp>

#include <algorithm>

namespace embargo::http {

void Router::add(std::string prefix, Handler handler) {
  m_routes.emplace_back(std::move(prefix), std::move(handler));
  std::stable_sort(m_routes.begin(), m_routes.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

Response Router::dispatch(const Request& req) const {
  std::string_view path = req.path();
  for (const auto& [prefix, handler] : m_routes) {
    if (path.substr(0, prefix.size()) == prefix) {
      try {
        Response res = handler(req);
        if (!headers_are_clean(res)) {
          if (m_log != nullptr) {
            m_log->event("handler_error", prefix + ": a response header held CR, LF or NUL");
          }
          return text_response(req, beast_http::status::internal_server_error, "Internal server error\n");
        }
        return res;
      } catch (const std::exception& e) {
        if (m_log != nullptr) {
          m_log->event("handler_error", prefix + ": " + e.what());
        }
        return text_response(req, beast_http::status::internal_server_error, "Internal server error\n");
      }
    }
  }
  return text_response(req, beast_http::status::not_found, "Not found\n");
}

}  // namespace embargo::http
