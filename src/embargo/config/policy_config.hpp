#pragma once

// The [policy] section of embargo.toml: the planner's rules
// (core/planner/policy.hpp). Missing keys keep their defaults; an unknown key
// is an error, so that a misspelt rule is not silently ignored.

#include <string>

#include <embargo/config/toml_fwd.hpp>

#include <embargo/core/planner/policy.hpp>
#include <embargo/util/result.hpp>

namespace embargo::config {

// `root` is the whole parsed file. InvalidArgument names `policy.<key>`.
Result<core::planner::Policy> parse_policy_section(const toml::value& root);

// The commented [policy] section with the defaults, for default_config_text.
std::string default_policy_text();

}  // namespace embargo::config
