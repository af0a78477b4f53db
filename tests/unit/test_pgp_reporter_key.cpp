// Issue 23: Gpg::import_encryption_key and Gpg::encryption_key, with real
// GnuPG keys made here: a key that can encrypt is imported and named by its
// primary fingerprint; a sign-only, expired, secret or doubled key, or junk,
// is refused naming the problem and never reaches the team's home.

#include <cstdlib>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <embargo/pgp/gpg.hpp>
#include <embargo/util/file.hpp>
#include <embargo/util/strings.hpp>

#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;

namespace {

void sh(const std::string& command) {
  REQUIRE(std::system(command.c_str()) == 0);
}

// A GnuPG home in `dir`/`name`, its agent stopped at scope exit.
struct Home {
  std::filesystem::path path;
  std::string gpg;
  Home(const std::filesystem::path& dir, const std::string& name) : path(dir / name) {
    std::filesystem::create_directory(path);
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
    gpg = fmt::format("gpg --homedir '{}' --batch --quiet --no-tty --pinentry-mode loopback --passphrase ''",
                      path.string());
  }
  ~Home() { std::system(fmt::format("gpgconf --homedir '{}' --kill all", path.string()).c_str()); }
  std::string out(const std::string& args) {
    std::filesystem::path file = path / "out";
    sh(gpg + " " + args + " >'" + file.string() + "' 2>/dev/null");
    return unwrap(util::read_file(file));
  }
  std::string fpr(const std::string& who, int nth = 1) {
    return std::string(util::trim(
        out(fmt::format("--with-colons --list-keys {} | awk -F: '/^fpr/ {{n++; if (n == {}) print $10}}'", who, nth))));
  }
};

std::string problem(const Result<std::string>& r) {
  REQUIRE(!r);
  CHECK(r.error().code() == ErrorCode::invalid_argument);
  return r.error().message();
}

}  // namespace

TEST_CASE("Gpg::import_encryption_key") {
  testutil::TempDir dir;
  Home team(dir.path(), "team");
  Home other(dir.path(), "other");
  sh(other.gpg + " --quick-gen-key 'Jane <jane@example.net>' ed25519 sign never 2>/dev/null");
  sh(other.gpg + " --quick-add-key " + other.fpr("jane@example.net") + " cv25519 encr never 2>/dev/null");
  sh(other.gpg + " --quick-gen-key 'Sign Only <so@example.net>' ed25519 sign never 2>/dev/null");
  sh(other.gpg +
     " --faked-system-time 20200101T000000! --quick-gen-key 'Old <old@example.net>' ed25519 default 1d "
     "2>/dev/null");
  pgp::Gpg gpg = unwrap(pgp::Gpg::open(team.path, util::SensitiveString()));
  std::string jane = other.fpr("jane@example.net");

  SUBCASE("a key that can encrypt is imported; its subkey names it too") {
    CHECK(unwrap(gpg.import_encryption_key(other.out("--armor --export jane@example.net"))) == jane);
    CHECK(gpg.can_encrypt_to(jane));
    CHECK(unwrap(gpg.encryption_key(other.fpr("jane@example.net", 2))) == jane);  // the cv25519 subkey
  }
  SUBCASE("refused, naming the problem, and not imported") {
    CHECK(problem(gpg.import_encryption_key(other.out("--armor --export so@example.net"))).find("cannot encrypt") !=
          std::string::npos);
    CHECK(problem(gpg.import_encryption_key(other.out("--armor --export old@example.net")))
              .find("expired on 2020-01-0") != std::string::npos);
    CHECK(problem(gpg.import_encryption_key(other.out("--armor --export jane@example.net so@example.net")))
              .find("holds 2 keys") != std::string::npos);
    CHECK(problem(gpg.import_encryption_key("hello\n")).find("not an armored OpenPGP public key") != std::string::npos);
    std::string secret = other.out("--armor --export-secret-keys jane@example.net");
    std::string public_key = other.out("--armor --export jane@example.net");
    CHECK(problem(gpg.import_encryption_key(public_key + secret)).find("secret key") != std::string::npos);
    CHECK(!gpg.can_encrypt_to(jane));
    auto absent = gpg.encryption_key(jane);
    REQUIRE(!absent);
    CHECK(absent.error().code() == ErrorCode::not_found);
  }
}
