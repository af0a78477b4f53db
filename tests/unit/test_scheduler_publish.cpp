// The publishing release steps (scheduler/step_publish.cpp) on the memory
// store and real directories: publish-files copies the case's files once and
// never overwrites another content; publish-advisory writes the page, index
// and feed, leaves unchanged files alone, shows only an accepted credit and
// keeps what was published before in the index; a dry run writes only into
// its sink; an unset target is skipped. The CSAF advisory (issue 25): the
// newest revision and a numbered copy of each, revision 1 recorded by the
// record half, the same bytes on a re-run, earlier revisions kept.

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/core/advisory/csaf.hpp>
#include <embargo/core/case_service.hpp>
#include <embargo/core/credit.hpp>
#include <embargo/core/cvss/cvss_json.hpp>
#include <embargo/core/release/release_record.hpp>
#include <embargo/scheduler/release_jobs.hpp>
#include <embargo/scheduler/release_step.hpp>
#include <embargo/storage/file_store.hpp>
#include <embargo/util/file.hpp>
#include <embargo/util/sha256.hpp>

#include "memory_store.hpp"
#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;
namespace fs = std::filesystem;

namespace {

util::Timestamp ts(std::string_view text) {
  return unwrap(util::parse_timestamp(text));
}

struct Fixture {
  testutil::TempDir data;
  testutil::MemoryStore store;
  config::ConfigFile config;
  util::FixedClock clock{ts("2026-03-05T14:00Z")};
  core::CaseService service{config.project, clock};

  Fixture() {
    config.project.project_name = "Exim";
    config.publish.files_dir = "public-files";
    config.publish.web_dir = (data.path() / "web").string();  // absolute works too
    config.publish.files_url = "https://ftp.example.org/pub/exim/";
    config.publish.web_url = "https://www.example.org/security/";
  }

  // A case with one scored vulnerability, a credit line, a release time, a
  // "release" entry and `files` (name, content) recorded and stored.
  std::string make_case(std::string title, std::string_view release_at,
                        const std::vector<std::pair<std::string, std::string>>& files) {
    storage::FileStore store_files(data.path() / "files");
    std::string id;
    unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
      core::NewCase input{std::move(title), unwrap(core::parse_reporter("Jane <jane@example.org>")), {}, {}};
      TRY_ASSIGN(core::Case c, service.create(tx, input, "alice"));
      id = c.id;
      c.reporter.credit = "Jane Roe <b>of Example Labs</b>";
      c.release_at = ts(release_at);
      TRY(tx.update_case(c));
      core::NewVulnerability nv;
      nv.title = "heap overflow";
      nv.identifier = "CVE-2026-1234";
      TRY_ASSIGN(core::Vulnerability v, service.add_vulnerability(tx, id, nv, "alice"));
      v.cvss = {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"};
      TRY(tx.update_vulnerability(v));
      for (const auto& [name, content] : files) {
        fs::path src = data.path() / ("src-" + name);
        TRY(util::write_file_atomic(src, content));
        TRY_ASSIGN(storage::StoredFile stored, store_files.add(src));
        TRY(tx.insert_artifact({id, name, stored.sha256, stored.size, true, clock.now()}));
      }
      TRY_ASSIGN(c, tx.get_case(id));
      nlohmann::json d = {{"version", "4.99.1"}, {"signed_by", "DD98D92359DE9E3C2663F291697F0EDD68099F6F"}};
      return service.record(tx, c, core::release::k_release_entry_kind, "release", "alice", d.dump());
    }));
    return id;
  }

  Result<std::string> act(const scheduler::ReleaseSteps& steps, const std::string& id, std::string_view kind) {
    core::Job job;
    job.case_id = id;
    job.kind = std::string(kind);
    job.due_at = clock.now();
    std::string out;
    TRY(store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(out, steps.act(tx, job));
      return {};
    }));
    return out;
  }

  Result<std::string> record(const scheduler::ReleaseSteps& steps, const std::string& id, std::string_view kind) {
    core::Job job;
    job.case_id = id;
    job.kind = std::string(kind);
    job.due_at = clock.now();
    std::string out;
    TRY(store.write([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(out, steps.record(tx, job));
      return {};
    }));
    return out;
  }

  // Sets the affected and fixed versions of the case's vulnerability 1.
  void set_versions(const std::string& id, const std::string& affected, const std::string& fixed) {
    unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(auto vulns, tx.list_vulnerabilities(id));
      vulns.front().affected = affected;
      vulns.front().fixed = fixed;
      return tx.update_vulnerability(vulns.front());
    }));
  }

  std::string read(const fs::path& p) { return unwrap(util::read_file(p)); }
};

