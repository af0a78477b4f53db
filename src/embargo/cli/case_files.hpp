#pragma once

#include <CLI/CLI.hpp>

#include <embargo/cli/context.hpp>

namespace embargo::cli {

// `case files CASE` and `case file CASE NAME --out FILE`, under the `case`
// subcommand (case_files_command.cpp): what the reporters sent by mail
// (core/mail_files.hpp). Not `embargo files`, which is the download area's.
void add_case_files_commands(CLI::App* parent, Context& ctx);

}  // namespace embargo::cli
