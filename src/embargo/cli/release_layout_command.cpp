// embargo release layout --repo R --tag T [--package P]: the members
// `release build` would put in the tarball (core/release/release_listing.hpp),
// without compressing or signing; then a comment line saying what the
// documentation command (not run here) would add, or why the build would
// skip it. The layout is [release.layout] of the data
// directory (of --case's project), else Exim's.
// embargo release test OUT [--case ID]: unpacks the built tarball and runs
// [release.test]'s build-and-test command (core/release/release_test.hpp);
// with --case the result goes on the case's timeline ("release tested: ...").
// Exit 1 when the test fails.

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <embargo/cli/commands.hpp>
#include <embargo/cli/release_settings.hpp>
#include <embargo/core/release/release_listing.hpp>
#include <embargo/core/release/release_record.hpp>
#include <embargo/git/git_repo.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::cli {

namespace {

namespace rel = core::release;

struct LayoutArgs {
  std::string repo;
  std::string tag;
  std::string package;
  std::string case_id;
  bool long_format = false;
  std::string format;
};

const char* type_name(rel::TreeEntry::Kind k) {
  switch (k) {
    case rel::TreeEntry::Kind::directory:
    case rel::TreeEntry::Kind::submodule:
      return "directory";
    case rel::TreeEntry::Kind::symlink:
      return "symlink";
    case rel::TreeEntry::Kind::executable:
    case rel::TreeEntry::Kind::file:
      return "file";
  }
  return "file";
}

std::string member_name(const rel::LayoutListing& l, const rel::TreeEntry& e) {
  bool dir = e.kind == rel::TreeEntry::Kind::directory || e.kind == rel::TreeEntry::Kind::submodule;
  return fmt::format("{}/{}{}", l.prefix, e.path, dir ? "/" : "");
}

std::string mode_of(const rel::TreeEntry& e) {
  switch (e.kind) {
    case rel::TreeEntry::Kind::directory:
    case rel::TreeEntry::Kind::submodule:
      return "drwxr-xr-x";
    case rel::TreeEntry::Kind::symlink:
      return "lrwxrwxrwx";
    case rel::TreeEntry::Kind::executable:
      return "-rwxr-xr-x";
    case rel::TreeEntry::Kind::file:
      return "-rw-r--r--";
  }
  return "";
}

void print_listing(Context& ctx, const LayoutArgs& a, const rel::LayoutListing& l) {
  if (a.format == "json") {
    nlohmann::json members = nlohmann::json::array();
    members.push_back({{"path", l.prefix + "/"}, {"type", "directory"}, {"mode", "0755"}, {"size", 0}});
    for (const auto& e : l.members) {
      bool exec = e.kind == rel::TreeEntry::Kind::executable || e.kind != rel::TreeEntry::Kind::file;
      members.push_back({{"path", member_name(l, e)}, {"type", type_name(e.kind)},
                         {"mode", e.kind == rel::TreeEntry::Kind::symlink ? "0777" : (exec ? "0755" : "0644")},
                         {"size", e.size}});
    }
    nlohmann::json out = {{"tag", l.tag.name}, {"commit", l.tag.commit_id}, {"version", l.version.text()},
                          {"prefix", l.prefix}, {"members", members}};
    if (l.stamp.ran) {
      out["stamp"] = {{"seconds", l.stamp.seconds}, {"output", l.stamp.output}};
    }
    if (l.docs.configured) {
      nlohmann::json added = nlohmann::json::array();
      for (const auto& m : l.docs.members) {
        added.push_back(fmt::format("{}/{}", l.prefix, m));
      }
      out["docs"] = {{"summary", rel::docs_summary(l.docs)}, {"skipped", l.docs.skipped}, {"members", added}};
    }
    ctx.out() << out.dump(2) << '\n';
    return;
  }
  ctx.out() << fmt::format("# {} members of {}.tar.* from tag {} ({}){}\n", l.members.size() + 1, l.prefix,
                           l.tag.name, l.tag.commit_id.substr(0, 12),
                           l.stamp.ran ? fmt::format(", stamped in {:.2f} s", l.stamp.seconds) : "");
  auto line = [&](const std::string& mode, std::uint64_t size, const std::string& name) {
    ctx.out() << (a.long_format ? fmt::format("{} 0/0 {:>10} {}\n", mode, size, name) : name + "\n");
  };
  line("drwxr-xr-x", 0, l.prefix + "/");
  for (const auto& e : l.members) {
    line(mode_of(e), e.size, member_name(l, e));
  }
  if (l.docs.configured) {
    // A comment line: the member list above stays what is shipped for sure.
    std::vector<std::string> added;
    for (const auto& m : l.docs.members) {
      added.push_back(fmt::format("{}/{}", l.prefix, m));
    }
    ctx.out() << (l.docs.skipped.empty()
                      ? fmt::format("# documentation (release.layout.docs_command, not run here) would add: {}\n",
                                    fmt::join(added, ", "))
                      : "# " + rel::docs_summary(l.docs) + "\n");
  }
}

Result<int> run_layout(Context& ctx, LayoutArgs a) {
  rel::ReleaseOptions options;
  std::string keyring;
  TRY_ASSIGN(options.settings, load_release_settings(ctx, keyring, a.case_id));
  TRY_ASSIGN(options.layout, load_release_layout(ctx, a.case_id));
  options.tag = a.tag;
  options.package = !a.package.empty() ? a.package : package_from_tag(a.tag, options.settings);
  if (options.package.empty()) {
    return make_error(ErrorCode::invalid_argument, "--package: the tag names no package; give --package");
  }
  TRY_ASSIGN(auto repo, git::GitRepo::open(a.repo));
  TRY_ASSIGN(rel::LayoutListing listing, rel::list_release_layout(options, *repo));
  print_listing(ctx, a, listing);
  return k_exit_ok;
}

struct TestArgs {
  std::string out;
  std::string package = "exim";
  std::string case_id;
  std::string format;
};

Result<int> run_test(Context& ctx, const TestArgs& a) {
  if (!a.case_id.empty()) {
    if (ctx.data_dir.empty()) {
      return make_error(ErrorCode::invalid_argument, "--case needs the data directory: give --data DIR");
    }
    TRY(ctx.data());
    TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> { return tx.get_case(a.case_id).map([](auto&&) {}); }));
  }
  TRY_ASSIGN(rel::ReleaseTestSettings settings, load_release_test(ctx, a.case_id));
  TRY_ASSIGN(rel::ReleaseTestReport report, rel::test_release(a.out, a.package, settings));
  if (!a.case_id.empty()) {
    TRY_ASSIGN(core::CaseService service, ctx.case_service());
    TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
      return rel::record_release_test(tx, service, a.case_id, report, ctx.actor());
    }));
  }
  if (a.format == "json") {
    ctx.out() << nlohmann::json{{"tarball", report.tarball}, {"version", report.version}, {"ok", report.ok},
                                {"found", report.found},     {"problem", report.problem}, {"seconds", report.seconds},
                                {"output", report.output},   {"summary", report.summary()}}
                     .dump(2)
              << '\n';
  } else {
    for (const auto& line : util::split(report.output, '\n')) {
      ctx.out() << "  | " << line << '\n';
    }
    ctx.out() << report.summary() << '\n';
    if (!a.case_id.empty()) {
      ctx.out() << fmt::format("recorded on {}\n", a.case_id);
    }
  }
  return report.ok ? k_exit_ok : k_exit_error;
}

}  // namespace

