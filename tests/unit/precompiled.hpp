// The headers most unit test files parse, precompiled once for the unittest
// target (tests/CMakeLists.txt): the tests are compiled at -O0, where parsing
// is most of a file's compile time. main.cpp, which configures doctest before
// including it, skips it.

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/config/config_file.hpp>
#include <embargo/core/case_service.hpp>
#include <embargo/core/store.hpp>

#include "memory_store.hpp"
#include "testutil.hpp"
