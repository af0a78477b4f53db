#include <embargo/core/advisory/cwe_names.hpp>

#include <sstream>

#include <fmt/format.h>

namespace embargo::core::advisory {

namespace {

std::string collapse_spaces(const std::string& s) {
  std::istringstream words(s);
  std::string out;
  for (std::string word; words >> word;) {
    out += (out.empty() ? "" : " ") + word;
  }
  return out;
}

}  // namespace

std::optional<std::string> cwe_problem(const std::string& id, const std::string& name, const CweNames& names) {
  auto it = names.entries.find(id);
  if (it == names.entries.end()) {
    return fmt::format("{} does not exist in {}", id, names.version);
  }
  if (it->second.deprecated) {
    return fmt::format("{} is deprecated in {}", id, names.version);
  }
  if (collapse_spaces(name) != it->second.name) {
    return fmt::format("{} is named \"{}\" in {}, not \"{}\"", id, it->second.name, names.version, name);
  }
  return std::nullopt;
}

std::optional<std::string> cwe_name(const CweNames* names, std::string_view id) {
  if (names == nullptr) {
    return std::nullopt;
  }
  auto it = names->entries.find(id);
  if (it == names->entries.end() || it->second.deprecated) {
    return std::nullopt;
  }
  return it->second.name;
}

}  // namespace embargo::core::advisory
