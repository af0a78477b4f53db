#pragma once

// Maps request paths to handlers by prefix (longest first). Handlers are
// plain functions Request -> Response; the web pages and API of later issues
// add theirs here (doc/ARCHITECTURE.md, "Adding routes"). dispatch() is the
// handler boundary: a std::exception thrown by a handler becomes a 500 and a
// "handler_error" line in the access log, never a dead server.
//
// Handlers run on the server's worker threads, several at once: they must be
// thread-safe, and they may block briefly (a store read), not for long.

#include <functional>
#include <string>
#include <vector>

#include <embargo/http/server/access_log.hpp>
#include <embargo/http/server/message.hpp>

namespace embargo::http {

using Handler = std::function<Response(const Request&)>;

class Router {
 public:
  // `log` (not owned, may be nullptr) receives handler errors.
  explicit Router(AccessLog* log = nullptr) : m_log(log) {}

  // `prefix` starts with '/'; a request matches when its path (the target up
  // to '?', still %-encoded) starts with it. End directory prefixes with '/'
  // ("/api/", not "/api", which would also match "/apiary").
  void add(std::string prefix, Handler handler);

  // The handler's response; 404 when no prefix matches, 500 when it threw.
  Response dispatch(const Request& req) const;

 private:
  AccessLog* m_log;
  std::vector<std::pair<std::string, Handler>> m_routes;  // longest prefix first
};

}  // namespace embargo::http
