// The release layout (core/release/release_layout.hpp) and the tree it
// builds (release_tree.hpp) over a real git repository laid out like Exim's:
// src/ with scripts/reversion, doc/doc-txt/, test/ that must not ship.

#include <doctest/doctest.h>

#include <cstdlib>

#include <fmt/format.h>

#include <embargo/core/release/release_listing.hpp>
#include <embargo/core/release/release_tree.hpp>
#include <embargo/git/git_repo.hpp>
#include <embargo/util/file.hpp>

#include "testutil.hpp"

using namespace embargo;
using namespace embargo::core::release;
using testutil::unwrap;
namespace fs = std::filesystem;

namespace {

void sh(const std::string& command) { REQUIRE(std::system(command.c_str()) == 0); }

void put(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  unwrap(util::write_file_atomic(file, text));
}

fs::path make_exim_like(const fs::path& dir) {
  fs::path r = dir / "repo";
  std::string g = "git -c user.name=T -c user.email=t@example.org -C " + r.string() + " ";
  sh("git init -q -b main " + r.string());
  put(r / "src/src/exim.c", "int main(void) { return 0; }\n");
  put(r / "src/scripts/reversion",
      "#!/bin/sh\n. ./version.sh\necho 1 > cnumber.h\n"
      "printf '#define EXIM_RELEASE_VERSION \"%s\"\\n' \"$EXIM_RELEASE_VERSION\" > version.h\n");
  fs::permissions(r / "src/scripts/reversion", fs::perms::owner_exec, fs::perm_options::add);
  put(r / "doc/doc-txt/ChangeLog", "changes\n");
  put(r / "doc/doc-txt/ABOUT", "about\n");
  put(r / "doc/doc-txt/rfc1234.txt", "rfc\n");
  put(r / "doc/doc-txt/cve-1/posting.txt", "posting\n");
  put(r / "doc/doc-docbook/spec.xfpt", "spec\n");
  put(r / "test/runtest", "test\n");
  put(r / "release-process/scripts/mk_exim_release", "perl\n");
  sh(g + "add -A && " + g + "commit -q -m base && " + g + "tag -a -m 4.99 exim-4.99");
  return r;
}

TreeJob job_for(RepoOps& repo, const fs::path& scratch, ReleaseLayout layout) {
  TagInfo tag = unwrap(repo.resolve_tag("exim-4.99"));
  TreeJob j;
  j.commit = tag.commit_id;
  j.tag = "exim-4.99";
  j.commit_time = tag.commit_time;
  j.tag_time = tag.tag_time;
  j.package = "exim";
  j.version = j.release = "4.99";
  j.layout = std::move(layout);
  j.scratch = scratch;
  fs::create_directories(scratch);
  return j;
}

std::vector<std::string> members(const ReleaseTree& t) {
  std::vector<std::string> out;
  unwrap(t.walk(false, [&](const TreeEntry& e, std::string_view) -> Result<void> {
    out.push_back(e.path);
    return {};
  }));
  return out;
}

}  // namespace

TEST_CASE("layout_path") {
  ReleaseLayout l = ReleaseLayout::exim();
  CHECK(layout_path(l, "src/src/exim.c") == "src/exim.c");
  CHECK(layout_path(l, "doc/doc-txt/ChangeLog") == "doc/ChangeLog");
  CHECK(layout_path(l, "doc/doc-txt/cve-1/posting.txt") == "doc/cve-1/posting.txt");
  CHECK(layout_path(l, "doc/doc-txt/ABOUT").empty());
  CHECK(layout_path(l, "doc/doc-txt/rfc1234.txt").empty());
  CHECK(layout_path(l, "doc/doc-txt/.gitignore").empty());
  CHECK(layout_path(l, "test/runtest").empty());
  CHECK(layout_path(l, "srcx/a").empty());
  CHECK(layout_path(ReleaseLayout::git_archive(), "test/runtest") == "test/runtest");
}

TEST_CASE("tar_order_less") {
  CHECK(tar_order_less("a/b", "a-c"));  // a's contents come right after a
  CHECK(tar_order_less("a", "a/b"));
  CHECK(!tar_order_less("b", "a/z"));
}