bool contains(const std::string& text, std::string_view what) {
  return text.find(what) != std::string::npos;
}

}  // namespace

TEST_CASE("publish-files") {
  Fixture f;
  std::string id =
      f.make_case("bug", "2026-03-05T14:00Z", {{"exim-4.99.1.tar.gz", "tarball"}, {"exim-4.99.1.tar.gz.asc", "sig"}});
  scheduler::ReleaseSteps steps({f.service, f.config, f.data.path(), f.clock, {}, "embargod"});
  fs::path out = f.data.path() / "public-files";

  SUBCASE("copies each file once; a second run leaves them alone") {
    std::string r = unwrap(f.act(steps, id, scheduler::kind::k_publish_files));
    CHECK(contains(r, "2 copied, 0 already there"));
    CHECK(f.read(out / "exim-4.99.1.tar.gz") == "tarball");
    CHECK(f.read(out / "exim-4.99.1.tar.gz.asc") == "sig");
    fs::remove(out / "exim-4.99.1.tar.gz.asc");  // as after a crash between the two
    r = unwrap(f.act(steps, id, scheduler::kind::k_publish_files));
    CHECK(contains(r, "1 copied, 1 already there"));
    r = unwrap(f.act(steps, id, scheduler::kind::k_publish_files));
    CHECK(contains(r, "0 copied, 2 already there"));
  }
  SUBCASE("a file there with other content is an error naming it, and stays as it was") {
    fs::create_directories(out);
    unwrap(util::write_file_atomic(out / "exim-4.99.1.tar.gz", "someone else's"));
    auto r = f.act(steps, id, scheduler::kind::k_publish_files);
    REQUIRE(!r);
    CHECK(r.error().code() == ErrorCode::io_error);
    CHECK(contains(r.error().message(), "exim-4.99.1.tar.gz already exists with other content"));
    CHECK(f.read(out / "exim-4.99.1.tar.gz") == "someone else's");
  }
  SUBCASE("a dry run writes into its sink only") {
    scheduler::ReleaseSteps dry({f.service, f.config, f.data.path(), f.clock, f.data.path() / "sink", "embargod"});
    unwrap(f.act(dry, id, scheduler::kind::k_publish_files));
    CHECK(f.read(f.data.path() / "sink" / "publish-files" / "exim-4.99.1.tar.gz") == "tarball");
    CHECK(!fs::exists(out));
  }
  SUBCASE("skipped without files_dir") {
    f.config.publish.files_dir.clear();
    CHECK(unwrap(f.act(steps, id, scheduler::kind::k_publish_files)) == "skipped: publish.files_dir is not set");
  }
}

