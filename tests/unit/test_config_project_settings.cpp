// Per-project settings files (config/project_settings.hpp, issue 12): a
// [[projects]] entry's `config` file merged over embargo.toml, the refusal of
// server-wide keys, bad values and missing files, and the resolver.

#include <doctest/doctest.h>

#include <embargo/config/config_file.hpp>
#include <embargo/config/project_settings.hpp>
#include <embargo/util/file.hpp>

#include "memory_store.hpp"
#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;

namespace {

const char* const k_main = R"(
[project]
name = "Coordinator"
case_prefix = "CO"
[policy]
release_zone = "Europe/London"
[advisory]
vendor = "Coordinator"
product = "Everything"
[mail]
team_address = "security@coord.example"
signing_key = "MAINKEY"
[[mail.lists]]
name = "distros"
address = "distros@coord.example"
policy = "sign"
[publish]
fix_lists = ["distros"]
web_dir = "web-main"
[smtp]
url = "smtp://127.0.0.1:2525"
[[projects]]
name = "exim"
display_name = "Exim"
case_prefix = "EXIM"
config = "projects/exim.toml"
[[projects]]
name = "plain"
case_prefix = "PL"
)";

// Writes embargo.toml and projects/exim.toml, then loads.
Result<config::ConfigFile> load_with(const testutil::TempDir& dir, const std::string& exim) {
  std::filesystem::create_directories(dir.path() / "projects");
  TRY(util::write_file_atomic(dir.path() / "embargo.toml", k_main));
  TRY(util::write_file_atomic(dir.path() / "projects/exim.toml", exim));
  return config::load_config(dir.path() / "embargo.toml");
}

std::string error_of(const Result<config::ConfigFile>& r) {
  REQUIRE_FALSE(r.has_value());
  return r.error().message();
}

}  // namespace

TEST_CASE("project settings: the file's keys over embargo.toml's") {
  testutil::TempDir dir;
  auto c = unwrap(load_with(dir, R"(
[policy]
release_zone = "America/New_York"
[mail]
team_address = "security@exim.org"
signing_key = "EXIMKEY"
[[mail.lists]]
name = "distros"
address = "distros@exim.example"
policy = "encrypt"
keys = ["EXIMLISTKEY"]
[[mail.lists]]
name = "exim-users"
address = "exim-users@exim.org"
policy = "clearsign"
[publish]
announce_lists = ["exim-users"]
)"));
  const config::ConfigFile* exim = unwrap(c.config_for_project("exim"));
  CHECK(exim->project_key == "exim");
  CHECK(exim->project.project_name == "Exim");
  CHECK(exim->project.case_prefix == "EXIM");
  CHECK(exim->project.policy.release_zone == "America/New_York");
  CHECK(exim->mail.team_address == "security@exim.org");
  CHECK(exim->mail.signing_key == "EXIMKEY");
  REQUIRE(exim->mail.lists.size() == 2);  // the file's lists replace the server's
  CHECK(unwrap(exim->mail.list("distros"))->address == "distros@exim.example");
  CHECK(exim->publish.announce_lists == std::vector<std::string>{"exim-users"});
  SUBCASE("what the file leaves out is embargo.toml's") {
    CHECK(exim->publish.fix_lists == std::vector<std::string>{"distros"});  // the table is merged key by key
    CHECK(exim->publish.web_dir == "web-main");
    CHECK(exim->project.advisory.vendor == "Coordinator");
    CHECK(exim->mail.smtp.url == "smtp://127.0.0.1:2525");
  }
  SUBCASE("the server's own settings are unchanged") {
    const config::ConfigFile* own = unwrap(c.config_for_project(""));
    CHECK(own == &c);
    CHECK(own->mail.team_address == "security@coord.example");
    CHECK(unwrap(own->mail.list("distros"))->address == "distros@coord.example");
    CHECK(own->project.policy.release_zone == "Europe/London");
  }
  SUBCASE("a project without a file has embargo.toml's settings under its own name") {
    const config::ConfigFile* plain = unwrap(c.config_for_project("plain"));
    CHECK(plain->project_key == "plain");
    CHECK(plain->project.case_prefix == "PL");
    CHECK(unwrap(plain->mail.list("distros"))->address == "distros@coord.example");
  }
  SUBCASE("an unconfigured project has no settings") {
    auto r = c.config_for_project("postfix");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code() == ErrorCode::not_found);
  }
}