TEST_CASE("relocate_diff") {
  std::string diff =
      "diff --git a/src/src/exim.c b/src/src/exim.c\nindex 1..2 100644\n--- a/src/src/exim.c\n+++ b/src/src/exim.c\n"
      "@@ -1 +1 @@\n--- a/src/x\n+b\n"
      "diff --git a/test/runtest b/test/runtest\n--- a/test/runtest\n+++ b/test/runtest\n@@ -1 +1 @@\n-a\n+b\n"
      "diff --git a/doc/doc-txt/ChangeLog b/doc/doc-txt/ChangeLog\n--- a/doc/doc-txt/ChangeLog\n"
      "+++ b/doc/doc-txt/ChangeLog\n@@ -1 +1 @@\n-a\n+b\n";
  std::string out = relocate_diff(ReleaseLayout::exim(), diff);
  CHECK(out ==
        "diff --git a/src/exim.c b/src/exim.c\nindex 1..2 100644\n--- a/src/exim.c\n+++ b/src/exim.c\n"
        "@@ -1 +1 @@\n--- a/src/x\n+b\n"
        "diff --git a/doc/ChangeLog b/doc/ChangeLog\n--- a/doc/ChangeLog\n+++ b/doc/ChangeLog\n@@ -1 +1 @@\n-a\n+b\n");
  CHECK(relocate_diff(ReleaseLayout::git_archive(), diff) == diff);
}

