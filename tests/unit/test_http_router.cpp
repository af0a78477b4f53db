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

TEST_CASE("Router: a response header holding CR or LF is never sent (issue 24, finding 5)") {
  Router router(nullptr);
  std::string location;
  router.add("/r/", [&](const Request& req) {
    Response res = text_response(req, beast_http::status::moved_permanently, "Moved\n");
    std::get<StringResponse>(res.message).set(beast_http::field::location, location);
    return res;
  });
  RequestMessage msg{beast_http::verb::get, "/r/x", 11};
  for (const std::string& bad :
       {std::string("/public/x\r\nSet-Cookie: s=1"), std::string("/public/x\n"), std::string("/a\0b", 4)}) {
    location = bad;
    CHECK(router.dispatch(Request{msg, "192.0.2.1"}).status() == 500);
  }
  location = "/public/EMB-2026-0001/" + encode_path_segment("evil\r\nSet-Cookie: s=1");
  auto ok = router.dispatch(Request{msg, "192.0.2.1"});
  CHECK(ok.status() == 301);
  CHECK(std::string(std::get<StringResponse>(ok.message)[beast_http::field::location]) ==
        "/public/EMB-2026-0001/evil%0D%0ASet-Cookie%3A%20s%3D1");
}

TEST_CASE("encode_path_segment") {
  CHECK(encode_path_segment("exim-4.99.1.tar.xz") == "exim-4.99.1.tar.xz");
  CHECK(encode_path_segment("a b/c?d%e#f") == "a%20b%2Fc%3Fd%25e%23f");
  std::string decoded;
  REQUIRE(decode_path_segment(encode_path_segment("x\r\ny~"), decoded));
  CHECK(decoded == "x\r\ny~");
}
