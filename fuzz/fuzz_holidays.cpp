// libFuzzer target: calendar::parse_holidays (the --holidays and
// policy.holidays_file iCalendar input, parsed by libical). Any input must
// give dates or an Error, never a crash, a hang or unbounded memory.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <embargo/calendar/ics.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto days = embargo::calendar::parse_holidays(text, "fuzz.ics", 2030);
  if (days) {
    for (std::size_t i = 1; i < days->size(); ++i) {
      if (!((*days)[i - 1] < (*days)[i])) {
        __builtin_trap();  // the contract: sorted, no duplicates
      }
    }
  }
  return 0;
}