TEST_CASE("publish-advisory") {
  Fixture f;
  std::string id =
      f.make_case("heap overflow <script>alert(1)</script>", "2026-03-05T14:00Z", {{"exim-4.99.1.tar.gz", "tarball"}});
  scheduler::ReleaseSteps steps({f.service, f.config, f.data.path(), f.clock, {}, "embargod"});
  fs::path web = f.data.path() / "web";
  std::string page_name = id + ".html";

  SUBCASE("page, index and feed; a second run writes nothing") {
    std::string r = unwrap(f.act(steps, id, scheduler::kind::k_publish_advisory));
    CHECK(contains(r, "3 of 3 files written, 1 advisories listed"));
    std::string page = f.read(web / page_name);
    CHECK(!contains(page, "<script>"));
    CHECK(contains(page, "&lt;script&gt;"));
    CHECK(contains(page, "9.8 Critical"));
    CHECK(contains(page, "https://ftp.example.org/pub/exim/exim-4.99.1.tar.gz"));
    CHECK(contains(page, util::sha256_hex("tarball")));
    CHECK(contains(page, "DD98D92359DE9E3C2663F291697F0EDD68099F6F"));
    CHECK(!contains(page, "Jane Roe"));  // the credit is not accepted
    CHECK(contains(f.read(web / "index.html"), page_name));
    CHECK(contains(f.read(web / "atom.xml"), "https://www.example.org/security/" + page_name));
    r = unwrap(f.act(steps, id, scheduler::kind::k_publish_advisory));
    CHECK(contains(r, "0 of 3 files written"));
  }
  SUBCASE("an accepted credit is shown, escaped") {
    unwrap(f.store.write([&](core::StoreTx& tx) -> Result<void> {
      return core::CreditService(f.service).accept(tx, id, "", "jane").map([](auto) {});
    }));
    unwrap(f.act(steps, id, scheduler::kind::k_publish_advisory));
    CHECK(contains(f.read(web / page_name), "Jane Roe &lt;b&gt;of Example Labs&lt;/b&gt;"));
  }
  SUBCASE("the index and feed keep what was published before, newest first") {
    std::string older = f.make_case("older bug", "2025-06-01T14:00Z", {});
    std::string never = f.make_case("not published", "2025-07-01T14:00Z", {});
    unwrap(f.act(steps, older, scheduler::kind::k_publish_advisory));
    f.store.force_case_state(older, core::CaseState::public_);
    f.store.force_case_state(never, core::CaseState::public_);  // public, but its advisory job never ran
    unwrap(f.store.write([&](core::StoreTx& tx) -> Result<void> {
      core::Job j;
      j.case_id = older;
      j.kind = std::string(scheduler::kind::k_publish_advisory);
      j.due_at = ts("2025-06-01T14:00Z");
      TRY_ASSIGN(j.id, tx.insert_job(j));
      j.state = core::JobState::done;
      return tx.update_job(j);
    }));
    std::string r = unwrap(f.act(steps, id, scheduler::kind::k_publish_advisory));
    CHECK(contains(r, "2 advisories listed"));
    std::string index = f.read(web / "index.html");
    CHECK(index.find(page_name) < index.find(older + ".html"));
    CHECK(!contains(index, never));
    std::string feed = f.read(web / "atom.xml");
    CHECK(feed.find(page_name) < feed.find(older + ".html"));
    CHECK(contains(feed, "<updated>2026-03-05T14:00:00Z</updated>"));
  }
  SUBCASE("a dry run writes into its sink only; skipped without web_dir") {
    scheduler::ReleaseSteps dry({f.service, f.config, f.data.path(), f.clock, f.data.path() / "sink", "embargod"});
    unwrap(f.act(dry, id, scheduler::kind::k_publish_advisory));
    CHECK(fs::exists(f.data.path() / "sink" / "publish-advisory" / "atom.xml"));
    CHECK(!fs::exists(web));
    f.config.publish.web_dir.clear();
    CHECK(unwrap(f.act(steps, id, scheduler::kind::k_publish_advisory)) == "skipped: publish.web_dir is not set");
  }
}

