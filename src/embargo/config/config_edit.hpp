#pragma once

// Edits to the text of an embargo.toml that keep its comments and layout, for
// `embargo setup`: a value set where the file has it (or its commented
// example), a [[mail.lists]] block added where the file keeps its lists.
// The caller parses the result (parse_config) before writing it.

#include <string>
#include <string_view>

#include <embargo/config/mail_config.hpp>

namespace embargo::config {

// `text` as a TOML basic string, quoted and escaped.
std::string toml_quote(std::string_view text);

// `text` with `key = value` in table `[section]` (value is TOML, e.g. from
// toml_quote): it replaces the line `key = ...` of that table, else its
// commented example `# key = ...`, else it is added at the table's end.
// InvalidArgument when the text has no such table.
Result<std::string> set_config_value(const std::string& text, std::string_view section, std::string_view key,
                                     std::string_view value);

// `text` with a [[mail.lists]] block for `list` (name, address, policy,
// keys, download_user; the Openwall rules come from the address) before the
// [smtp] table, or at the end.
std::string add_mail_list(const std::string& text, const MailList& list);

}  // namespace embargo::config
