#pragma once

#include <optional>
#include <string_view>

namespace embargo::notice {

// The shipped template of `kind`, or nullopt for an unknown kind. Each begins
// with a "Subject: ..." line and a blank line; the rest is the body.
// A file <data>/templates/<kind>.mustache overrides it.
std::optional<std::string_view> default_template(std::string_view kind);

}  // namespace embargo::notice
