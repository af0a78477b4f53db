#pragma once

// The Range request header (RFC 9110 section 14), single byte ranges only:
// a request for several ranges is answered with the whole file, which the
// RFC allows. Input from the network: never throws (fuzz/fuzz_http_request).

#include <cstdint>
#include <string_view>

namespace embargo::http {

struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // inclusive
  std::uint64_t length() const { return last - first + 1; }
};

enum class RangeOutcome {
  whole,          // no usable Range: send the whole file (200)
  partial,        // send `range` (206)
  unsatisfiable,  // 416
};

struct RangeResult {
  RangeOutcome outcome = RangeOutcome::whole;
  ByteRange range;
};

RangeResult parse_range(std::string_view header, std::uint64_t size);

}  // namespace embargo::http
