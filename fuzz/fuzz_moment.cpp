// libFuzzer target: core::planner::parse_moment (every time option of
// `embargo plan` and `embargo case plan`), with and without --tz. The first
// byte picks the zone; the rest is the text.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <embargo/core/planner/moment.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace embargo::core::planner;
  static const std::optional<Zone> zones[] = {std::nullopt, *Zone::find("Europe/London"),
                                              *Zone::find("America/Los_Angeles"), *Zone::find("Asia/Kolkata")};
  if (size == 0) {
    return 0;
  }
  const std::optional<Zone>& zone = zones[data[0] % 4];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto t = parse_moment(text, "--fuzz", zone, std::chrono::minutes(14 * 60));
  if (t) {
    // A parsed time must print and parse back to itself.
    auto again = parse_moment(format_utc_seconds(*t), "--fuzz", std::nullopt, std::chrono::minutes(0));
    if (!again || std::chrono::floor<std::chrono::seconds>(*t) != *again) {
      __builtin_trap();
    }
  }
  return 0;
}
