// git::push_release against real repositories made here with git: a private
// repository with two tagged releases and bare "public" repositories holding
// the previous one, or something else.

#include <cstdio>
#include <cstdlib>

#include <doctest/doctest.h>

#include <embargo/git/git_push.hpp>
#include <embargo/util/file.hpp>
#include <embargo/util/strings.hpp>

#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;
namespace fs = std::filesystem;

namespace {

void sh(const std::string& command) { REQUIRE(std::system(command.c_str()) == 0); }

// The command's standard output, trimmed; "" when it fails.
std::string capture(const std::string& command) {
  std::string out;
  FILE* p = popen((command + " 2>/dev/null").c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[512];
  while (std::fgets(buf, sizeof buf, p) != nullptr) {
    out += buf;
  }
  int status = pclose(p);
  return status == 0 ? std::string(util::trim(out)) : std::string();
}

std::string git_in(const fs::path& repo) {
  return "git -c user.name=T -c user.email=t@example.org -C " + repo.string() + " ";
}

struct Repos {
  fs::path dir;
  fs::path priv;    // main: 4.99 (tag exim-4.99), then the fix (tag exim-4.99.1)
  fs::path pub;     // bare: master and exim-4.99
  std::string fix;  // the fix's commit
};

Repos make_repos(const fs::path& dir) {
  Repos r{dir, dir / "private", dir / "public.git", ""};
  sh("git init -q -b main " + r.priv.string());
  unwrap(util::write_file_atomic(r.priv / "exim.c", "int main(void) { return 0; }\n"));
  sh(git_in(r.priv) + "add -A && " + git_in(r.priv) + "commit -q -m 4.99 && " + git_in(r.priv) + "tag -a -m 4.99 exim-4.99");
  sh("git init -q --bare -b master " + r.pub.string() + " && git -C " + r.pub.string() + " config core.logAllRefUpdates always");
  sh(git_in(r.priv) + "push -q " + r.pub.string() + " main:refs/heads/master refs/tags/exim-4.99");
  unwrap(util::write_file_atomic(r.priv / "exim.c", "int main(void) { return 1; }\n"));
  sh(git_in(r.priv) + "commit -q -am fix && " + git_in(r.priv) + "tag -a -m 4.99.1 exim-4.99.1");
  r.fix = capture(git_in(r.priv) + "rev-parse HEAD");
  REQUIRE(r.fix.size() == 40);
  return r;
}

git::PushRequest request_for(const Repos& r) {
  return {r.priv, r.pub.string(), "master", r.fix, "exim-4.99.1"};
}

}  // namespace

TEST_CASE("push_release: branch and tag once; a second run pushes nothing") {
  testutil::TempDir dir;
  Repos r = make_repos(dir.path());
  int between = 0;
  git::PushReport first = unwrap(git::push_release(request_for(r), [&] { ++between; }));
  CHECK(first.branch_pushed);
  CHECK(first.tag_pushed);
  CHECK(between == 1);
  CHECK(first.summary.find("pushed " + r.fix.substr(0, 12) + " to master and tag exim-4.99.1") == 0);
  CHECK(capture("git -C " + r.pub.string() + " rev-parse master") == r.fix);
  CHECK(capture("git -C " + r.pub.string() + " rev-parse exim-4.99.1") ==
        capture(git_in(r.priv) + "rev-parse exim-4.99.1"));
  CHECK(capture("git -C " + r.pub.string() + " cat-file -t exim-4.99.1") == "tag");
  // The public repository logs every ref update (core.logAllRefUpdates):
  // the first push by git, the second by push_release.
  std::string reflog = capture("git -C " + r.pub.string() + " reflog show --format=%H refs/heads/master | wc -l");
  CHECK(reflog == "2");

  git::PushReport second = unwrap(git::push_release(request_for(r), [&] { ++between; }));
  CHECK_FALSE(second.branch_pushed);
  CHECK_FALSE(second.tag_pushed);
  CHECK(between == 1);
  CHECK(second.summary.find("already pushed") == 0);
  CHECK(capture("git -C " + r.pub.string() + " reflog show --format=%H refs/heads/master | wc -l") == reflog);
  // The private repository is only read: no new ref, no FETCH_HEAD.
  CHECK(capture(git_in(r.priv) + "for-each-ref --format='%(refname)'") ==
        "refs/heads/main\nrefs/tags/exim-4.99\nrefs/tags/exim-4.99.1");
}

TEST_CASE("push_release: after a crash between the two pushes only the tag is pushed") {
  testutil::TempDir dir;
  Repos r = make_repos(dir.path());
  sh(git_in(r.priv) + "push -q " + r.pub.string() + " main:refs/heads/master");
  int between = 0;
  git::PushReport report = unwrap(git::push_release(request_for(r), [&] { ++between; }));
  CHECK_FALSE(report.branch_pushed);
  CHECK(report.tag_pushed);
  CHECK(between == 0);
  CHECK(report.summary.find("pushed tag exim-4.99.1") == 0);
}

TEST_CASE("push_release: an empty public repository gets the branch created") {
  testutil::TempDir dir;
  Repos r = make_repos(dir.path());
  fs::path empty = dir.path() / "empty.git";
  unwrap(git::init_bare(empty));
  unwrap(git::init_bare(empty));  // already there: left alone
  git::PushRequest req = request_for(r);
  req.remote_url = "file://" + empty.string();
  git::PushReport report = unwrap(git::push_release(req));
  CHECK(report.branch_pushed);
  CHECK(report.tag_pushed);
  CHECK(capture("git -C " + empty.string() + " rev-parse master") == r.fix);
}

TEST_CASE("push_release: a public branch that already contains the release is left alone") {
  testutil::TempDir dir;
  Repos r = make_repos(dir.path());
  // Someone pushed the fix and a commit after it, which the private repository does not have.
  fs::path other = dir.path() / "other";
  sh("git clone -q " + r.pub.string() + " " + other.string());
  sh(git_in(other) + "fetch -q " + r.priv.string() + " main && " + git_in(other) + "merge -q --ff-only FETCH_HEAD && " + git_in(other) + "commit -q --allow-empty -m later && " +
     git_in(other) + "push -q origin HEAD:master");
  std::string tip = capture(git_in(other) + "rev-parse HEAD");
  git::PushReport report = unwrap(git::push_release(request_for(r)));
  CHECK_FALSE(report.branch_pushed);
  CHECK(report.tag_pushed);
  CHECK(report.remote_tip == tip);
  CHECK(capture("git -C " + r.pub.string() + " rev-parse master") == tip);
}

TEST_CASE("push_release: refusals") {
  testutil::TempDir dir;
  Repos r = make_repos(dir.path());

  SUBCASE("the public branch has diverged: nothing is pushed") {
    fs::path other = dir.path() / "other";
    sh("git clone -q " + r.pub.string() + " " + other.string());
    sh(git_in(other) + "commit -q --allow-empty -m 'public only' && " + git_in(other) + "push -q origin HEAD:master");
    std::string tip = capture(git_in(other) + "rev-parse HEAD");
    auto result = git::push_release(request_for(r));
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code() == ErrorCode::conflict);
    CHECK(result.error().message().find("branch master is at " + tip + ", which has commits the release") !=
          std::string::npos);
    CHECK(result.error().message().find("fast-forward only") != std::string::npos);
    CHECK(capture("git -C " + r.pub.string() + " rev-parse master") == tip);
    CHECK(capture("git -C " + r.pub.string() + " tag -l exim-4.99.1").empty());
  }
  SUBCASE("the tag has moved since the release was built") {
    git::PushRequest req = request_for(r);
    req.commit = capture(git_in(r.priv) + "rev-parse exim-4.99^{commit}");
    auto result = git::push_release(req);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code() == ErrorCode::conflict);
    CHECK(result.error().message().find("now points at " + r.fix) != std::string::npos);
  }
  SUBCASE("the remote has the tag at another object") {
    sh(git_in(r.priv) + "push -q " + r.pub.string() + " exim-4.99^{commit}:refs/tags/exim-4.99.1");
    auto result = git::push_release(request_for(r));
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code() == ErrorCode::conflict);
    CHECK(result.error().message().find("already has tag exim-4.99.1 at another object") != std::string::npos);
    CHECK(capture("git -C " + r.pub.string() + " rev-parse master") != r.fix);
  }
  SUBCASE("no such tag, no such repository, no such remote") {
    git::PushRequest req = request_for(r);
    req.tag = "exim-5";
    CHECK(git::push_release(req).error().code() == ErrorCode::not_found);
    req = request_for(r);
    req.repo = dir.path() / "nowhere";
    CHECK(git::push_release(req).error().message().find("nowhere") != std::string::npos);
    req = request_for(r);
    req.remote_url = (dir.path() / "missing.git").string();
    auto result = git::push_release(req);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().message().find("publish.git_remote") != std::string::npos);
  }
}

TEST_CASE("redact_url leaves credentials out of messages") {
  CHECK(git::redact_url("https://bot:s3cret@git.example.org/exim.git") == "https://git.example.org/exim.git");
  CHECK(git::redact_url("ssh://git@git.example.org/exim.git") == "ssh://git.example.org/exim.git");
  CHECK(git::redact_url("git@git.example.org:exim.git") == "git@git.example.org:exim.git");
  CHECK(git::redact_url("/srv/git/exim.git") == "/srv/git/exim.git");
  CHECK(git::redact_url("https://git.example.org/a@b") == "https://git.example.org/a@b");
}
