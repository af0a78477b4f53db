#include <doctest/doctest.h>

#include <embargo/http/server/form.hpp>

using namespace embargo;
using namespace embargo::http;

TEST_CASE("parse_form") {
  SUBCASE("decodes + and %XX") {
    auto f = parse_form("title=a+b%3Cc%3E&empty=&flag").value();
    CHECK(field(f, "title") == "a b<c>");
    CHECK(field(f, "empty").empty());
    CHECK(f.count("flag") == 1);
    CHECK(field(f, "missing").empty());
  }
  SUBCASE("refuses malformed input with a message") {
    CHECK(parse_form("a=%4").error().message().find("truncated") != std::string::npos);
    CHECK(parse_form("a=%zz").error().message().find("malformed") != std::string::npos);
    CHECK(parse_form("a=%00").error().message().find("NUL") != std::string::npos);
    CHECK(parse_form("a=1&a=2").error().message().find("twice") != std::string::npos);
    std::string many;
    for (int i = 0; i < 65; ++i) {
      many += "f" + std::to_string(i) + "=1&";
    }
    CHECK(parse_form(many).error().message().find("more than 64") != std::string::npos);
  }
  SUBCASE("empty pairs are skipped") {
    CHECK(parse_form("&&a=1&").value().size() == 1);
  }
}

TEST_CASE("cookies") {
  RequestMessage m;
  m.set(beast_http::field::cookie, "a=1; embargo_session=xyz ;b=2");
  CHECK(cookie(m, "embargo_session").value() == "xyz");
  CHECK(cookie(m, "a").value() == "1");
  CHECK(!cookie(m, "embargo"));
  CHECK(set_cookie("s", "v", true) == "s=v; Path=/; HttpOnly; SameSite=Strict; Secure");
  CHECK(set_cookie("s", "", false, 0) == "s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  CHECK(query_of("/portal/open?t=abc") == "t=abc");
  CHECK(query_of("/cases").empty());
}
