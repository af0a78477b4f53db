#pragma once

// Maps request paths to handlers by prefix (longest first). Handlers are
// plain functions Request -> Response; the web pages and API of later issues
// add theirs here. dispatch() is the handler boundary: a std::exception
// thrown by a handler becomes a 500 (logged), never a dead server.

#include <functional>
#include <string>
#include <vector>

#include <embargo/http/message.hpp>

namespace embargo::http {

using Handler = std::function<Response(const Request&)>;

class Router {
 public:
  // `prefix` starts with '/'; a request matches when its path starts with it.
  void add(std::string prefix, Handler handler);

  // The handler's response; 404 when no prefix matches, 500 when it threw.
  Response dispatch(const Request& req) const;

 private:
  std::vector<std::pair<std::string, Handler>> m_routes;  // longest prefix first
};

}  // namespace embargo::http
