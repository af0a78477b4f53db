#include <doctest/doctest.h>

#include <set>

#include <embargo/util/secret.hpp>
#include <embargo/util/sha256.hpp>

using namespace embargo::util;

TEST_CASE("random_secret") {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string s = random_secret(24);
    CHECK(s.size() == 24);
    CHECK(s.find_first_of("01OlI") == std::string::npos);
    seen.insert(s);
  }
  CHECK(seen.size() == 100);
}

TEST_CASE("hash_password and verify_password") {
  auto hash = hash_password("correct horse");
  REQUIRE(hash);
  CHECK(hash->rfind("$argon2id$", 0) == 0);
  CHECK(hash->find("correct horse") == std::string::npos);
  CHECK(verify_password("correct horse", *hash));
  CHECK_FALSE(verify_password("correct horsf", *hash));
  CHECK_FALSE(verify_password("", *hash));
}

TEST_CASE("constant_time_equal") {
  CHECK(constant_time_equal("abc", "abc"));
  CHECK(constant_time_equal("", ""));
  CHECK_FALSE(constant_time_equal("abc", "abd"));
  CHECK_FALSE(constant_time_equal("abc", "abcd"));
}

TEST_CASE("SensitiveString") {
  SensitiveString a("secret");
  SensitiveString b(std::move(a));
  CHECK(b.view() == "secret");
  CHECK(a.empty());  // NOLINT(bugprone-use-after-move): moved-from is defined as empty
  b.clear();
  CHECK(b.empty());
}

TEST_CASE("sha256") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256 h;
  h.update("a");
  h.update("bc");
  CHECK(to_hex(h.finish()) == sha256_hex("abc"));
}
