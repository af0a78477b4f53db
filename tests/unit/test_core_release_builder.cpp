// The release pipeline over a real git repository (made here with git) and a
// Signer that injects faults: whatever fails, no output and no staging
// directory are left behind. Real GnuPG is tested in
// tests/integration/suites/release.bash.

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <embargo/core/release/release_builder.hpp>
#include <embargo/core/release/release_manifest.hpp>
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
  bool prepare_fails = false;
  int calls = 0;
  Result<SignatureCheck> verify_detached(std::string_view, std::string_view) override { return check(); }
  Result<SignatureCheck> verify_file(const fs::path&, std::string_view) override { return check(); }
  Result<std::string> sign_file(const fs::path& file) override {
    if (++calls == fail_at) {
      return make_error(ErrorCode::unauthorized, "injected: signing " + file.filename().string() + " failed");
    }
    return std::string("-----BEGIN PGP SIGNATURE-----\nfake\n-----END PGP SIGNATURE-----\n");
  }
  Result<void> prepare_signing() override {
    if (prepare_fails) {
      return make_error(ErrorCode::not_found, "injected: no signing key");
    }
    return {};
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
  // This repository is not laid out like Exim's: the whole tree, as git archive.
  o.layout = ReleaseLayout::git_archive();
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
  SUBCASE("a signing key that cannot sign is refused before any work") {
    signer.prepare_fails = true;
    auto r = build_release(options_for(dir.path() / "out"), *repo, keys, signer);
    REQUIRE(!r);
    CHECK(r.error().message() == "injected: no signing key");
    CHECK(signer.calls == 0);
    CHECK(!fs::exists(dir.path() / "out"));
    CHECK(!has_partial(dir.path()));
  }
  SUBCASE("a staging directory left by a killed build is removed by the next one") {
    fs::create_directories(dir.path() / ".out.partial-Ab12Cd");
    unwrap(util::write_file_atomic(dir.path() / ".out.partial-Ab12Cd" / "exim-4.99.1.tar.gz", "half"));
    fs::create_directories(dir.path() / ".other.partial-Ab12Cd");
    unwrap(build_release(options_for(dir.path() / "out"), *repo, keys, signer));
    CHECK(!fs::exists(dir.path() / ".out.partial-Ab12Cd"));
    CHECK(fs::exists(dir.path() / ".other.partial-Ab12Cd"));  // another output's
  }
  SUBCASE("a build running beside the output (the directory locked) is waited for by no one") {
    int fd = ::open(dir.path().c_str(), O_RDONLY | O_DIRECTORY);
    REQUIRE(fd >= 0);
    REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
    auto r = build_release(options_for(dir.path() / "out"), *repo, keys, signer);
    ::close(fd);
    REQUIRE(!r);
    CHECK(r.error().code() == ErrorCode::conflict);
    CHECK(r.error().message().find("another release build is writing in") != std::string::npos);
    unwrap(build_release(options_for(dir.path() / "out"), *repo, keys, signer));
  }
  SUBCASE("--resume takes over a finished output and refuses anything else") {
    auto first = unwrap(build_release(options_for(dir.path() / "a"), *repo, keys, signer));
    auto o = options_for(dir.path() / "a");
    o.resume = true;
    int calls = signer.calls;
    auto again = unwrap(build_release(o, *repo, keys, signer));
    CHECK(again.resumed);
    CHECK(signer.calls == calls);  // nothing signed again
    CHECK(again.signing_fingerprint == "FAKE");
    REQUIRE(again.files.size() == first.files.size());
    for (std::size_t i = 0; i < first.files.size(); ++i) {
      CHECK(again.files[i].name == first.files[i].name);
      CHECK(again.files[i].sha512 == first.files[i].sha512);
      CHECK(again.files[i].signature_verified == first.files[i].signature_verified);
    }
    SUBCASE("an extra file") {
      unwrap(util::write_file_atomic(dir.path() / "a" / "notes.txt", "x"));
      auto r = build_release(o, *repo, keys, signer);
      REQUIRE(!r);
      CHECK(r.error().message() == "--resume: " + (dir.path() / "a").string() + " holds notes.txt; it is not this release");
    }
    SUBCASE("a missing signature") {
      fs::remove(dir.path() / "a" / "exim-4.99.1.tar.bz2.asc");
      auto r = build_release(o, *repo, keys, signer);
      REQUIRE(!r);
      CHECK(r.error().message().find("lacks exim-4.99.1.tar.bz2.asc") != std::string::npos);
    }
    SUBCASE("a tarball that the checksum files do not list") {
      unwrap(util::write_file_atomic(dir.path() / "a" / "exim-4.99.1.tar.gz", "other bytes"));
      auto r = build_release(o, *repo, keys, signer);
      REQUIRE(!r);
      CHECK(r.error().message().find("has exim-4.99.1.tar.gz with a size or hash") != std::string::npos);
    }
    SUBCASE("a bad signature") {
      keys.tag_good = true;
      signer.tag_good = false;
      auto r = build_release(o, *repo, keys, signer);
      REQUIRE(!r);
      CHECK(r.error().message().find(".asc that does not verify: made by unknown key FAKE") != std::string::npos);
    }
    SUBCASE("another release's patch") {
      auto other = o;
      other.base = "exim-4.99.1";
      auto r = build_release(other, *repo, keys, signer);
      REQUIRE(!r);
      CHECK(r.error().message().find("has a exim-4.99.1.patch that differs") != std::string::npos);
    }
    SUBCASE("an output that does not exist yet is simply built") {
      o.out_dir = dir.path() / "fresh";
      auto r = unwrap(build_release(o, *repo, keys, signer));
      CHECK(!r.resumed);
      CHECK(fs::exists(dir.path() / "fresh" / k_sha512_file));
    }
  }
}
