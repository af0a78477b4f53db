#pragma once

#include <CLI/CLI.hpp>

#include <embargo/cli/context.hpp>
#include <embargo/core/case.hpp>
#include <embargo/core/timeline.hpp>
#include <embargo/core/vulnerability.hpp>

namespace embargo::cli {

// `case list` and `case show`, under the `case` subcommand.
void add_case_show_commands(CLI::App* parent, Context& ctx);

// `case show`'s text: fields, vulnerabilities, the `recent` timeline entries.
void print_case_text(std::ostream& out, const core::Case& c, const std::vector<core::Vulnerability>& vulns,
                     const std::vector<core::TimelineEntry>& recent);

}  // namespace embargo::cli
