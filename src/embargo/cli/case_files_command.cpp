// embargo case files CASE: the files a case received by mail (reporters'
// attachments, the decrypted text of encrypted reports; core/mail_files.hpp)
// with size, sha256, kind and the mail they came in.
// embargo case file CASE NAME --out FILE: one of them, its bytes checked
// against their sha256, written to FILE (mode 0600, never over an existing
// file) or to standard output with --out -.

#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/cli/case_files.hpp>
#include <embargo/cli/commands.hpp>
#include <embargo/core/mail_files.hpp>
#include <embargo/storage/file_store.hpp>
#include <embargo/util/file.hpp>
#include <embargo/util/sha256.hpp>

namespace embargo::cli {

namespace {

struct CaseFilesArgs {
  std::string case_id;
  std::string name;
  std::string out;
  std::string format = "text";
};

// The case's mail files, sizes filled in from the file store where the timeline does not say.
Result<std::vector<core::MailFile>> load_files(Context& ctx, const std::string& case_id) {
  TRY_ASSIGN(config::DataDir * dir, ctx.data());
  std::vector<core::TimelineEntry> entries;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY(tx.get_case(case_id));
    TRY_ASSIGN(entries, core::load_timeline(tx, case_id));
    return {};
  }));
  auto files = core::mail_files(entries);
  storage::FileStore store(dir->path / "files");
  for (core::MailFile& f : files) {
    if (f.size < 0) {
      TRY_ASSIGN(auto path, store.path_of(f.sha256));
      std::error_code ec;
      auto size = std::filesystem::file_size(path, ec);
      f.size = ec ? -1 : static_cast<std::int64_t>(size);
    }
  }
  return files;
}

Result<int> run_files(Context& ctx, const CaseFilesArgs& a) {
  TRY_ASSIGN(auto files, load_files(ctx, a.case_id));
  if (a.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& f : files) {
      out.push_back({{"name", f.name},
                     {"original_name", f.original_name},
                     {"kind", f.kind},
                     {"content_type", f.content_type},
                     {"size", f.size},
                     {"sha256", f.sha256},
                     {"message_id", f.message_id},
                     {"timeline_seq", f.seq}});
    }
    ctx.out() << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return k_exit_ok;
  }
  for (const auto& f : files) {
    ctx.out() << fmt::format("{}  {:<10} {:>9} bytes  {}  <{}>\n", f.name, f.kind, f.size, f.sha256, f.message_id);
  }
  if (files.empty()) {
    ctx.out() << fmt::format("{} has no files from mail\n", a.case_id);
  }
  return k_exit_ok;
}

Result<int> run_file(Context& ctx, const CaseFilesArgs& a) {
  TRY_ASSIGN(auto files, load_files(ctx, a.case_id));
  auto f = core::find_mail_file(files, a.name);
  if (!f) {
    return make_error(ErrorCode::not_found,
                      fmt::format("{} has no file from mail named {} (see `embargo case files {}`)", a.case_id, a.name,
                                  a.case_id));
  }
  TRY_ASSIGN(config::DataDir * dir, ctx.data());
  TRY_ASSIGN(auto path, storage::FileStore(dir->path / "files").path_of(f->sha256));
  TRY_ASSIGN(std::string bytes, util::read_file(path));
  if (util::sha256_hex(bytes) != f->sha256) {
    return make_error(ErrorCode::corruption, fmt::format("{}: the stored bytes do not match sha256 {}", a.name, f->sha256));
  }
  if (a.out == "-") {
    ctx.out() << bytes;
    return k_exit_ok;
  }
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::symlink_status(a.out, ec))) {
    return make_error(ErrorCode::conflict, fmt::format("out: {} exists; not overwritten", a.out));
  }
  TRY(util::write_file_atomic(a.out, bytes, 0600));
  ctx.err() << fmt::format("wrote {} ({} bytes, sha256 {}) to {}\n", f->name, bytes.size(), f->sha256, a.out);
  return k_exit_ok;
}

}  // namespace

void add_case_files_commands(CLI::App* parent, Context& ctx) {
  auto a = std::make_shared<CaseFilesArgs>();
  auto* ls = parent->add_subcommand(
      "files", "List the files a case received by mail (attachments, decrypted text): name, kind, size, sha256, mail");
  ls->add_option("CASE", a->case_id, "Case id")->required();
  add_format_option(ls, a->format, {"text", "json"});
  ls->callback([&ctx, a] { run_command(ctx, [&] { return run_files(ctx, *a); }); });
  auto* one = parent->add_subcommand("file", "Write one file a case received by mail (a name from `case files`)");
  one->add_option("CASE", a->case_id, "Case id")->required();
  one->add_option("NAME", a->name, "The file's name in `case files`")->required();
  one->add_option("--out", a->out, "Where to write it (not overwritten if it exists); - for standard output")
      ->required();
  one->callback([&ctx, a] { run_command(ctx, [&] { return run_file(ctx, *a); }); });
}

}  // namespace embargo::cli
