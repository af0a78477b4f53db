// embargo release layout --repo R --tag T [--package P]: the members
// `release build` would put in the tarball (core/release/release_listing.hpp),
// without compressing or signing. The layout is [release.layout] of the data
// directory (of --case's project), else Exim's.

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/cli/commands.hpp>
#include <embargo/cli/release_settings.hpp>
#include <embargo/core/release/release_listing.hpp>
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

}  // namespace

void add_release_layout_command(CLI::App& release, Context& ctx) {
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
