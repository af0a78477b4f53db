#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>

#include <sys/stat.h>

#include <embargo/config/secret_key.hpp>

#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;

namespace {

unsigned mode_of(const std::filesystem::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

}  // namespace

TEST_CASE("usercode key: outside the database, private, stable") {
  ::unsetenv("EMBARGO_USERCODE_KEY");
  testutil::TempDir dir;
  auto path = config::usercode_key_path(dir.path());
  CHECK(path == dir.path() / "secrets" / "usercode.key");

  SUBCASE("missing and not to be created: NotFound") {
    auto r = config::load_usercode_key(dir.path(), false);
    REQUIRE(!r);
    CHECK(r.error().code() == ErrorCode::not_found);
  }
  SUBCASE("created once with mode 0600 in a 0700 directory; loading again gives the same key") {
    auto box = unwrap(config::load_usercode_key(dir.path(), true));
    CHECK(mode_of(path) == 0600);
    CHECK(mode_of(path.parent_path()) == 0700);
    std::string sealed = box->seal("secret", "ctx");
    auto again = unwrap(config::load_usercode_key(dir.path(), false));
    CHECK(again->open(sealed, "ctx").value() == "secret");
  }
  SUBCASE("a key others may read, or of the wrong size, is refused") {
    unwrap(config::load_usercode_key(dir.path(), true));
    ::chmod(path.c_str(), 0644);
    auto r = config::load_usercode_key(dir.path(), false);
    REQUIRE(!r);
    CHECK(r.error().message().find("chmod 600") != std::string::npos);
    std::ofstream(path, std::ios::trunc) << "short";
    ::chmod(path.c_str(), 0600);
    r = config::load_usercode_key(dir.path(), false);
    REQUIRE(!r);
    CHECK(r.error().code() == ErrorCode::corruption);
  }
  SUBCASE("EMBARGO_USERCODE_KEY points elsewhere") {
    testutil::TempDir other;
    ::setenv("EMBARGO_USERCODE_KEY", (other.path() / "k").c_str(), 1);
    unwrap(config::load_usercode_key(dir.path(), true));
    ::unsetenv("EMBARGO_USERCODE_KEY");
    CHECK(std::filesystem::exists(other.path() / "k"));
    CHECK(!std::filesystem::exists(path));
  }
}
