#pragma once

// toml11's value type, declared without <toml.hpp>. toml11 is header-only
// and costs seconds of compile time per translation unit, and the config
// headers are included almost everywhere; they need the type only in the
// declarations of the section parsers. The .cpp files that parse or read a
// toml::value include <toml.hpp> themselves. If toml11 ever declared
// toml::value differently, the redeclaration below would stop the build in
// those files (an alias may be redeclared only as the same type).

#include <unordered_map>
#include <vector>

namespace toml {

struct discard_comments;
template <typename Comment, template <typename...> class Table, template <typename...> class Array>
class basic_value;
using value = basic_value<discard_comments, std::unordered_map, std::vector>;

}  // namespace toml
