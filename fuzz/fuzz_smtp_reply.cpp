// libFuzzer target: an SMTP server's reply as `embargo doctor` reads it
// (mail/smtp_probe.hpp). Outside input: any bytes a server sends.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <embargo/mail/smtp_probe.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace embargo::mail;
  std::string_view received(reinterpret_cast<const char*>(data), size);
  bool complete = smtp_reply_complete(received);
  // A complete reply ends with CRLF after a last line of at least "NNN X".
  if (complete && (size < 6 || !received.ends_with("\r\n"))) {
    std::abort();
  }
  std::string text = smtp_reply_text(received);
  // What reaches a terminal: bounded, and no control byte (no escape sequence).
  if (text.size() > k_max_smtp_reply_shown + 3) {
    std::abort();
  }
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      std::abort();
    }
  }
  return 0;
}
