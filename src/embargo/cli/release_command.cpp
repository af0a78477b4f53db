// embargo release build: from a signed tag to signed tarballs, a standalone
// patch and checksum files (core/release/release_builder.hpp).
// embargo release verify DIR: re-checks sizes, hashes and every signature.
// With --case the files are recorded on the case and their bytes stored in
// the file store (<data>/files), like `embargo files add`; --tag and --base
// default to the case's release kind (core/release_kind.hpp).
//
// The data directory is optional here: without --data/EMBARGO_DATA the
// [release] defaults (Exim's) apply; --case needs it.

#include <ostream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <embargo/cli/commands.hpp>
#include <embargo/cli/release_settings.hpp>
#include <embargo/core/release/release_builder.hpp>
#include <embargo/core/release/release_manifest.hpp>
#include <embargo/core/release/release_record.hpp>
#include <embargo/core/release/release_resume.hpp>
#include <embargo/core/release_kind.hpp>
#include <embargo/git/git_repo.hpp>
#include <embargo/pgp/gpgme_signer.hpp>
#include <embargo/storage/file_store.hpp>
#include <embargo/util/file.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::cli {

void add_release_layout_command(CLI::App& release, Context& ctx);  // release_layout_command.cpp
void add_release_tested_command(CLI::App& release, Context& ctx);  // release_tested_command.cpp

namespace {

namespace rel = core::release;

struct BuildArgs {
  std::string repo;
  std::string tag;
  std::string base;
  std::string package;
  std::string out;
  std::string sign_key;
  std::string formats = "gz,bz2,xz";
  std::string case_id;
  std::string keyring;
  std::string gnupghome;
  std::string passphrase_file;
  unsigned threads = 0;
  int xz_block_mib = -1;
  bool resume = false;
  bool no_docs = false;
  std::string format;
};

struct VerifyArgs {
  std::string dir;
  std::string keyring;
  std::string gnupghome;
  std::string format;
};

Result<std::vector<util::Compression>> parse_formats(const std::string& text) {
  std::vector<util::Compression> out;
  for (const auto& part : util::split(text, ',')) {
    auto c = util::parse_compression(util::trim(part));
    if (!c) {
      return make_error(ErrorCode::invalid_argument, "--formats: " + c.error().message());
    }
    if (std::find(out.begin(), out.end(), *c) == out.end()) {
      out.push_back(*c);
    }
  }
  if (out.empty()) {
    return make_error(ErrorCode::invalid_argument, "--formats: name at least one of gz, bz2, xz");
  }
  return out;
}

// The first line of the file, for --passphrase-file; never printed.
Result<util::SensitiveString> read_passphrase(const std::string& path) {
  if (path.empty()) {
    return util::SensitiveString();
  }
  auto text = util::read_file(path);
  if (!text) {
    return make_error(ErrorCode::invalid_argument, "--passphrase-file: " + text.error().message());
  }
  util::SensitiveString whole(std::move(*text));
  std::string_view v = whole.view();
  return util::SensitiveString(std::string(v.substr(0, v.find('\n'))));
}

// The documentation step's line, then the last lines of its output (all of
// it is in --format json).
void print_docs(Context& ctx, const rel::DocsRun& docs) {
  std::string summary = rel::docs_summary(docs);
  if (summary.empty()) {
    return;
  }
  ctx.out() << summary << '\n';
  if (!docs.run.ran || docs.run.output.empty()) {
    return;
  }
  auto lines = util::split(docs.run.output, '\n');
  while (!lines.empty() && lines.back().empty()) {
    lines.pop_back();
  }
  constexpr std::size_t k_shown = 10;
  std::size_t from = lines.size() > k_shown ? lines.size() - k_shown : 0;
  std::string shown = from > 0 ? fmt::format(" (last {} of {} lines)", k_shown, lines.size()) : "";
  ctx.out() << fmt::format("  its output{}:\n", shown);
  for (std::size_t i = from; i < lines.size(); ++i) {
    ctx.out() << "  | " << lines[i] << '\n';
  }
}

void print_build(Context& ctx, const BuildArgs& a, const rel::ReleaseReport& r, bool recorded) {
  if (a.format == "json") {
    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : r.files) {
      files.push_back({{"name", f.name}, {"size", f.size}, {"sha256", f.sha256}, {"sha512", f.sha512},
                       {"signature_verified", f.signature_verified}});
    }
    nlohmann::json out = {{"out", a.out},
                          {"package", a.package},
                          {"version", r.version.text()},
                          {"base_version", r.base_version},
                          {"tag", r.tag.name},
                          {"tag_commit", r.tag.commit_id},
                          {"base_commit", r.base_commit},
                          {"tag_signed_by", {{"fingerprint", r.tag_signature.fingerprint},
                                             {"user_id", r.tag_signature.user_id}}},
                          {"signed_by", r.signing_fingerprint},
                          {"files", files}};
    out["resumed"] = r.resumed;
    out["backports"] = nlohmann::json::array();
    for (const auto& b : r.backports) {
      out["backports"].push_back(
          {{"branch", b.branch}, {"file", b.file}, {"problem", b.problem}, {"left_out", b.left_out}, {"has_it", b.has_it}});
    }
    if (r.stamp.ran) {
      out["stamp"] = {{"command", r.stamp.command}, {"seconds", r.stamp.seconds}, {"output", r.stamp.output}};
    }
    if (r.docs.configured) {
      out["docs"] = {{"summary", rel::docs_summary(r.docs)}, {"skipped", r.docs.skipped}, {"members", r.docs.members},
                     {"seconds", r.docs.run.seconds}, {"output", r.docs.run.output}};
    }
    if (!a.case_id.empty()) {
      out["case"] = a.case_id;
      out["recorded"] = recorded;
    }
    ctx.out() << out.dump(2) << '\n';
    return;
  }
  ctx.out() << fmt::format("tag {} ({}) signed by {} {}\n", r.tag.name, r.tag.commit_id.substr(0, 12),
                           r.tag_signature.fingerprint, r.tag_signature.user_id);
  ctx.out() << fmt::format("{} {} {} (base {}) in {}, signed by {}\n", r.resumed ? "resumed" : "built", a.package,
                           r.version.text(), r.base_version, a.out, r.signing_fingerprint);
  if (r.stamp.ran) {
    ctx.out() << fmt::format("stamping command ran in {:.2f} s{}\n", r.stamp.seconds,
                             r.stamp.output.empty() ? ", no output" : "; its output:");
    for (const auto& line : util::split(r.stamp.output, '\n')) {
      if (!line.empty()) {
        ctx.out() << "  | " << line << '\n';
      }
    }
  }
  for (const auto& b : r.backports) {
    if (b.has_it) {
      ctx.out() << fmt::format("backport to {}: not needed: the branch has the fix already\n", b.branch);
      continue;
    }
    ctx.out() << (b.file.empty() ? fmt::format("backport to {}: not made: {} (backport it by hand)\n", b.branch,
                                               b.problem)
                                 : fmt::format("backport to {}: {}{}\n", b.branch, b.file,
                                               b.left_out.empty() ? ""
                                                                  : fmt::format(" (left out, does not apply: {})",
                                                                                fmt::join(b.left_out, ", "))));
  }
  print_docs(ctx, r.docs);
  for (const auto& f : r.files) {
    ctx.out() << fmt::format("  {:<40} {:>12}  {}\n", f.name, f.size, f.sha256);
  }
  if (!a.case_id.empty()) {
    ctx.out() << (recorded ? fmt::format("recorded {} files on {}\n", r.files.size(), a.case_id)
                           : fmt::format("already recorded on {}\n", a.case_id));
  }
}