TEST_CASE("publish-advisory: the CSAF advisory and its revisions (issue 25)") {
  Fixture f;
  f.config.project.advisory.vendor = "Exim";
  f.config.project.advisory.product = "Exim";
  f.config.project.advisory.advisory_url = "https://www.example.org/security/{case}.html";
  std::string id = f.make_case("heap overflow", "2026-03-05T14:00Z", {});
  f.set_versions(id, ">=4.97,<4.99.1", ">=4.99.1");
  scheduler::ReleaseSteps steps({f.service, f.config, f.data.path(), f.clock, {}, "embargod"});
  fs::path csaf = f.data.path() / "web" / "csaf";
  std::string stem = core::advisory::csaf_file_stem(id);
  auto revisions = [&] {
    core::advisory::CsafCaseData data;
    unwrap(f.store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(data, core::advisory::load_csaf_case(tx, id));
      return {};
    }));
    return data;
  };

  SUBCASE("revision 1 at the release, recorded once; a re-run writes the same bytes") {
    std::string r = unwrap(f.act(steps, id, scheduler::kind::k_publish_advisory));
    CHECK(contains(r, fmt::format("CSAF csaf/{}.json (2 of 2 files written)", stem)));
    std::string newest = f.read(csaf / (stem + ".json"));
    CHECK(f.read(csaf / stem / "1.json") == newest);
    auto doc = nlohmann::json::parse(newest);
    CHECK(doc["document"]["tracking"]["status"] == "final");
    CHECK(doc["document"]["tracking"]["revision_history"].size() == 1);
    CHECK(doc["document"]["tracking"]["generator"]["date"] == "2026-03-05T14:00:00.000Z");
    fs::remove(csaf / stem / "1.json");  // as after a crash between the two files
    r = unwrap(f.act(steps, id, scheduler::kind::k_publish_advisory));
    CHECK(contains(r, "(1 of 2 files written)"));
    CHECK(f.read(csaf / stem / "1.json") == newest);
    CHECK(unwrap(f.record(steps, id, scheduler::kind::k_publish_advisory)) == "recorded CSAF revision 1");
    CHECK(unwrap(f.record(steps, id, scheduler::kind::k_publish_advisory)).empty());
    CHECK(revisions().revisions.size() == 1);
    r = unwrap(f.act(steps, id, scheduler::kind::k_publish_advisory));
    CHECK(contains(r, "(0 of 2 files written)"));
    CHECK(f.read(csaf / (stem + ".json")) == newest);
  }
  SUBCASE("a change is published once its revision is recorded, beside revision 1") {
    unwrap(f.act(steps, id, scheduler::kind::k_publish_advisory));
    unwrap(f.record(steps, id, scheduler::kind::k_publish_advisory));
    std::string first = f.read(csaf / stem / "1.json");
    f.set_versions(id, ">=4.97,<4.99.2", ">=4.99.2");
    std::string r = unwrap(f.act(steps, id, scheduler::kind::k_publish_advisory));
    CHECK(contains(r, "CSAF not published: the CSAF advisory of " + id + " changed since revision 1"));
    CHECK(contains(r, "embargo export csaf " + id + " --summary"));
    CHECK(f.read(csaf / (stem + ".json")) == first);
    // As export csaf scores it: the digest is of the document the step renders.
    core::advisory::CsafRequest request{f.config.project.advisory, core::cvss::advisory_metric, nullptr};
    request.released = true;
    request.now = ts("2026-03-07T10:00Z");
    request.summary = "Fixed in 4.99.2";
    auto revised = unwrap(core::advisory::revised_csaf_advisory(revisions(), request));
    REQUIRE(revised.record);
    unwrap(f.store.write([&](core::StoreTx& tx) -> Result<void> {
      return core::advisory::record_csaf_revision(f.service, tx, id, *revised.record, "alice");
    }));
    r = unwrap(f.act(steps, id, scheduler::kind::k_publish_advisory));
    CHECK(contains(r, "(2 of 2 files written)"));
    CHECK(unwrap(f.record(steps, id, scheduler::kind::k_publish_advisory)).empty());
    auto newest = nlohmann::json::parse(f.read(csaf / (stem + ".json")));
    CHECK(newest["document"]["tracking"]["version"] == "2");
    CHECK(f.read(csaf / stem / "2.json") == f.read(csaf / (stem + ".json")));
    CHECK(f.read(csaf / stem / "1.json") == first);
  }
  SUBCASE("skipped without advisory_url, said in the result") {
    f.config.project.advisory.advisory_url.clear();
    std::string r = unwrap(f.act(steps, id, scheduler::kind::k_publish_advisory));
    CHECK(contains(r, "CSAF skipped: advisory.advisory_url is not set"));
    CHECK(!fs::exists(csaf));
    CHECK(unwrap(f.record(steps, id, scheduler::kind::k_publish_advisory)).empty());
  }
}
