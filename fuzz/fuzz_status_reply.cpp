// libFuzzer target: the status keywords of a recipient's reply by mail
// (core/status_reply.hpp) and the status names. Outside input: any bytes.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <embargo/core/status_reply.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto reply = embargo::core::parse_status_reply(text);
  if (reply && reply->has_value()) {
    const auto& r = **reply;
    // What the parser accepts must hold the documented bounds.
    if (r.vulnerability < 0 || r.vulnerability > 10000 || r.statement.size() > embargo::core::k_max_statement_bytes) {
      std::abort();
    }
    auto again = embargo::core::parse_recipient_status(embargo::core::to_string(r.status));
    if (!again || *again != r.status) {
      std::abort();
    }
  } else if (!reply && reply.error().message().empty()) {
    std::abort();
  }
  (void)embargo::core::parse_recipient_status(text);
  return 0;
}
