#include <doctest/doctest.h>

#include <embargo/config/config_file.hpp>

#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;

TEST_CASE("config [http]: defaults, values and bounds") {
  SUBCASE("the file embargo init writes parses, with the defaults") {
    auto c = unwrap(config::parse_config(config::default_config_text("Exim", "EMB"), "embargo.toml"));
    CHECK(c.http.listen == "127.0.0.1:8443");
    CHECK(c.http.tls_cert.empty());
    CHECK(c.http.access_log.empty());
    CHECK(c.http.request_timeout_seconds == 30);
    CHECK(c.http.digest_nonce_seconds == 300);
    CHECK(c.http.max_failures_per_address == 10);
    CHECK(c.http.max_failures_per_usercode == 30);
  }
  SUBCASE("values are read") {
    auto c = unwrap(config::parse_config(
        "[http]\nlisten = \"0.0.0.0:443\"\ntls_cert = \"tls/c.pem\"\ntls_key = \"tls/k.pem\"\n"
        "access_log = \"-\"\nrequest_timeout_seconds = 5\nmax_failures_per_address = 3\n",
        "t.toml"));
    CHECK(c.http.listen == "0.0.0.0:443");
    CHECK(c.http.tls_cert == "tls/c.pem");
    CHECK(c.http.tls_key == "tls/k.pem");
    CHECK(c.http.access_log == "-");
    CHECK(c.http.request_timeout_seconds == 5);
    CHECK(c.http.max_failures_per_address == 3);
    CHECK(c.http.max_failures_per_usercode == 30);
  }
  SUBCASE("out of range or of the wrong type: an error naming the key") {
    auto r = config::parse_config("[http]\nrequest_timeout_seconds = 0\n", "t.toml");
    REQUIRE(!r);
    CHECK(r.error().message().find("http.request_timeout_seconds") != std::string::npos);
    r = config::parse_config("[http]\ndigest_nonce_seconds = 1000000\n", "t.toml");
    REQUIRE(!r);
    CHECK(r.error().message().find("http.digest_nonce_seconds") != std::string::npos);
    r = config::parse_config("[http]\nlisten = 8443\n", "t.toml");
    REQUIRE(!r);
    CHECK(r.error().message().find("listen") != std::string::npos);
  }
}
