#pragma once

#include <CLI/CLI.hpp>

#include <embargo/cli/context.hpp>

namespace embargo::cli {

// `case list` and `case show`, under the `case` subcommand.
void add_case_show_commands(CLI::App* parent, Context& ctx);

}  // namespace embargo::cli
