#pragma once

// The text of `embargo cvss explain`: each metric the vector gives with its name, value and
// meaning, grouped; the scores with their sub-scores; for v4.0 the macrovector.

#include <string>
#include <string_view>

#include <embargo/core/cvss/cvss.hpp>

namespace embargo::cli {

std::string explain_text(const core::cvss::Scores& s, std::string_view vector_string);

}  // namespace embargo::cli
