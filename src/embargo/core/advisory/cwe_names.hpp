#pragma once

// MITRE's CWE catalogue by id, for CSAF mandatory test 6.1.11 ("the given CWE
// exists and is valid"). Loaded by schema::load_cwe_names from the names
// shipped in data/schemas/cwe/.

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace embargo::core::advisory {

struct CweEntry {
  std::string name;
  bool deprecated = false;
};

struct CweNames {
  std::string version;                                   // "CWE 4.15 (2024-07-16)"
  std::map<std::string, CweEntry, std::less<>> entries;  // by "CWE-79"
};

// nullopt when `id` is an entry of `names`, not deprecated, and `name` is its
// name (runs of white space count as one space); otherwise what is wrong.
std::optional<std::string> cwe_problem(const std::string& id, const std::string& name, const CweNames& names);

// The catalogue's name of `id` ("CWE-787"); nullopt without `names`, for an
// unknown id, or a deprecated one.
std::optional<std::string> cwe_name(const CweNames* names, std::string_view id);

}  // namespace embargo::core::advisory
