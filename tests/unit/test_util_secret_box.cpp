#include <doctest/doctest.h>

#include <embargo/util/secret_box.hpp>

using namespace embargo;

TEST_CASE("SecretBox") {
  util::SecretBox box(util::SecretBox::generate_key());
  std::string sealed = box.seal("0123456789abcdef", "EMB-2026-0001\ndistros\nSHA-256");

  SUBCASE("opens under the same key and context") {
    CHECK(box.open(sealed, "EMB-2026-0001\ndistros\nSHA-256").value() == "0123456789abcdef");
  }
  SUBCASE("the sealed form does not hold the plaintext, and differs every time") {
    CHECK(sealed.find("0123456789abcdef") == std::string::npos);
    CHECK(box.seal("0123456789abcdef", "EMB-2026-0001\ndistros\nSHA-256") != sealed);
  }
  SUBCASE("another context (a value moved to another row) does not open") {
    auto r = box.open(sealed, "EMB-2026-0001\nlinux-distros\nSHA-256");
    REQUIRE(!r);
    CHECK(r.error().code() == ErrorCode::corruption);
  }
  SUBCASE("another key does not open") {
    util::SecretBox other(util::SecretBox::generate_key());
    CHECK(!other.open(sealed, "EMB-2026-0001\ndistros\nSHA-256"));
  }
  SUBCASE("tampered, truncated or malformed input is refused") {
    std::string tampered = sealed;
    tampered.back() = tampered.back() == '0' ? '1' : '0';
    CHECK(!box.open(tampered, "EMB-2026-0001\ndistros\nSHA-256"));
    CHECK(!box.open(sealed.substr(0, 20), "EMB-2026-0001\ndistros\nSHA-256"));
    CHECK(!box.open("", "EMB-2026-0001\ndistros\nSHA-256"));
    CHECK(!box.open(std::string(sealed.size(), 'z'), "EMB-2026-0001\ndistros\nSHA-256"));
  }
}