TEST_CASE("project settings: server-wide keys are refused, naming the file and the key") {
  testutil::TempDir dir;
  for (auto [text, key] : {std::pair{"[store]\nurl = \"sqlite:other.db\"\n", "store"},
                           std::pair{"[http]\nlisten = \"0.0.0.0:1\"\n", "http"},
                           std::pair{"[smtp]\nurl = \"smtp://evil:25\"\n", "smtp"},
                           std::pair{"[team]\nnotify = false\n", "team"},
                           std::pair{"[project]\ncase_prefix = \"X\"\n", "project"},
                           std::pair{"[[projects]]\nname = \"x\"\ncase_prefix = \"X\"\n", "projects"},
                           std::pair{"[mail]\nmax_message_bytes = 5\n", "mail.max_message_bytes"},
                           std::pair{"[mail]\nflush_interval_seconds = 5\n", "mail.flush_interval_seconds"},
                           std::pair{"[bogus]\nx = 1\n", "bogus"}}) {
    CAPTURE(key);
    std::string e = error_of(load_with(dir, text));
    CHECK(e.find("projects/exim.toml") != std::string::npos);
    CHECK(e.find(key) != std::string::npos);
  }
}

TEST_CASE("project settings: bad values and missing files fail the load") {
  testutil::TempDir dir;
  SUBCASE("a bad value names the file and the key") {
    std::string e = error_of(load_with(dir, "[mail]\nteam_address = \"nobody\"\n"));
    CHECK(e.find("projects/exim.toml") != std::string::npos);
    CHECK(e.find("mail.team_address") != std::string::npos);
  }
  SUBCASE("an unknown policy rule") {
    std::string e = error_of(load_with(dir, "[policy]\nrelease_zoen = \"UTC\"\n"));
    CHECK(e.find("projects/exim.toml") != std::string::npos);
    CHECK(e.find("release_zoen") != std::string::npos);
  }
  SUBCASE("[publish] may name only the project's own lists") {
    std::string e = error_of(load_with(dir, R"(
[[mail.lists]]
name = "exim-users"
address = "exim-users@exim.org"
policy = "clearsign"
)"));  // fix_lists = ["distros"] is inherited, but distros is not the project's list any more
    CHECK(e.find("projects/exim.toml") != std::string::npos);
    CHECK(e.find("publish.fix_lists") != std::string::npos);
  }
  SUBCASE("a TOML syntax error gives the file") {
    std::string e = error_of(load_with(dir, "[mail\n"));
    CHECK(e.find("projects/exim.toml") != std::string::npos);
  }
  SUBCASE("a missing file") {
    std::filesystem::create_directories(dir.path());
    unwrap(util::write_file_atomic(dir.path() / "embargo.toml", k_main));
    std::string e = error_of(config::load_config(dir.path() / "embargo.toml"));
    CHECK(e.find("projects/exim.toml") != std::string::npos);
  }
}

TEST_CASE("project settings: config_for_case and the template directories") {
  testutil::TempDir dir;
  auto c = unwrap(load_with(dir, "[mail]\nteam_address = \"security@exim.org\"\n"));
  testutil::MemoryStore store;
  unwrap(store.write([](core::StoreTx& tx) -> Result<void> {
    for (auto id : {"CO-2026-0001", "EXIM-2026-0002", "GONE-2026-0003"}) {
      core::Case k;
      k.id = id;
      k.title = "t";
      TRY(tx.insert_case(k));
    }
    TRY(tx.set_case_project("EXIM-2026-0002", "exim"));
    return tx.set_case_project("GONE-2026-0003", "removed");
  }));
  unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
    CHECK(unwrap(config::config_for_case(c, tx, "CO-2026-0001"))->mail.team_address == "security@coord.example");
    CHECK(unwrap(config::config_for_case(c, tx, "EXIM-2026-0002"))->mail.team_address == "security@exim.org");
    auto gone = config::config_for_case(c, tx, "GONE-2026-0003");  // never the server's lists instead
    REQUIRE_FALSE(gone.has_value());
    CHECK(gone.error().message().find("GONE-2026-0003") != std::string::npos);
    return {};
  }));
  auto dirs = config::template_dirs("/d", "exim");
  REQUIRE(dirs.size() == 2);
  CHECK(dirs[0] == std::filesystem::path("/d/projects/exim/templates"));
  CHECK(dirs[1] == std::filesystem::path("/d/templates"));
  CHECK(config::template_dirs("/d", "") == std::vector<std::filesystem::path>{"/d/templates"});
}
