#include <doctest/doctest.h>

#include <embargo/util/strings.hpp>

using namespace embargo;

TEST_CASE("iequals") {
  CHECK(util::iequals("Digest", "dIGEST"));
  CHECK(util::iequals("", ""));
  CHECK(!util::iequals("Basic", "Basi"));
  CHECK(!util::iequals("SHA-256", "SHA_256"));
  // ASCII only: bytes above 127 compare as they are, whatever the locale.
  CHECK(!util::iequals("\xC4", "\xE4"));
}

TEST_CASE("hex_value") {
  CHECK(util::hex_value('0') == 0);
  CHECK(util::hex_value('9') == 9);
  CHECK(util::hex_value('a') == 10);
  CHECK(util::hex_value('F') == 15);
  CHECK(util::hex_value('g') == -1);
  CHECK(util::hex_value('%') == -1);
}
