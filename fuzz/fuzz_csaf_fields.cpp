// libFuzzer target: the value checkers of the CSAF mandatory tests that read
// text from outside documents: purl_problem (6.1.13) and language_tag_problem
// (6.1.12). The first byte picks the checker. Any input must give an answer,
// never a crash or an out-of-bounds read.
//   build-fuzz/bin/fuzz_csaf_fields fuzz/corpus/csaf_fields

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <embargo/core/advisory/language_tag.hpp>
#include <embargo/core/advisory/purl.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  static const embargo::core::advisory::LanguageCodes k_codes{{"en", "de", "gsw"}, {"Latn"}, {"GB", "US"}};
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    (void)embargo::core::advisory::purl_problem(text);
  } else {
    (void)embargo::core::advisory::language_tag_problem(text, k_codes);
  }
  return 0;
}
