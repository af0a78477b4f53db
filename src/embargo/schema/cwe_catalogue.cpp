#include <embargo/schema/cwe_catalogue.hpp>

#include <fstream>

#include <fmt/format.h>

#include <embargo/schema/json_schema.hpp>

namespace embargo::schema {

Result<core::advisory::CweNames> load_cwe_names(const std::filesystem::path& schema_dir) {
  std::filesystem::path path = schema_dir / "cwe" / "cwe-names.tsv";
  std::ifstream in(path);
  if (!in) {
    return make_error(ErrorCode::not_found, fmt::format("{} is missing", path.string()));
  }
  core::advisory::CweNames names;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.starts_with("# ")) {
      names.version = line.substr(2, line.find(',') - 2);
      continue;
    }
    std::size_t tab1 = line.find('\t');
    std::size_t tab2 = tab1 == std::string::npos ? tab1 : line.find('\t', tab1 + 1);
    if (tab2 == std::string::npos || !line.starts_with("CWE-")) {
      return make_error(ErrorCode::corruption, fmt::format("{}:{}: not \"CWE-id<TAB>name<TAB>status\"", path.string(),
                                                           number));
    }
    names.entries[line.substr(0, tab1)] = {line.substr(tab1 + 1, tab2 - tab1 - 1),
                                           line.substr(tab2 + 1) == "Deprecated"};
  }
  if (names.version.empty()) {
    names.version = "the CWE catalogue";
  }
  return names;
}

const core::advisory::CweNames* shipped_cwe_names() {
  static const std::optional<core::advisory::CweNames> names = []() -> std::optional<core::advisory::CweNames> {
    auto dir = find_schema_dir();
    auto loaded = dir ? load_cwe_names(*dir) : tl::unexpected(dir.error());
    return loaded ? std::optional(std::move(*loaded)) : std::nullopt;
  }();
  return names ? &*names : nullptr;
}

}  // namespace embargo::schema
