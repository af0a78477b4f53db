#include <algorithm>
#include <array>
#include <sstream>

#include <fmt/format.h>
#include <toml.hpp>

#include <embargo/config/project_settings.hpp>
#include <embargo/util/file.hpp>

namespace embargo::config {

namespace fs = std::filesystem;

namespace {

constexpr std::array<std::string_view, 8> k_project_sections = {"policy",  "time",    "advisory", "cve_services",
                                                                "release", "publish", "mail",     "cra"};
constexpr std::array<std::string_view, 7> k_server_sections = {"store", "http", "project",  "projects",
                                                               "smtp",  "team", "reminders"};
// [mail] keys of the intake and the outbox: one server, one mailbox.
constexpr std::array<std::string_view, 5> k_server_mail_keys = {"max_message_bytes", "max_per_sender_per_hour",
                                                                "deliver_on_intake", "receipt_grace_seconds",
                                                                "flush_interval_seconds"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& names, std::string_view key) {
  return std::find(names.begin(), names.end(), key) != names.end();
}

tl::unexpected<Error> refuse(const std::string& shown, std::string_view key, std::string_view why) {
  return make_error(ErrorCode::invalid_argument, fmt::format("config: {}: {} {}", shown, key, why));
}

Result<void> check_keys(const toml::value& root, const std::string& shown) {
  for (const auto& [key, value] : root.as_table()) {
    if (one_of(k_server_sections, key)) {
      return refuse(shown, key, "is server-wide: it belongs in embargo.toml, not in a project's file");
    }
    if (!one_of(k_project_sections, key)) {
      return refuse(shown, key,
                    "is not a per-project section (policy, time, advisory, cve_services, release, "
                    "publish, mail)");
    }
    if (!value.is_table()) {
      return refuse(shown, key, "must be a table");
    }
  }
  if (root.contains("mail")) {
    for (const auto& [key, value] : root.at("mail").as_table()) {
      if (one_of(k_server_mail_keys, key) || key == "smtp") {
        return refuse(shown, "mail." + key, "is server-wide: it belongs in embargo.toml, not in a project's file");
      }
    }
  }
  return {};
}

// `over`'s keys replace `base`'s; tables in both are merged the same way.
void merge_into(toml::value& base, const toml::value& over) {
  auto& table = base.as_table();
  for (const auto& [key, value] : over.as_table()) {
    auto it = table.find(key);
    if (it != table.end() && it->second.is_table() && value.is_table()) {
      merge_into(it->second, value);
    } else {
      table[key] = value;
    }
  }
}

}  // namespace

Result<toml::value> merged_project_root(const toml::value& main_root, const fs::path& file, const std::string& shown) {
  auto text = util::read_file(file);
  if (!text) {
    return make_error(text.error().code(), fmt::format("config: {}: {}", shown, text.error().message()));
  }
  toml::value root;
  try {
    std::istringstream in(*text);
    root = toml::parse(in, shown);
  } catch (const std::exception& e) {
    return make_error(ErrorCode::invalid_argument, fmt::format("config: {}", e.what()));
  }
  TRY(check_keys(root, shown));
  toml::value merged = main_root;
  merge_into(merged, root);
  return merged;
}

Result<const ConfigFile*> config_for_case(const ConfigFile& config, core::StoreTx& tx, std::string_view case_id) {
  TRY_ASSIGN(std::string project, tx.case_project(case_id));
  auto found = config.config_for_project(project);
  if (!found) {
    return make_error(found.error().code(), fmt::format("{}: {}", case_id, found.error().message()));
  }
  return *found;
}

std::vector<fs::path> template_dirs(const fs::path& data_dir, std::string_view project) {
  if (project.empty()) {
    return {data_dir / "templates"};
  }
  return {data_dir / "projects" / std::string(project) / "templates", data_dir / "templates"};
}

}  // namespace embargo::config
