#include <cstdlib>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/schema/iso_codes.hpp>

namespace embargo::schema {

namespace fs = std::filesystem;

namespace {

// The array of entries of iso_<standard>.json.
Result<nlohmann::json> entries(const fs::path& dir, const std::string& standard) {
  fs::path path = dir / fmt::format("iso_{}.json", standard);
  std::ifstream in(path);
  if (!in) {
    return make_error(ErrorCode::not_found,
                      fmt::format("{} is missing (install Debian's iso-codes package)", path.string()));
  }
  try {
    nlohmann::json doc = nlohmann::json::parse(in);
    return doc.at(standard);
  } catch (const std::exception& e) {
    return make_error(ErrorCode::corruption, fmt::format("{}: {}", path.string(), e.what()));
  }
}

}  // namespace

fs::path iso_codes_dir() {
  if (const char* env = std::getenv("EMBARGO_ISO_CODES_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  return "/usr/share/iso-codes/json";
}

Result<core::advisory::LanguageCodes> load_iso_codes(const fs::path& dir) {
  core::advisory::LanguageCodes codes;
  for (const char* standard : {"639-2", "639-3", "639-5"}) {
    TRY_ASSIGN(nlohmann::json list, entries(dir, standard));
    for (const auto& entry : list) {
      if (entry.contains("alpha_2")) {
        codes.languages.insert(entry["alpha_2"].get<std::string>());
      } else if (entry.contains("alpha_3")) {
        codes.languages.insert(entry["alpha_3"].get<std::string>());
      }
    }
  }
  TRY_ASSIGN(nlohmann::json scripts, entries(dir, "15924"));
  for (const auto& entry : scripts) {
    codes.scripts.insert(entry.at("alpha_4").get<std::string>());
  }
  TRY_ASSIGN(nlohmann::json regions, entries(dir, "3166-1"));
  for (const auto& entry : regions) {
    codes.regions.insert(entry.at("alpha_2").get<std::string>());
  }
  return codes;
}

}  // namespace embargo::schema
