#pragma once

#include <CLI/CLI.hpp>

#include <embargo/cli/context.hpp>

namespace embargo::cli {

// `case plan`, under the `case` subcommand (case_plan_command.cpp).
void add_case_plan_command(CLI::App* parent, Context& ctx);

}  // namespace embargo::cli