void add_release_layout_command(CLI::App& release, Context& ctx) {
  auto test = std::make_shared<TestArgs>();
  auto* t = release.add_subcommand("test", "Unpack the built tarball in a scratch directory and run [release.test]'s "
                                           "build and test command (no network, a time limit)");
  t->add_option("out", test->out, "The release directory `release build` wrote")->required();
  t->add_option("--package", test->package, "Package name: the tarball is PACKAGE-VERSION.tar.* (default: exim)");
  t->add_option("--case", test->case_id, "Record the result on this case's timeline");
  add_format_option(t, test->format, {"text", "json"});
  t->callback([&ctx, test] { run_command(ctx, [&] { return run_test(ctx, *test); }); });

  auto args = std::make_shared<LayoutArgs>();
  auto* c = release.add_subcommand("layout", "List what `release build` would put in the tarball (no compressing, "
                                             "no signing; the tag's signature is not checked)");
  c->add_option("--repo", args->repo, "The git repository (bare or not)")->required();
  c->add_option("--tag", args->tag, "The release tag, e.g. exim-4.99.1")->required();
  c->add_option("--package", args->package, "Package name (default: from the tag, e.g. exim)");
  c->add_option("--case", args->case_id, "Use the [release] settings of this case's project");
  c->add_flag("--long,-l", args->long_format, "Modes, owners and sizes as `tar -tv` shows them");
  add_format_option(c, args->format, {"text", "json"});
  c->callback([&ctx, args] { run_command(ctx, [&] { return run_layout(ctx, *args); }); });
}

}  // namespace embargo::cli