// The case exists and, unless resuming, has none of this release's files
// yet: checked before the build, so that nothing is built in vain.
Result<void> check_case(Context& ctx, const BuildArgs& a, const rel::ReleaseOptions& options) {
  if (ctx.data_dir.empty()) {
    return make_error(ErrorCode::invalid_argument, "--case needs the data directory: give --data DIR");
  }
  auto version = rel::version_from_tag(a.tag, options.settings.tag_patterns);
  return ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY(tx.get_case(a.case_id));
    if (a.resume || !version) {
      return {};  // a bad tag is refused by the build, naming it
    }
    return rel::check_not_recorded(tx, a.case_id, rel::release_file_names(a.package, *version, options.formats));
  });
}

// The bytes of the files recorded on a case go to the file store (as with
// `embargo files add`), where the download area and the release's
// publish-files step find them. Adding what is there already is a no-op.
Result<void> store_files(Context& ctx, const std::filesystem::path& out, const rel::ReleaseReport& report) {
  TRY_ASSIGN(config::DataDir * dir, ctx.data());
  storage::FileStore files(dir->path / "files");
  for (const rel::ReleaseFile& f : report.files) {
    TRY_ASSIGN(storage::StoredFile stored, files.add(out / f.name));
    if (stored.sha256 != f.sha256) {
      return make_error(ErrorCode::conflict,
                        fmt::format("{} changed while it was being recorded", (out / f.name).string()));
    }
  }
  return {};
}

