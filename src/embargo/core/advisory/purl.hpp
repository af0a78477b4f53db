#pragma once

// Package URL (purl) checking for CSAF mandatory test 6.1.13, after the purl
// specification's parsing rules: pkg:type/namespace/name@version?qualifiers#subpath.
// Checked: scheme, type (letters, digits, ".+-", not starting with a digit),
// a non-empty name, well-formed percent-encoding, qualifier keys (letters,
// digits, ".-_", not starting with a digit, unique) with non-empty values,
// and the namespace the maven and golang types require. Not checked: the
// other type-specific rules (these need each ecosystem's own conventions).

#include <optional>
#include <string>
#include <string_view>

namespace embargo::core::advisory {

// nullopt if `purl` is valid; otherwise what is wrong with it.
std::optional<std::string> purl_problem(std::string_view purl);

}  // namespace embargo::core::advisory
