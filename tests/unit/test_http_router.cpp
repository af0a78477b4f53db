#include <doctest/doctest.h>

#include <cstdio>
#include <stdexcept>

#include <embargo/http/server/router.hpp>

using namespace embargo::http;

namespace {

Response answer(const Request& req, std::string body) {
  return text_response(req, beast_http::status::ok, std::move(body));
}

std::string body_of(const Response& r) { return std::get<StringResponse>(r.message).body(); }

}  // namespace

TEST_CASE("Router") {
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  AccessLog log(file);
  Router router(&log);
  router.add("/embargo/", [](const Request& req) { return answer(req, "embargo"); });
  router.add("/embargo/special/", [](const Request& req) { return answer(req, "special"); });
  router.add("/boom/", [](const Request&) -> Response { throw std::runtime_error("store unreachable"); });
  RequestMessage msg{beast_http::verb::get, "/", 11};
  auto dispatch = [&](std::string target) {
    msg.target(target);
    return router.dispatch(Request{msg, "192.0.2.1"});
  };

  CHECK(body_of(dispatch("/embargo/EMB-2026-0001/f")) == "embargo");
  CHECK(body_of(dispatch("/embargo/special/x?y=/z")) == "special");  // longest prefix wins, added in any order
  CHECK(dispatch("/embargo").status() == 404);
  CHECK(dispatch("/").status() == 404);
  CHECK(body_of(dispatch("/embargo/?q")) == "embargo");

  auto failed = dispatch("/boom/now");
  CHECK(failed.status() == 500);
  CHECK(body_of(failed).find("store unreachable") == std::string::npos);  // no internals to the client
  std::fflush(file);
  std::rewind(file);
  char buffer[512] = {};
  std::size_t n = std::fread(buffer, 1, sizeof buffer - 1, file);
  std::string logged(buffer, n);
  CHECK(logged.find("\"event\":\"handler_error\"") != std::string::npos);
  CHECK(logged.find("store unreachable") != std::string::npos);
  std::fclose(file);
}
