#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace embargo::util {

std::string_view trim(std::string_view s);
// Splits on `sep`; keeps empty pieces ("a,,b" gives three).
std::vector<std::string_view> split(std::string_view s, char sep);
bool starts_with_ci(std::string_view s, std::string_view prefix);
std::string to_lower(std::string_view s);

}  // namespace embargo::util
