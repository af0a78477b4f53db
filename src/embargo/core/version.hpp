#pragma once

// Release versions and ranges of them, as the affected/fixed fields of a
// vulnerability hold them: "4.99.1", "4.97-RC2", ">=4.92,<4.99.1".

#include <string>
#include <string_view>
#include <vector>

#include <embargo/util/result.hpp>

namespace embargo::core {

// Dotted numbers (1 to 6 components) with an optional pre-release suffix
// "-RCn" (case-insensitive) or "-<alnum>". A pre-release sorts before the
// release: 4.97-RC2 < 4.97.
struct Version {
  std::vector<unsigned> numbers;
  std::string pre;  // "" for a release; "RC2" etc.

  std::string to_string() const;
};

Result<Version> parse_version(std::string_view text);
// Numeric comparison; missing trailing components count as 0 (4.99 == 4.99.0).
int compare(const Version& a, const Version& b);

enum class RangeOp { eq, lt, le, gt, ge };

struct Constraint {
  RangeOp op = RangeOp::eq;
  Version version;
};

// A conjunction of constraints: ">=4.92,<4.99.1". A version is in the range
// when it satisfies each.
struct VersionRange {
  std::vector<Constraint> constraints;

  bool contains(const Version& v) const;
  std::string to_string() const;  // canonical, comma-separated, no spaces
};

// Refuses an empty text, an unknown operator, a malformed version, and a range
// no version can satisfy (">=5,<4"), naming the offending part.
Result<VersionRange> parse_version_range(std::string_view text, std::string_view field);

}  // namespace embargo::core
