// embargo demo [--data DIR]: a whole release rehearsed in a new data
// directory (demo.hpp). The story, on a replayed clock ending at the present:
//   A  a plain report 30 days ago: confirmed, scored, fixed in 4.99.1, built,
//      verified and tested, planned, downloads opened, released: public, with
//      its advisory page, index and feed in DATA/web;
//   B  a report encrypted to the team key days ago: the same up to the
//      release of 4.99.2, whose fix notice went out and whose downloads are
//      open; the rest of its schedule is pending (embargod runs it);
//   C  a report an hour ago: new.

#include <cstdlib>
#include <iostream>
#include <regex>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <embargo/cli/commands.hpp>
#include <embargo/cli/demo.hpp>
#include <embargo/core/planner/zone.hpp>
#include <embargo/util/file.hpp>

namespace embargo::cli {

namespace fs = std::filesystem;
using std::chrono::days;
using std::chrono::hours;

namespace {

// [policy] packager_window_preferred_hours in the demo (configure_demo):
// long enough that the embargoed case's fix is out whatever the weekday.
constexpr auto k_packager_window = hours(120);

struct DemoArgs {
  std::string url = "http://127.0.0.1:8470";
  bool verbose = false;
};

// What one case's release is made of.
struct Fix {
  std::string title, cwe, affected, fixed, cvss, tag, base, impact;
};

// The case a report became (the first case id in intake's answer).
Result<std::string> receive(const DemoRun& run, util::Timestamp at, const std::string& report) {
  TRY_ASSIGN(std::string out,
             demo_cli(run, at, {"intake", "mail", "--batch", (run.data / "demo" / "reports" / report).string()}));
  std::smatch m;
  if (!std::regex_search(out, m, std::regex("[A-Z0-9]+-[0-9]{4}-[0-9]{4}"))) {
    return make_error(ErrorCode::conflict, "intake made no case of report " + report + ": " + out);
  }
  return m.str();
}

// Confirmed, scored and fixed: a signed release built, verified and tested.
Result<void> fix_case(const DemoRun& run, const std::string& id, util::Timestamp t, const Fix& f) {
  fs::path out = run.data / "demo" / ("release-" + f.tag);
  std::string gnupg = (run.data / "gnupg").string();
  TRY(demo_cli(run, t, {"case", "move", id, "confirmed", "--why", "reproduced"}));
  TRY(demo_cli(run, t, {"case", "edit", id, "--impact", f.impact}));
  TRY(demo_cli(run, t + hours(1),
               {"vuln", "add", id, "--title", f.title, "--cwe", f.cwe, "--affected", f.affected, "--fixed", f.fixed}));
  TRY(demo_cli(run, t + hours(1), {"vuln", "set", id, "1", "--cvss", f.cvss}));
  TRY(demo_cli(run, t + hours(2), {"case", "move", id, "fixing", "--why", "patch on the private repository"}));
  TRY(demo_cli(run, t + hours(20), {"case", "move", id, "notified", "--why", "fix reviewed"}));
  TRY(demo_cli(run, t + hours(21), {"release",     "build",
                                    "--repo",      (run.data / "demo" / "repo").string(),
                                    "--tag",       f.tag,
                                    "--base",      f.base,
                                    "--package",   "exim",
                                    "--formats",   "gz",
                                    "--keyring",   (run.data / "demo" / "maintainers.asc").string(),
                                    "--gnupghome", gnupg,
                                    "--out",       out.string(),
                                    "--case",      id}));
  TRY(demo_cli(run, t + hours(21), {"release", "verify", out.string(), "--gnupghome", gnupg}));
  TRY(demo_cli(run, t + hours(21), {"release", "test", out.string(), "--case", id}));
  TRY(demo_cli(run, t + hours(22), {"case", "move", id, "fix-shared", "--why", "release files ready"}));
  return {};
}

// The first release slot of the default policy (14:00 in Europe/London,
// Monday to Thursday) at or after `after`.
Result<util::Timestamp> release_slot(util::Timestamp after) {
  TRY_ASSIGN(core::planner::Zone zone, core::planner::Zone::find("Europe/London"));
  date::local_days day = core::planner::local_day(zone.to_local(after));
  for (int d = 0; d < 8; ++d) {
    core::planner::LocalSeconds local = day + date::days(d) + hours(14);
    unsigned weekday = core::planner::local_weekday(local);
    util::Timestamp t = zone.to_utc(local);
    if (t >= after && weekday >= 1 && weekday <= 4) {
      return t;
    }
  }
  return make_error(ErrorCode::conflict, "no release slot within a week");
}

// Planned with its release at `release`, the distros list's usercode made,
// the release scheduled; the usercode's password.
Result<std::string> schedule(const DemoRun& run, const std::string& id, util::Timestamp t, util::Timestamp release) {
  TRY(demo_cli(run, t, {"case", "plan", id, "--release", util::format_timestamp(release)}));
  TRY_ASSIGN(std::string issued, demo_cli(run, t, {"usercode", "new", id, "--list", "distros"}));
  TRY(demo_cli(run, t, {"release", "schedule", id}));
  std::smatch m;
  if (!std::regex_search(issued, m, std::regex("password: *(\\S+)"))) {
    return make_error(ErrorCode::conflict, "usercode new printed no password");
  }
  return m.str(1);
}

// The data directory, keys, configuration, repository and reports; the admin's password.
Result<std::string> prepare(const DemoRun& run, util::Timestamp start) {
  TRY_ASSIGN(std::string made, demo_cli(run, start, {"init", "--project", "Exim", "--prefix", "EXIM"}));
  std::smatch m;
  if (!std::regex_search(made, m, std::regex("shown this once: *(\\S+)"))) {
    return make_error(ErrorCode::conflict, "init printed no admin password");
  }
  fs::create_directories(run.data / "demo");
  TRY_ASSIGN(DemoKeys keys, make_demo_keys(run));
  TRY(configure_demo(run, keys));
  TRY(make_demo_repo(run, keys));
  TRY(write_demo_reports(run, keys));
  return m.str(1);
}

struct DemoOutcome {
  std::string a, b, c;   // the cases: public, under embargo, new
  std::string admin;     // the admin account's password
  std::string usercode;  // the distros list's password for b's downloads
};

void print_guide(const DemoRun& run, const DemoOutcome& o, double seconds) {
  std::string d = run.data.string();
  std::cout << fmt::format(R"(
The demo is ready ({:.1f} s). Nothing left this machine.
  {}  public: its advisory {d}/web/{}.html, the index {d}/web/index.html, the feed {d}/web/atom.xml
  {}  under embargo: downloads open, the fix notice sent, the rest of its schedule pending
  {}  a new report
Mail sent (the sink): {d}/mail-out/*.eml      Published files: {d}/pub/
Look at:
  embargo --data {d} case list
  embargo --data {d} release status {}
  embargo --data {d} timeline verify
  embargod --data {d}     then open {} and log in as admin, password {} (shown this once)
  curl --digest -u distros:{} {}/embargo/{}/
)",
                           seconds, o.a, o.a, o.b, o.c, o.b, run.url, o.admin, o.usercode, run.url, o.b,
                           fmt::arg("d", d));
}

Result<int> run_demo(Context& ctx, const DemoArgs& args) {
  if (ctx.data_dir.empty()) {
    return ctx.fail_usage("demo needs --data DIR (a new directory)");
  }
  auto began = std::chrono::steady_clock::now();
  DemoRun run{fs::absolute(ctx.data_dir), args.url, args.verbose};
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  const util::Timestamp now = clock->now();
  DemoOutcome o;
  TRY_ASSIGN(o.admin, prepare(run, now - days(31)));
  TRY_ASSIGN(std::string a, receive(run, now - days(30), "a"));
  TRY(fix_case(run, a, now - days(30) + hours(2),
               {"heap overflow in BDAT chunk handling", "787", ">=4.92,<4.99.1", ">=4.99.1",
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "exim-4.99.1", "exim-4.99", "rce"}));
  TRY_ASSIGN(util::Timestamp a_release, release_slot(now - days(28) + k_packager_window + hours(1)));
  TRY(schedule(run, a, now - days(28), a_release));
  // b's release comes at the first slot 3 hours from now, and its fix went
  // to the packagers (and its downloads opened) k_packager_window before.
  TRY_ASSIGN(util::Timestamp b_release, release_slot(now + hours(3)));
  const util::Timestamp b_plan = b_release - k_packager_window - hours(1);
  TRY(run_release_until(run, b_plan - days(2)));
  TRY_ASSIGN(std::string b, receive(run, b_plan - days(2), "b"));
  TRY(fix_case(run, b, b_plan - days(2) + hours(1),
               {"use after free in ACL expansion", "416", ">=4.99.1,<4.99.2", ">=4.99.2",
                "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", "exim-4.99.2", "exim-4.99.1", "rce"}));
  TRY_ASSIGN(o.usercode, schedule(run, b, b_plan, b_release));
  TRY(run_release_until(run, now - hours(1)));
  TRY_ASSIGN(std::string c, receive(run, now - hours(1), "c"));
  TRY(demo_cli(run, now, {"timeline", "verify"}));
  o.a = a;
  o.b = b;
  o.c = c;
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - began;
  print_guide(run, o, took.count());
  return k_exit_ok;
}

}  // namespace

Result<std::string> demo_cli(const DemoRun& run, util::Timestamp at, const std::vector<std::string>& args) {
  std::vector<std::string> argv_text = {"embargo", "--data", run.data.string()};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : argv_text) {
    argv.push_back(s.data());
  }
  std::string when = util::format_timestamp(at);
  ::setenv("EMBARGO_NOW", when.c_str(), 1);
  ::setenv("EMBARGO_ACTOR", "demo", 1);
  std::cout << fmt::format("  {}  embargo {}\n", when.substr(0, 16), fmt::join(args, " "));
  std::ostringstream out, err;
  int status = run_cli(static_cast<int>(argv.size()), argv.data(), out, err);
  if (run.verbose) {
    std::cout << out.str();
  }
  if (status != k_exit_ok) {
    return make_error(ErrorCode::conflict,
                      fmt::format("embargo {} (exit {}):\n{}{}", fmt::join(args, " "), status, err.str(), out.str()));
  }
  return out.str();
}

void add_demo_command(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<DemoArgs>();
  auto* sub = app.add_subcommand("demo",
                                 "Rehearse a whole release in a new data directory (nothing leaves the "
                                 "machine); prints what to look at");
  sub->add_option("--url", args->url, "Where embargod will listen, for the notices' links")->capture_default_str();
  sub->add_flag("--verbose", args->verbose, "Print each command's output too");
  sub->callback([&ctx, args] { run_command(ctx, [&] { return run_demo(ctx, *args); }); });
}

}  // namespace embargo::cli
