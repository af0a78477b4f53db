#pragma once

// Reading one key of a parsed TOML table, for the section parsers' .cpp
// files (which include <toml.hpp>; this header needs it for toml::get).

#include <string_view>

#include <fmt/format.h>
#include <toml.hpp>

#include <embargo/util/result.hpp>

namespace embargo::config {

// `table[key]` as a T; `fallback` when `table` is not a table or lacks the
// key. A value of another type is an error naming "config: <where>.<key>",
// where `where` is the table's dotted path in the file ("mail", "release.layout").
template <typename T>
Result<T> get_or(const toml::value& table, std::string_view where, const char* key, T fallback) {
  if (!table.is_table() || !table.contains(key)) {
    return fallback;
  }
  try {
    return toml::get<T>(table.at(key));
  } catch (const std::exception&) {
    return make_error(ErrorCode::invalid_argument, fmt::format("config: {}.{} has the wrong type", where, key));
  }
}

}  // namespace embargo::config
