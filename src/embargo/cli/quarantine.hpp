#pragma once

#include <CLI/CLI.hpp>

#include <embargo/cli/context.hpp>

namespace embargo::cli {

// `embargo quarantine list|show|release|discard` (quarantine_command.cpp),
// registered by commands.cpp. Declared here rather than in commands.hpp so
// that adding it does not rebuild every command.
void add_quarantine_commands(CLI::App& app, Context& ctx);

}  // namespace embargo::cli