// The tag a version has under the first tag pattern: exim-{version} and
// 4.98.2 give exim-4.98.2; exim-{version_} gives exim-4_98_2.
std::string tag_for_version(const std::string& pattern, const std::string& version) {
  std::string underscored = version;
  std::replace(underscored.begin(), underscored.end(), '.', '_');
  std::string tag = pattern;
  for (auto [key, value] : {std::pair<std::string_view, const std::string&>{"{version}", version},
                            std::pair<std::string_view, const std::string&>{"{version_}", underscored}}) {
    if (auto at = tag.find(key); at != std::string::npos) {
      tag.replace(at, key.size(), value);
    }
  }
  return tag;
}

// With --case, the case's release kind (core/release_kind.hpp) gives --tag
// (its target under the first tag pattern) and --base when they are not
// given, and, for a patch-level release, the branches that get the fix as a
// patch of their own ([release] supported_branches).
Result<void> apply_release_kind(Context& ctx, BuildArgs& a, rel::ReleaseOptions& options) {
  std::string_view missing = a.tag.empty() ? "--tag" : a.base.empty() ? "--base" : "";
  if (a.case_id.empty()) {
    return missing.empty() ? Result<void>() : make_error(ErrorCode::invalid_argument,
                                                         fmt::format("{}: missing; give it, or --case CASE with a "
                                                                     "recorded release kind",
                                                                     missing));
  }
  if (ctx.data_dir.empty()) {
    return make_error(ErrorCode::invalid_argument, "--case needs the data directory: give --data DIR");
  }
  TRY(ctx.data());
  std::optional<core::ReleaseKind> kind;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY(tx.get_case(a.case_id));
    TRY_ASSIGN(auto timeline, core::load_timeline(tx, a.case_id));
    kind = core::latest_release_kind(timeline);
    return {};
  }));
  if (!kind) {
    return missing.empty() ? Result<void>()
                           : make_error(ErrorCode::invalid_argument,
                                        fmt::format("{}: missing, and {} has no release kind recorded to take it "
                                                    "from (`embargo case release-kind {} patch-level|bundled --base "
                                                    "TAG --target VERSION --why TEXT`)",
                                                    missing, a.case_id, a.case_id));
  }
  if (!missing.empty()) {
    a.tag = a.tag.empty() ? tag_for_version(options.settings.tag_patterns.front(), kind->target) : a.tag;
    a.base = a.base.empty() ? kind->base : a.base;
    ctx.err() << fmt::format("embargo: --tag {} --base {} from {}'s release kind ({} {})\n", a.tag, a.base,
                             a.case_id, core::to_string(kind->kind), kind->target);
  }
  if (kind->kind == core::ReleaseKindName::patch_level) {
    options.backport_branches = options.settings.supported_branches;
  }
  return {};
}

Result<int> run_build(Context& ctx, BuildArgs a) {
  rel::ReleaseOptions options;
  TRY_ASSIGN(options.settings, load_release_settings(ctx, a.keyring, a.case_id));
  TRY(apply_release_kind(ctx, a, options));
  options.tag = a.tag;
  options.base = a.base;
  options.package = a.package;
  options.out_dir = a.out;
  std::error_code absolute_error;
  options.repository = std::filesystem::absolute(a.repo, absolute_error).lexically_normal().string();
  TRY_ASSIGN(options.formats, parse_formats(a.formats));
  options.threads = a.threads;
  TRY_ASSIGN(options.layout, load_release_layout(ctx, a.case_id));
  if (a.xz_block_mib >= 0) {
    options.settings.xz_block_mib = a.xz_block_mib;
  }
  options.resume = a.resume;
  options.docs = !a.no_docs;
  if (!a.case_id.empty()) {
    TRY(check_case(ctx, a, options));
  }
  TRY_ASSIGN(auto repo, git::GitRepo::open(a.repo));

  pgp::SignerOptions tag_opts;
  tag_opts.home = a.gnupghome;
  tag_opts.keyring = a.keyring;
  TRY_ASSIGN(auto tag_keys, pgp::GpgmeSigner::open(std::move(tag_opts)));

  pgp::SignerOptions sign_opts;
  sign_opts.home = a.gnupghome;
  sign_opts.signing_key = !a.sign_key.empty() ? a.sign_key : options.settings.signing_key;
  if (sign_opts.signing_key.empty()) {
    sign_opts.signing_key = repo->configured_signing_key();
  }
  TRY_ASSIGN(sign_opts.passphrase, read_passphrase(a.passphrase_file));
  TRY_ASSIGN(auto signer, pgp::GpgmeSigner::open(std::move(sign_opts)));

  TRY_ASSIGN(rel::ReleaseReport report, rel::build_release(options, *repo, *tag_keys, *signer));

  bool recorded = false;
  if (!a.case_id.empty()) {
    TRY(store_files(ctx, options.out_dir, report));
    TRY_ASSIGN(core::CaseService service, ctx.case_service());
    TRY_ASSIGN(const util::Clock* clock, ctx.clock());
    auto result = ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(recorded, rel::record_release(tx, service, a.case_id, options, report, clock->now(), ctx.actor()));
      return {};
    });
    if (!result) {
      return make_error(result.error().code(),
                        fmt::format("the release was built in {} but not recorded on {}: {} (fix that, then run "
                                    "the same command with --resume)",
                                    a.out, a.case_id, result.error().message()));
    }
  }
  print_build(ctx, a, report, recorded);
  return k_exit_ok;
}

