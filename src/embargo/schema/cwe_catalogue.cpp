#include <embargo/schema/cwe_catalogue.hpp>

#include <fstream>

#include <fmt/format.h>

#include <embargo/schema/json_schema.hpp>
#include <embargo/util/strings.hpp>

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
    std::vector<std::string_view> fields = util::split(line, '\t');
    if (fields.size() != 3 || !line.starts_with("CWE-")) {
      return make_error(ErrorCode::corruption, fmt::format("{}:{}: not \"CWE-id<TAB>name<TAB>status\"", path.string(),
                                                           number));
    }
    names.entries[std::string(fields[0])] = {std::string(fields[1]), fields[2] == "Deprecated"};
  }
  if (names.version.empty()) {
    names.version = "the CWE catalogue";
  }
  return names;
}

Result<const core::advisory::CweNames*> shipped_cwe_names() {
  static const Result<core::advisory::CweNames> names = []() -> Result<core::advisory::CweNames> {
    TRY_ASSIGN(std::filesystem::path dir, find_schema_dir());
    return load_cwe_names(dir);
  }();
  if (!names) {
    return tl::unexpected(names.error());
  }
  return &*names;
}

}  // namespace embargo::schema
