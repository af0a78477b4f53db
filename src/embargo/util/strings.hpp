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
// ASCII case-insensitive equality, the same in every locale (HTTP tokens,
// day names).
bool iequals(std::string_view a, std::string_view b);
// The value of a hexadecimal digit (0-15), -1 for any other character.
int hex_value(char c);

}  // namespace embargo::util