Result<int> run_verify(Context& ctx, const VerifyArgs& a) {
  pgp::SignerOptions opts;
  opts.home = a.gnupghome;
  opts.keyring = a.keyring;
  TRY_ASSIGN(auto keys, pgp::GpgmeSigner::open(std::move(opts)));
  TRY_ASSIGN(rel::VerifyReport report, rel::verify_release_dir(a.dir, *keys));
  if (a.format == "json") {
    ctx.out() << nlohmann::json{{"ok", report.ok()}, {"checked", report.checked}, {"problems", report.problems}}.dump(2)
              << '\n';
  } else {
    for (const auto& p : report.problems) {
      ctx.err() << "embargo: " << p << '\n';
    }
    if (report.ok()) {
      ctx.out() << fmt::format("ok: {} files in {}: sizes, SHA256, SHA512 and signatures verified\n",
                               report.checked.size(), a.dir);
    }
  }
  return report.ok() ? k_exit_ok : k_exit_error;
}

}  // namespace

void add_release_commands(CLI::App& app, Context& ctx) {
  auto* r = app.add_subcommand("release", "Build and verify release files; schedule and run the release");
  r->require_subcommand(1);
  add_release_schedule_commands(*r, ctx);
  add_release_dry_run_command(*r, ctx);
  add_release_layout_command(*r, ctx);
  add_release_tested_command(*r, ctx);

  auto build = std::make_shared<BuildArgs>();
  auto* b = r->add_subcommand("build", "Build signed tarballs, a standalone patch and checksums from a signed tag");
  b->add_option("--repo", build->repo, "The private git repository (bare or not)")->required();
  b->add_option("--tag", build->tag,
                "The signed release tag, e.g. exim-4.99.1 (default with --case: the release kind's target)");
  b->add_option("--base", build->base,
                "The previous release (tag or commit) the patch starts from (default with --case: the release "
                "kind's base)");
  b->add_option("--package", build->package, "Package name: tarballs are PACKAGE-VERSION.tar.*")->required();
  b->add_option("--out", build->out, "Output directory (must not exist or be empty)")->required();
  b->add_option("--sign-key", build->sign_key, "Signing key (default: release.signing_key, git user.signingkey, "
                                               "gpg's default)");
  b->add_option("--formats", build->formats, "Comma-separated tarball formats: gz,bz2,xz");
  b->add_option("--case", build->case_id, "Record the files and a timeline entry on this case");
  b->add_option("--keyring", build->keyring, "Maintainers' public keys the tag must be signed with");
  b->add_option("--gnupghome", build->gnupghome, "GnuPG home with the signing key (default: $GNUPGHOME)");
  b->add_option("--passphrase-file", build->passphrase_file, "File whose first line is the signing key's passphrase");
  b->add_option("--threads", build->threads, "Threads for xz (output does not depend on it; default: one per xz block)");
  b->add_option("--xz-block-mib", build->xz_block_mib,
                "xz block size in MiB (default: release.xz_block_mib; 0 = a quarter of the tar)")
      ->check(CLI::Range(0, 4096));
  b->add_flag("--resume", build->resume,
              "If --out already holds this release (a run that died or could not record it), check it and "
              "finish (record it on --case) instead of refusing");
  b->add_flag("--no-docs", build->no_docs,
              "Skip the documentation command of [release.layout] (the build says so); the tarball then lacks "
              "its files");
  add_format_option(b, build->format, {"text", "json"});
  b->callback([&ctx, build] { run_command(ctx, [&] { return run_build(ctx, *build); }); });

  auto verify = std::make_shared<VerifyArgs>();
  auto* v = r->add_subcommand("verify", "Re-check a release directory's sizes, hashes and signatures");
  v->add_option("dir", verify->dir, "The release directory")->required();
  v->add_option("--keyring", verify->keyring, "Public keys to check the signatures with (default: $GNUPGHOME)");
  v->add_option("--gnupghome", verify->gnupghome, "GnuPG home (default: $GNUPGHOME)");
  add_format_option(v, verify->format, {"text", "json"});
  v->callback([&ctx, verify] { run_command(ctx, [&] { return run_verify(ctx, *verify); }); });
}

}  // namespace embargo::cli