TEST_CASE("ReleaseTree::assemble") {
  testutil::TempDir dir;
  fs::path repo_path = make_exim_like(dir.path());
  auto repo = unwrap(git::GitRepo::open(repo_path));
  ReleaseLayout exim = ReleaseLayout::exim();
  exim.isolate_network = false;  // the network namespace is tested in the integration suite
  // Exim's documentation step runs when this machine has xfpt and friends:
  // left out here, tested below with a command of its own.
  exim.docs_command.clear();

  SUBCASE("Exim's layout: src as the top, doc-txt minus exclusions, Local, the stamped files") {
    auto tree = unwrap(ReleaseTree::assemble(*repo, job_for(*repo, dir.path() / "s", exim)));
    CHECK(members(tree) == std::vector<std::string>{"Local", "doc", "doc/ChangeLog", "doc/cve-1",
                                                    "doc/cve-1/posting.txt", "scripts", "scripts/reversion", "src",
                                                    "src/cnumber.h", "src/exim.c", "src/version.h",
                                                    "src/version.sh"});
    CHECK(unwrap(tree.read("src/version.h")).value() == "#define EXIM_RELEASE_VERSION \"4.99\"\n");
    CHECK(tree.stamp().ran);
  }
  SUBCASE("the plain layout is the repository's tree") {
    auto tree = unwrap(ReleaseTree::assemble(*repo, job_for(*repo, dir.path() / "s", ReleaseLayout::git_archive())));
    auto m = members(tree);
    CHECK(std::find(m.begin(), m.end(), "test/runtest") != m.end());
    CHECK(!tree.stamp().ran);
  }
  SUBCASE("a failing stamping command is refused with its output") {
    exim.stamp_command = "echo something broke; exit 3";
    auto r = ReleaseTree::assemble(*repo, job_for(*repo, dir.path() / "s", exim));
    REQUIRE(!r);
    CHECK(r.error().message().find("the stamping command failed in src/src (exit status 3)") == 0);
    CHECK(r.error().message().find("something broke") != std::string::npos);
  }
  SUBCASE("a stamping command that runs too long is killed") {
    exim.stamp_command = "echo started; sleep 30";
    exim.stamp_timeout_seconds = 1;
    auto r = ReleaseTree::assemble(*repo, job_for(*repo, dir.path() / "s", exim));
    REQUIRE(!r);
    CHECK(r.error().message().find("killed after the time limit of 1 s") != std::string::npos);
    CHECK(r.error().message().find("started") != std::string::npos);
  }
  SUBCASE("the stamping command sees the version and SOURCE_DATE_EPOCH") {
    exim.stamp_command = "echo \"$EMBARGO_VERSION $EMBARGO_TAG $SOURCE_DATE_EPOCH\" > stamp.txt";
    auto job = job_for(*repo, dir.path() / "s", exim);
    auto tree = unwrap(ReleaseTree::assemble(*repo, job));
    CHECK(unwrap(tree.read("src/stamp.txt")).value() ==
          "4.99 exim-4.99 " + std::to_string(job.commit_time) + "\n");
  }
  SUBCASE("a layout path missing at the tag is refused") {
    exim.add.push_back({"doc/doc-html", "html", {}});
    auto r = ReleaseTree::assemble(*repo, job_for(*repo, dir.path() / "s", exim));
    REQUIRE(!r);
    CHECK(r.error().message() == "layout: doc/doc-html is not a directory at tag exim-4.99 (see [release.layout])");
  }
  SUBCASE("two sources shipping one path are refused") {
    exim.add.push_back({"doc/doc-txt", "doc", {}});
    auto r = ReleaseTree::assemble(*repo, job_for(*repo, dir.path() / "s", exim));
    REQUIRE(!r);
    CAPTURE(r.error().message());
    CHECK(r.error().message().find("layout: doc/") == 0);
    CHECK(r.error().message().find(" is shipped twice (from ") != std::string::npos);
  }
  SUBCASE("the documentation step: its files ship in docs_to; skipped by missing tools or --no-docs") {
    ReleaseLayout d = ReleaseLayout::exim();
    d.isolate_network = false;
    d.docs_command =
        "for f in exim.8 spec.txt filter.txt; do echo \"$f $EMBARGO_VERSION $SOURCE_DATE_EPOCH $EMBARGO_TAG_TIME\" > $f; "
        "done";
    d.docs_tools = {"sh"};
    auto job = job_for(*repo, dir.path() / "s", d);
    auto tree = unwrap(ReleaseTree::assemble(*repo, job));
    auto m = members(tree);
    CHECK(std::find(m.begin(), m.end(), "doc/spec.txt") != m.end());
    CHECK(std::find(m.begin(), m.end(), "doc/exim.8") != m.end());
    CHECK(std::find(m.begin(), m.end(), "doc/spec.xfpt") == m.end());
    CHECK(job.tag_time > 0);
    CHECK(unwrap(tree.read("doc/spec.txt")).value() ==
          fmt::format("spec.txt 4.99 {} {}\n", job.commit_time, job.tag_time));
    CHECK(tree.docs().run.ran);
    CHECK(docs_summary(tree.docs()).find("documentation made in ") == 0);

    d.docs_tools = {"sh", "embargo-no-such-tool", "/no/such/stylesheets"};
    auto skipped = unwrap(ReleaseTree::assemble(*repo, job_for(*repo, dir.path() / "s2", d)));
    CHECK(members(skipped).size() == 12);
    CHECK(docs_summary(skipped.docs()) ==
          "documentation skipped: embargo-no-such-tool, /no/such/stylesheets not found (release.layout.docs_tools)");
    d.docs_tools = {"sh"};
    auto off_job = job_for(*repo, dir.path() / "s3", d);
    off_job.docs = DocsStep::off;
    auto off = unwrap(ReleaseTree::assemble(*repo, off_job));
    CHECK(members(off).size() == 12);
    CHECK(docs_summary(off.docs()) == "documentation skipped: --no-docs");
    d.docs_dir = "doc/doc-html";
    auto nodir = unwrap(ReleaseTree::assemble(*repo, job_for(*repo, dir.path() / "s4", d)));
    CHECK(members(nodir).size() == 12);
    CHECK(docs_summary(nodir.docs()) ==
          "documentation skipped: doc/doc-html is not a directory at tag exim-4.99 (release.layout.docs_dir)");
  }
  SUBCASE("a documentation command that fails, or makes an empty file, is refused with its output") {
    exim.docs_command = "echo xmlto broke; exit 2";
    exim.docs_tools.clear();
    auto r = ReleaseTree::assemble(*repo, job_for(*repo, dir.path() / "s", exim));
    REQUIRE(!r);
    CHECK(r.error().message().find("the documentation command failed in doc/doc-docbook (exit status 2)") == 0);
    CHECK(r.error().message().find("xmlto broke") != std::string::npos);
    exim.docs_command = "echo partly; echo x > exim.8; echo x > spec.txt; touch filter.txt";
    r = ReleaseTree::assemble(*repo, job_for(*repo, dir.path() / "s2", exim));
    REQUIRE(!r);
    CHECK(r.error().message().find("the documentation command did not make doc/doc-docbook/filter.txt") == 0);
    CHECK(r.error().message().find("partly") != std::string::npos);
  }
  SUBCASE("list_release_layout checks the built version file") {
    ReleaseOptions o;
    o.tag = "exim-4.99";
    o.package = "exim";
    o.layout = exim;
    auto l = unwrap(list_release_layout(o, *repo));
    CHECK(l.prefix == "exim-4.99");
    CHECK(l.members.size() == 12);
    o.settings.version_file.clear();
    o.layout.stamp_command = "echo '#define EXIM_RELEASE_VERSION \"4.98\"' > version.h";
    auto r = list_release_layout(o, *repo);
    REQUIRE(!r);
    CHECK(r.error().message() == "version mismatch: src/version.h says 4.98 but the tag is version 4.99");
  }
}
