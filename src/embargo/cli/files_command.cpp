// embargo files add CASE FILE... | files list CASE: the files a case offers
// in its download area. The bytes go to the content-addressed file store
// (storage/file_store.hpp); the name (the file's base name, or --name) is a
// row of the case.

#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/cli/commands.hpp>
#include <embargo/core/download_area.hpp>
#include <embargo/storage/file_store.hpp>

namespace embargo::cli {

namespace {

struct FilesAddArgs {
  std::string case_id;
  std::vector<std::string> files;
};

Result<int> run_add(Context& ctx, const FilesAddArgs& a) {
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  TRY_ASSIGN(config::DataDir * dir, ctx.data());
  storage::FileStore files(dir->path / "files");
  std::vector<core::Artifact> added;
  for (const std::string& file : a.files) {
    core::Artifact art;
    art.case_id = a.case_id;
    art.name = std::filesystem::path(file).filename().string();
    TRY(core::validate_file_name(art.name));
    TRY_ASSIGN(storage::StoredFile stored, files.add(file));
    art.sha256 = stored.sha256;
    art.size = stored.size;
    art.created_at = clock->now();
    added.push_back(std::move(art));
  }
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::Case c, tx.get_case(a.case_id));
    for (const auto& art : added) {
      TRY(tx.insert_artifact(art).or_else([&](const Error& e) -> Result<void> {
        if (e.code() == ErrorCode::conflict) {
          return make_error(ErrorCode::conflict, fmt::format("{} already has a file named {}", a.case_id, art.name));
        }
        return tl::unexpected(e);
      }));
      nlohmann::json data = {{"name", art.name}, {"sha256", art.sha256}, {"size", art.size}};
      TRY(service.record(tx, c, core::entry_kind::k_file,
                         fmt::format("file added: {} ({} bytes, sha256 {})", art.name, art.size, art.sha256),
                         ctx.actor(), data.dump()));
    }
    return {};
  }));
  for (const auto& art : added) {
    ctx.out() << fmt::format("{}  {}  {} bytes\n", art.sha256, art.name, art.size);
  }
  return k_exit_ok;
}

struct FilesListArgs {
  std::string case_id;
  std::string format;
};

Result<int> run_list(Context& ctx, const FilesListArgs& a) {
  TRY(ctx.data());
  std::vector<core::Artifact> list;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY(tx.get_case(a.case_id));
    TRY_ASSIGN(list, tx.list_artifacts(a.case_id));
    return {};
  }));
  if (a.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& art : list) {
      out.push_back({{"name", art.name},
                     {"sha256", art.sha256},
                     {"size", art.size},
                     {"created_at", util::format_timestamp(art.created_at)}});
    }
    ctx.out() << out.dump(2) << '\n';
    return k_exit_ok;
  }
  for (const auto& art : list) {
    ctx.out() << fmt::format("{}  {:>12}  {}\n", art.sha256, art.size, art.name);
  }
  return k_exit_ok;
}

}  // namespace

void add_files_commands(CLI::App& app, Context& ctx) {
  auto* top = app.add_subcommand("files", "Files a case offers in its embargoed download area");
  top->require_subcommand(1);

  auto add = std::make_shared<FilesAddArgs>();
  auto* sub = top->add_subcommand("add", "Store files and offer them under their base names");
  sub->add_option("case", add->case_id, "Case id")->required();
  sub->add_option("files", add->files, "Files to add")->required();
  sub->callback([&ctx, add] { run_command(ctx, [&] { return run_add(ctx, *add); }); });

  auto list = std::make_shared<FilesListArgs>();
  sub = top->add_subcommand("list", "List the files of a case");
  sub->add_option("case", list->case_id, "Case id")->required();
  add_format_option(sub, list->format, {"text", "json"});
  sub->callback([&ctx, list] { run_command(ctx, [&] { return run_list(ctx, *list); }); });
}

}  // namespace embargo::cli
