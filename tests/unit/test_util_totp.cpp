// TOTP against the published vectors: RFC 4226 appendix D (HOTP, 6 digits),
// RFC 6238 appendix B (SHA-1, 8 digits), RFC 4648 section 10 (base32).

#include <doctest/doctest.h>

#include <embargo/util/totp.hpp>

using namespace embargo;

namespace {

const std::string k_rfc_key = "12345678901234567890";

util::Timestamp at(std::int64_t unix_seconds) {
  return util::Timestamp(std::chrono::seconds(unix_seconds));
}

}  // namespace

TEST_CASE("HOTP: RFC 4226 appendix D") {
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (int count = 0; count < 10; ++count) {
    CHECK(util::totp_code(k_rfc_key, count) == expected[count]);
  }
}

TEST_CASE("TOTP: RFC 6238 appendix B, SHA-1") {
  struct Vector {
    std::int64_t time;
    std::int64_t step;
    const char* code;
  };
  const Vector vectors[] = {{59, 1, "94287082"},
                            {1111111109, 0x23523EC, "07081804"},
                            {1111111111, 0x23523ED, "14050471"},
                            {1234567890, 0x273EF07, "89005924"},
                            {2000000000, 0x3F940AA, "69279037"},
                            {20000000000, 0x27BC86AA, "65353130"}};
  for (const auto& v : vectors) {
    CAPTURE(v.time);
    CHECK(util::totp_step(at(v.time)) == v.step);
    CHECK(util::totp_code(k_rfc_key, util::totp_step(at(v.time)), 8) == v.code);
  }
}

TEST_CASE("totp_match: one step either side, never a step already used") {
  auto now = at(1111111111);  // step 0x23523ED
  std::int64_t step = util::totp_step(now);
  std::string current = util::totp_code(k_rfc_key, step);
  CHECK(util::totp_match(k_rfc_key, current, now, 0) == step);
  CHECK(util::totp_match(k_rfc_key, util::totp_code(k_rfc_key, step - 1), now, 0) == step - 1);
  CHECK(util::totp_match(k_rfc_key, util::totp_code(k_rfc_key, step + 1), now, 0) == step + 1);
  SUBCASE("two steps away is refused") {
    CHECK(!util::totp_match(k_rfc_key, util::totp_code(k_rfc_key, step - 2), now, 0));
    CHECK(!util::totp_match(k_rfc_key, util::totp_code(k_rfc_key, step + 2), now, 0));
  }
  SUBCASE("replay: the step used last, or an earlier one, is refused") {
    CHECK(!util::totp_match(k_rfc_key, current, now, step));
    CHECK(!util::totp_match(k_rfc_key, util::totp_code(k_rfc_key, step - 1), now, step - 1));
    CHECK(util::totp_match(k_rfc_key, util::totp_code(k_rfc_key, step + 1), now, step) == step + 1);
  }
  SUBCASE("malformed codes are refused") {
    CHECK(!util::totp_match(k_rfc_key, "", now, 0));
    CHECK(!util::totp_match(k_rfc_key, current.substr(0, 5), now, 0));
    CHECK(!util::totp_match(k_rfc_key, current + "0", now, 0));
    CHECK(!util::totp_match("another key 12345678", current, now, 0));
  }
}

TEST_CASE("base32: RFC 4648 section 10") {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},           {"f", "MY"},
                                                         {"fo", "MZXQ"},     {"foo", "MZXW6"},
                                                         {"foob", "MZXW6YQ"}, {"fooba", "MZXW6YTB"},
                                                         {"foobar", "MZXW6YTBOI"}};
  for (const auto& [plain, encoded] : vectors) {
    CHECK(util::base32_encode(plain) == encoded);
    CHECK(util::base32_decode(encoded).value() == plain);
  }
  CHECK(util::base32_decode("mzxw6ytboi======").value() == "foobar");
  auto bad = util::base32_decode("MZXW1");
  REQUIRE(!bad);
  CHECK(bad.error().code() == ErrorCode::invalid_argument);
}

TEST_CASE("otpauth URI") {
  std::string uri = util::otpauth_uri("Exim security", "tina", k_rfc_key);
  CHECK(uri == "otpauth://totp/Exim%20security:tina?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Exim%20security"
               "&algorithm=SHA1&digits=6&period=30");
}
