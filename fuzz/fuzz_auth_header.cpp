// libFuzzer target: the Authorization header parser, Digest algorithm and
// nc parsing, and the Range parser (all fed with text from the network).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <embargo/http/auth/auth_header.hpp>
#include <embargo/http/auth/digest.hpp>
#include <embargo/http/server/range.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = embargo::http::parse_authorization(text);
  if (parsed) {
    if (const auto* d = std::get_if<embargo::http::DigestCredentials>(&*parsed)) {
      (void)embargo::http::parse_digest_algorithm(d->algorithm);
      (void)embargo::http::parse_nc(d->nc);
    }
  }
  auto range = embargo::http::parse_range(text, size);
  if (range.outcome == embargo::http::RangeOutcome::partial &&
      (range.range.first > range.range.last || range.range.last >= size)) {
    __builtin_trap();  // a range outside the file must never come back
  }
  return 0;
}
