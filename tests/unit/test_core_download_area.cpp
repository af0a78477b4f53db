#include <doctest/doctest.h>

#include <embargo/core/download_area.hpp>
#include <embargo/http/auth/digest.hpp>
#include <embargo/util/secret.hpp>
#include <embargo/util/secret_box.hpp>

using namespace embargo;

TEST_CASE("validate_list_name") {
  CHECK(core::validate_list_name("distros"));
  CHECK(core::validate_list_name("oss-security.private_2"));
  CHECK(!core::validate_list_name(""));
  CHECK(!core::validate_list_name("Distros"));
  CHECK(!core::validate_list_name("a:b"));
  CHECK(!core::validate_list_name("-x"));
  CHECK(!core::validate_list_name(std::string(65, 'a')));
}

TEST_CASE("validate_file_name") {
  CHECK(core::validate_file_name("exim-4.99.1.tar.xz"));
  CHECK(!core::validate_file_name(""));
  CHECK(!core::validate_file_name(".."));
  CHECK(!core::validate_file_name(".hidden"));
  CHECK(!core::validate_file_name("a/b"));
  CHECK(!core::validate_file_name("a\\b"));
  CHECK(!core::validate_file_name("a%2fb"));
  CHECK(!core::validate_file_name("a\nb"));
  CHECK(!core::validate_file_name("<script>"));
}

TEST_CASE("phase_at") {
  using namespace std::chrono_literals;
  util::Timestamp t{std::chrono::seconds(1'800'000'000)};
  core::DownloadWindow w{"EMB-2026-0001", t, t + 1h, core::AtRelease::publish};
  CHECK(core::phase_at(w, t - 1s) == core::WindowPhase::not_open);
  CHECK(core::phase_at(w, t) == core::WindowPhase::open);
  CHECK(core::phase_at(w, t + 1h) == core::WindowPhase::published);
  w.at_release = core::AtRelease::close;
  CHECK(core::phase_at(w, t + 2h) == core::WindowPhase::closed);
  CHECK(core::validate_window(w));
  w.releases_at = w.opens_at;
  CHECK(!core::validate_window(w));
  CHECK(core::parse_at_release("public").value() == core::AtRelease::publish);
  CHECK(!core::parse_at_release("publish"));
}

TEST_CASE("issue_usercode") {
  util::SecretBox box(util::SecretBox::generate_key());
  util::Timestamp now{std::chrono::seconds(1'800'000'000)};
  auto issued = core::issue_usercode("EMB-2026-0001", "distros", box, now);
  REQUIRE(issued.has_value());
  const core::Usercode& u = issued->usercode;
  CHECK(issued->password.size() >= 20);
  CHECK(u.password_hash.rfind("$argon2id$", 0) == 0);
  CHECK(util::verify_password(issued->password, u.password_hash));
  CHECK(u.ha1_sha256_sealed.find(issued->password) == std::string::npos);

  std::string a1 = "distros:embargo EMB-2026-0001:" + issued->password;
  auto md5 = box.open(u.ha1_md5_sealed, core::ha1_context("EMB-2026-0001", "distros", "MD5"));
  REQUIRE(md5.has_value());
  CHECK(*md5 == http::digest_hash(http::DigestAlgorithm::md5, a1));
  auto sha = box.open(u.ha1_sha256_sealed, core::ha1_context("EMB-2026-0001", "distros", "SHA-256"));
  REQUIRE(sha.has_value());
  CHECK(*sha == http::digest_hash(http::DigestAlgorithm::sha256, a1));

  SUBCASE("a sealed HA1 does not open for another row, algorithm or key") {
    CHECK(!box.open(u.ha1_md5_sealed, core::ha1_context("EMB-2026-0002", "distros", "MD5")));
    CHECK(!box.open(u.ha1_md5_sealed, core::ha1_context("EMB-2026-0001", "distros", "SHA-256")));
    util::SecretBox other(util::SecretBox::generate_key());
    CHECK(!other.open(u.ha1_md5_sealed, core::ha1_context("EMB-2026-0001", "distros", "MD5")));
    CHECK(!box.open("zz", "x"));
  }
  SUBCASE("two usercodes get different passwords") {
    auto again = core::issue_usercode("EMB-2026-0001", "distros", box, now);
    CHECK(again->password != issued->password);
  }
  CHECK(!core::issue_usercode("EMB-2026-0001", "Bad:Name", box, now));
}
