#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json_fwd.hpp>

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

// The "Disclosure duties" section from notice::duties_json (nothing when
// there are none): local and remote `case show`, `release status`.
void print_duties(std::ostream& out, const nlohmann::json& duties);

}  // namespace embargo::cli
