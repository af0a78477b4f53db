// libFuzzer target: case ids tagged in a mail subject (mail/case_tag.hpp),
// for several configured prefixes. Outside input: any bytes of a subject.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/mail/case_tag.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view subject(reinterpret_cast<const char*>(data), size);
  static const std::vector<std::string> prefixes{"EMB", "EXIM", "PF", "A1"};
  for (const auto& tag : embargo::mail::case_tags(subject, prefixes)) {
    // Every tag is PREFIX-YYYY-N (4 to 9 digits), of a configured prefix, found in the subject.
    auto dash = tag.find('-');
    bool ok = dash != std::string::npos && tag.size() - dash - 1 >= 9 && tag.size() - dash - 1 <= 14 &&
              subject.find("[" + tag + "]") != std::string_view::npos;
    bool known = false;
    for (const auto& p : prefixes) {
      known = known || (ok && tag.substr(0, dash) == p);
    }
    if (!ok || !known) {
      std::abort();
    }
  }
  return 0;
}
