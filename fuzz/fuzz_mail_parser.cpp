// libFuzzer target for mail intake's parser: any bytes an MTA could hand to
// `embargo intake mail`, and any bytes a decryption could yield (a PGP/MIME
// body). Neither may crash, hang or leak; errors are values.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <embargo/mail/mime_parser.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  auto mail = embargo::mail::parse_mail(raw);
  if (mail) {
    // What intake reads of a parsed message.
    volatile std::size_t n = mail->content.text.size() + mail->content.attachments.size() + mail->subject.size() +
                             mail->references.size() + mail->content.signed_data.size();
    (void)n;
  }
  auto entity = embargo::mail::parse_mime_entity(raw);
  (void)entity;
  return 0;
}
