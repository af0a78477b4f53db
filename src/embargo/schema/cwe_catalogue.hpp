#pragma once

// The CWE names shipped in <schema dir>/cwe/cwe-names.tsv (see its
// SOURCES.md), for CSAF test 6.1.11.

#include <filesystem>

#include <embargo/core/advisory/cwe_names.hpp>
#include <embargo/util/result.hpp>

namespace embargo::schema {

// `schema_dir` as find_schema_dir() gives it. NotFound if the file is
// missing, Corruption (naming the line) if a line is not "id<TAB>name<TAB>status".
Result<core::advisory::CweNames> load_cwe_names(const std::filesystem::path& schema_dir);

// The names shipped with this build (find_schema_dir()), loaded once per
// process; the error is load_cwe_names'. The writers take
// `.value_or(nullptr)`: without names they give a CWE by its id alone.
Result<const core::advisory::CweNames*> shipped_cwe_names();

}  // namespace embargo::schema
