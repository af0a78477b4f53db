// The release pipeline over a real git repository (made here with git) and a
// Signer that injects faults: whatever fails, no output and no staging
// directory are left behind. Real GnuPG is tested in
// tests/integration/suites/release.bash.

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>

#include <embargo/core/release/release_builder.hpp>
#include <embargo/git/git_repo.hpp>
#include <embargo/util/file.hpp>

#include "testutil.hpp"

using namespace embargo;
using namespace embargo::core::release;
using testutil::unwrap;
namespace fs = std::filesystem;

namespace {

// Signs with a fixed text; fails the `fail_at`-th signature (1-based, 0 = never).
class FakeSigner final : public Signer {
 public:
  bool tag_good = true;
  int fail_at = 0;
  int calls = 0;
  Result<SignatureCheck> verify_detached(std::string_view, std::string_view) override { return check(); }
  Result<SignatureCheck> verify_file(const fs::path&, std::string_view) override { return check(); }
  Result<std::string> sign_file(const fs::path& file) override {
    if (++calls == fail_at) {
      return make_error(ErrorCode::unauthorized, "injected: signing " + file.filename().string() + " failed");
    }
    return std::string("-----BEGIN PGP SIGNATURE-----\nfake\n-----END PGP SIGNATURE-----\n");
  }
  std::string signing_fingerprint() const override { return "FAKE"; }

 private:
  Result<SignatureCheck> check() const {
    SignatureCheck c;
    c.good = tag_good;
    c.fingerprint = "FAKE";
    c.problem = tag_good ? "" : "made by unknown key FAKE";
    return c;
  }
};

void sh(const std::string& command) { REQUIRE(std::system(command.c_str()) == 0); }

// A repository with exim-4.99 and exim-4.99.1, tags carrying a PGP block.
fs::path make_repo(const fs::path& dir) {
  fs::path r = dir / "repo";
  std::string g = "git -c user.name=T -c user.email=t@example.org -C " + r.string() + " ";
  sh("git init -q -b main " + r.string());
  fs::create_directories(r / "src/src");
  unwrap(util::write_file_atomic(r / "src/src/version.sh", "EXIM_RELEASE_VERSION=4.99\n"));
  unwrap(util::write_file_atomic(r / "README", "hello\n"));
  unwrap(util::write_file_atomic(dir / "msg", "Exim\n-----BEGIN PGP SIGNATURE-----\nx\n-----END PGP SIGNATURE-----\n"));
  sh(g + "add -A && " + g + "commit -q -m base && " + g + "tag -a -F " + (dir / "msg").string() + " exim-4.99");
  unwrap(util::write_file_atomic(r / "src/src/version.sh", "EXIM_RELEASE_VERSION=4.99.1\n"));
  sh(g + "commit -q -am fix && " + g + "tag -a -F " + (dir / "msg").string() + " exim-4.99.1");
  return r;
}

ReleaseOptions options_for(const fs::path& out) {
  ReleaseOptions o;
  o.tag = "exim-4.99.1";
  o.base = "exim-4.99";
  o.package = "exim";
  o.out_dir = out;
  o.settings.variant_pattern.clear();
  return o;
}

// Anything in `dir` whose name contains ".partial-".
bool has_partial(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().find(".partial-") != std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("build_release") {
  testutil::TempDir dir;
  fs::path repo_path = make_repo(dir.path());
  auto repo = unwrap(git::GitRepo::open(repo_path));
  FakeSigner keys;
  FakeSigner signer;

  SUBCASE("a build writes every file, and the same bytes again") {
    auto report = unwrap(build_release(options_for(dir.path() / "a"), *repo, keys, signer));
    CHECK(report.version.text() == "4.99.1");
    CHECK(report.base_version == "4.99");
    CHECK(report.files.size() == 16);
    CHECK(signer.calls == 8);
    auto again = unwrap(build_release(options_for(dir.path() / "b"), *repo, keys, signer));
    for (const auto& f : report.files) {
      CAPTURE(f.name);
      CHECK(unwrap(util::read_file(dir.path() / "a" / f.name)) == unwrap(util::read_file(dir.path() / "b" / f.name)));
    }
    std::string sizes = unwrap(util::read_file(dir.path() / "a" / "00-sizes.txt"));
    CHECK(sizes.find("SIZE (exim-4.99.1.tar.xz) = ") != std::string::npos);
    CHECK(!has_partial(dir.path()));
  }
  SUBCASE("a signature failing half-way leaves nothing behind") {
    signer.fail_at = 5;
    auto r = build_release(options_for(dir.path() / "out"), *repo, keys, signer);
    REQUIRE(!r);
    CHECK(r.error().message().find("injected") != std::string::npos);
    CHECK(!fs::exists(dir.path() / "out"));
    CHECK(!has_partial(dir.path()));
  }
  SUBCASE("a refused tag signature names the problem") {
    keys.tag_good = false;
    auto r = build_release(options_for(dir.path() / "out"), *repo, keys, signer);
    REQUIRE(!r);
    CHECK(r.error().code() == ErrorCode::unauthorized);
    CHECK(r.error().message() == "tag exim-4.99.1: signature refused: made by unknown key FAKE");
    CHECK(signer.calls == 0);
  }
  SUBCASE("an output directory with files is refused; an empty one is used") {
    fs::create_directories(dir.path() / "full");
    unwrap(util::write_file_atomic(dir.path() / "full" / "x", "x"));
    auto r = build_release(options_for(dir.path() / "full"), *repo, keys, signer);
    REQUIRE(!r);
    CHECK(r.error().code() == ErrorCode::conflict);
    fs::create_directories(dir.path() / "empty");
    unwrap(build_release(options_for(dir.path() / "empty"), *repo, keys, signer));
    CHECK(fs::exists(dir.path() / "empty" / "exim-4.99.1.tar.gz.asc"));
  }
  SUBCASE("the version file must exist when configured") {
    auto o = options_for(dir.path() / "out");
    o.settings.version_file = "VERSION";
    auto r = build_release(o, *repo, keys, signer);
    REQUIRE(!r);
    CHECK(r.error().message().find("version file VERSION does not exist at tag exim-4.99.1") == 0);
    o.settings.version_file.clear();
    unwrap(build_release(o, *repo, keys, signer));
  }
}
