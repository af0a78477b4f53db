#include <algorithm>
#include <chrono>

#include <fmt/format.h>
#include <gmime/gmime.h>

#include <embargo/mail/gmime_util.hpp>
#include <embargo/mail/message_builder.hpp>
#include <embargo/util/secret.hpp>

namespace embargo::mail {

namespace {

bool needs_qp(std::string_view text) {
  std::size_t line = 0;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (u < 0x20 && c != '\n' && c != '\t')) {
      return true;
    }
    line = c == '\n' ? 0 : line + 1;
    if (line > 76) {
      return true;
    }
  }
  // Trailing spaces and a leading "From " do not survive every relay.
  return text.find(" \n") != std::string_view::npos || text.find("\nFrom ") != std::string_view::npos ||
         text.starts_with("From ");
}

GMimePart* text_part(std::string_view text) {
  // The bytes as given (UTF-8), labelled so; GMime's set_text would pick a
  // charset of its own.
  GMimePart* part = GMIME_PART(g_mime_text_part_new_with_subtype("plain"));
  GObj<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(text.data(), text.size()));
  GObj<GMimeDataWrapper> wrapper(g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
  g_mime_part_set_content(part, wrapper.get());
  g_mime_object_set_content_type_parameter(GMIME_OBJECT(part), "charset", "utf-8");
  g_mime_part_set_content_encoding(
      part, needs_qp(text) ? GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE : GMIME_CONTENT_ENCODING_7BIT);
  return part;
}

GMimePart* armored_part(const char* type, const char* subtype, std::string_view armored) {
  GMimePart* part = g_mime_part_new_with_type(type, subtype);
  GObj<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(armored.data(), armored.size()));
  GObj<GMimeDataWrapper> wrapper(g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
  g_mime_part_set_content(part, wrapper.get());
  g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_7BIT);
  return part;
}

Result<GMimeObject*> signed_body(GMimePart* inner, const PgpOptions& p) {
  std::string canonical = to_string_crlf(GMIME_OBJECT(inner), true);
  auto sig = p.gpg->sign_detached(canonical, p.signer);
  if (!sig) {
    g_object_unref(inner);
    return tl::unexpected(sig.error());
  }
  GMimeMultipart* multipart = g_mime_multipart_new_with_subtype("signed");
  GMimeContentType* type = g_mime_object_get_content_type(GMIME_OBJECT(multipart));
  g_mime_content_type_set_parameter(type, "micalg", sig->micalg.c_str());
  g_mime_content_type_set_parameter(type, "protocol", "application/pgp-signature");
  g_mime_multipart_add(multipart, GMIME_OBJECT(inner));
  g_object_unref(inner);
  GMimePart* signature = armored_part("application", "pgp-signature", sig->armored);
  g_mime_part_set_filename(signature, "signature.asc");
  g_mime_multipart_add(multipart, GMIME_OBJECT(signature));
  g_object_unref(signature);
  return GMIME_OBJECT(multipart);
}

Result<GMimeObject*> encrypted_body(GMimePart* inner, const PgpOptions& p) {
  std::string canonical = to_string_crlf(GMIME_OBJECT(inner), true);
  g_object_unref(inner);
  TRY_ASSIGN(std::string cipher, p.gpg->encrypt_sign(canonical, p.encrypt_to, p.signer));
  GMimeMultipart* multipart = g_mime_multipart_new_with_subtype("encrypted");
  g_mime_content_type_set_parameter(g_mime_object_get_content_type(GMIME_OBJECT(multipart)), "protocol",
                                    "application/pgp-encrypted");
  GMimePart* control = armored_part("application", "pgp-encrypted", "Version: 1\n");
  GMimePart* data = armored_part("application", "octet-stream", cipher);
  g_mime_part_set_filename(data, "encrypted.asc");
  g_mime_object_set_disposition(GMIME_OBJECT(data), "inline");
  g_mime_multipart_add(multipart, GMIME_OBJECT(control));
  g_mime_multipart_add(multipart, GMIME_OBJECT(data));
  g_object_unref(control);
  g_object_unref(data);
  return GMIME_OBJECT(multipart);
}

Result<GMimeObject*> body_of(const OutgoingMessage& m, const PgpOptions& p) {
  if (p.mode != Protect::plain && p.gpg == nullptr) {
    return make_error(ErrorCode::invalid_argument, "mail: signing needs the team key (mail.signing_key)");
  }
  switch (p.mode) {
    case Protect::plain:
      return GMIME_OBJECT(text_part(m.body));
    case Protect::clearsign: {
      TRY_ASSIGN(std::string text, p.gpg->clearsign(m.body, p.signer));
      return GMIME_OBJECT(text_part(text));
    }
    case Protect::sign:
      return signed_body(text_part(m.body), p);
    case Protect::encrypt:
      return encrypted_body(text_part(m.body), p);
  }
  return make_error(ErrorCode::invalid_argument, "mail: unknown protection");
}

void set_address(GMimeMessage* message, GMimeAddressType type, const std::string& text) {
  InternetAddressList* parsed = internet_address_list_parse(nullptr, text.c_str());
  if (parsed != nullptr) {
    internet_address_list_append(g_mime_message_get_addresses(message, type), parsed);
    g_object_unref(parsed);
  }
}

}  // namespace

Result<std::string> build_message(const OutgoingMessage& m, const PgpOptions& p) {
  ensure_gmime();
  TRY_ASSIGN(GMimeObject * body, body_of(m, p));
  GObj<GMimeMessage> message(g_mime_message_new(TRUE));
  set_address(message.get(), GMIME_ADDRESS_TYPE_FROM, m.from);
  for (const auto& to : m.to) {
    set_address(message.get(), GMIME_ADDRESS_TYPE_TO, to);
  }
  g_mime_message_set_subject(message.get(), m.subject.c_str(), "utf-8");
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(m.date.time_since_epoch()).count();
  GDateTime* date = g_date_time_new_from_unix_utc(seconds);
  g_mime_message_set_date(message.get(), date);
  g_date_time_unref(date);
  g_mime_message_set_message_id(message.get(), m.message_id.c_str());
  if (!m.in_reply_to.empty()) {
    std::string ref = "<" + m.in_reply_to + ">";
    g_mime_object_set_header(GMIME_OBJECT(message.get()), "In-Reply-To", ref.c_str(), nullptr);
    g_mime_object_set_header(GMIME_OBJECT(message.get()), "References", ref.c_str(), nullptr);
  }
  if (!m.auto_submitted.empty()) {
    g_mime_object_set_header(GMIME_OBJECT(message.get()), "Auto-Submitted", m.auto_submitted.c_str(), nullptr);
  }
  g_mime_message_set_mime_part(message.get(), body);
  g_object_unref(body);
  return to_string_crlf(GMIME_OBJECT(message.get()), false);
}

std::string new_message_id(std::string_view address) {
  auto at = address.find('@');
  std::string_view domain = at == std::string_view::npos ? "embargo.invalid" : address.substr(at + 1);
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  return fmt::format("embargo.{}.{}@{}", now.count(), util::random_secret(20), domain);
}

}  // namespace embargo::mail
