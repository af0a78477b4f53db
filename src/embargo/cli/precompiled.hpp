// The headers every command file parses: precompiled once for src/embargo/cli
// (src/CMakeLists.txt), where CLI11 alone was half of each file's compile time.
// Only what all of them include belongs here; a file still includes what it uses.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <tl/expected.hpp>
