#pragma once

// Case ids tagged in a mail subject: "Re: [EXIM-2026-0001] overflow in ...".
// Intake threads a message to the case its subject names when no header
// (In-Reply-To, References) does. One server numbers cases with several
// prefixes (its own and each [[projects]] entry's), so every configured
// prefix is recognised.

#include <string>
#include <string_view>
#include <vector>

#include <embargo/core/project_config.hpp>

namespace embargo::mail {

// Every "[PREFIX-YYYY-N...]" in `subject` (N: 4 to 9 digits) whose PREFIX is
// one of `prefixes`, in the order they appear, without repeats. Anything else
// in brackets ("[EXIM-2026-x]", "[OTHER-2026-0001]", an unclosed "[") is
// ignored. Pure: the caller decides which of them names a case.
std::vector<std::string> case_tags(std::string_view subject, const std::vector<std::string>& prefixes);

// The prefixes a server's case ids use: its own, then each project's.
std::vector<std::string> case_prefixes(const core::ProjectConfig& config);

}  // namespace embargo::mail
