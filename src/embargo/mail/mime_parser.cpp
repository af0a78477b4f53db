#include <memory>
#include <mutex>

#include <fmt/format.h>
#include <gmime/gmime.h>

#include <embargo/mail/gmime_util.hpp>
#include <embargo/mail/mime_parser.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::mail {

std::string_view to_string(Protection protection) {
  switch (protection) {
    case Protection::none:
      return "none";
    case Protection::pgp_mime_encrypted:
      return "pgp-mime-encrypted";
    case Protection::pgp_mime_signed:
      return "pgp-mime-signed";
    case Protection::inline_encrypted:
      return "inline-encrypted";
    case Protection::inline_signed:
      return "inline-signed";
  }
  return "none";
}

namespace {

constexpr int k_max_depth = 32;  // nesting of multiparts and attached messages
// GMime's parser recurses once per nested multipart before we see the tree;
// bounding the boundaries bounds its stack for any message size.
constexpr std::size_t k_max_boundaries = 1000;

tl::unexpected<Error> malformed(std::string message) {
  return make_error(ErrorCode::invalid_argument, "mail: " + message);
}

std::string mime_type_of(GMimeObject* object) {
  GMimeContentType* type = g_mime_object_get_content_type(object);
  if (type == nullptr) {
    return "text/plain";
  }
  GPtr<char> text(g_mime_content_type_get_mime_type(type));
  return util::to_lower(text ? text.get() : "text/plain");
}

std::string decoded_content(GMimePart* part) {
  GMimeDataWrapper* wrapper = g_mime_part_get_content(part);
  if (wrapper == nullptr) {
    return {};
  }
  GObj<GMimeStream> out(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(wrapper, out.get());
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

class Walker {
 public:
  explicit Walker(MimeContent& content) : m_content(content) {}

  Result<void> walk(GMimeObject* object, int depth) {
    if (depth > k_max_depth) {
      return malformed(fmt::format("MIME parts nested deeper than {}", k_max_depth));
    }
    if (GMIME_IS_MULTIPART(object)) {
      return walk_multipart(GMIME_MULTIPART(object), depth);
    }
    if (GMIME_IS_MESSAGE_PART(object)) {
      GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
      std::string data = inner == nullptr ? "" : to_string_crlf(GMIME_OBJECT(inner), false);
      m_content.attachments.push_back({next_name(".eml"), "message/rfc822", std::move(data)});
      return {};
    }
    if (GMIME_IS_PART(object)) {
      return walk_part(GMIME_PART(object));
    }
    return {};
  }

 private:
  Result<void> walk_multipart(GMimeMultipart* multipart, int depth) {
    int count = g_mime_multipart_get_count(multipart);
    std::string type = mime_type_of(GMIME_OBJECT(multipart));
    if (count == 0) {
      return malformed(fmt::format("{} without parts (missing or wrong boundary)", type));
    }
    if (type == "multipart/encrypted" && depth == 0) {
      if (count != 2 || !GMIME_IS_PART(g_mime_multipart_get_part(multipart, 1))) {
        return malformed("multipart/encrypted must have a control part and an encrypted part (RFC 3156)");
      }
      m_content.protection = Protection::pgp_mime_encrypted;
      m_content.payload = decoded_content(GMIME_PART(g_mime_multipart_get_part(multipart, 1)));
      return {};
    }
    if (type == "multipart/signed" && depth == 0) {
      if (count != 2 || !GMIME_IS_PART(g_mime_multipart_get_part(multipart, 1))) {
        return malformed("multipart/signed must have the signed part and a signature (RFC 3156)");
      }
      GMimeObject* signed_part = g_mime_multipart_get_part(multipart, 0);
      m_content.protection = Protection::pgp_mime_signed;
      m_content.signed_data = to_string_crlf(signed_part, true);
      m_content.payload = decoded_content(GMIME_PART(g_mime_multipart_get_part(multipart, 1)));
      return walk(signed_part, depth + 1);
    }
    for (int i = 0; i < count; ++i) {
      TRY(walk(g_mime_multipart_get_part(multipart, i), depth + 1));
    }
    return {};
  }

  Result<void> walk_part(GMimePart* part) {
    std::string type = mime_type_of(GMIME_OBJECT(part));
    const char* filename = g_mime_part_get_filename(part);
    bool attachment = g_mime_part_is_attachment(part) || filename != nullptr;
    if (type == "text/plain" && !attachment) {
      return add_text(part);
    }
    std::string data = decoded_content(part);
    std::string name = filename != nullptr ? safe_name(filename) : next_name("");
    m_content.attachments.push_back({std::move(name), std::move(type), std::move(data)});
    return {};
  }

  Result<void> add_text(GMimePart* part) {
    std::string text;
    if (GMIME_IS_TEXT_PART(part)) {
      GPtr<char> utf8(g_mime_text_part_get_text(GMIME_TEXT_PART(part)));
      text = utf8 ? utf8.get() : "";
    } else {
      text = decoded_content(part);
    }
    if (m_content.protection == Protection::none && m_content.text.empty()) {
      if (text.find("-----BEGIN PGP MESSAGE-----") != std::string::npos) {
        m_content.protection = Protection::inline_encrypted;
        m_content.payload = text;
      } else if (text.find("-----BEGIN PGP SIGNED MESSAGE-----") != std::string::npos) {
        m_content.protection = Protection::inline_signed;
        m_content.payload = text;
      }
    }
    if (!m_content.text.empty() && !text.empty()) {
      m_content.text += "\n";
    }
    m_content.text += text;
    return {};
  }

  // A file name without directories or control characters.
  static std::string safe_name(std::string_view name) {
    auto slash = name.find_last_of("/\\");
    if (slash != std::string_view::npos) {
      name = name.substr(slash + 1);
    }
    std::string out;
    for (char c : name) {
      out += static_cast<unsigned char>(c) < 0x20 ? '_' : c;
    }
    if (out.empty() || out == "." || out == "..") {
      out = "attachment";
    }
    return out.substr(0, 200);
  }

  std::string next_name(std::string_view ext) {
    return fmt::format("part-{}{}", m_content.attachments.size() + 1, ext);
  }

  MimeContent& m_content;
};

std::string header_of(GMimeMessage* message, const char* name) {
  const char* value = g_mime_object_get_header(GMIME_OBJECT(message), name);
  return value == nullptr ? std::string() : std::string(util::trim(value));
}

void parse_automatic(GMimeMessage* message, ParsedMail& mail) {
  mail.auto_submitted = header_of(message, "Auto-Submitted");
  mail.list_id = header_of(message, "List-Id");
  mail.precedence = header_of(message, "Precedence");
  mail.return_path = header_of(message, "Return-Path");
  mail.x_autoreply = header_of(message, "X-Autoreply");
  if (mail.x_autoreply.empty()) {
    mail.x_autoreply = header_of(message, "X-Autorespond");
  }
  GMimeObject* body = g_mime_message_get_mime_part(message);
  if (body != nullptr && mime_type_of(body) == "multipart/report") {
    mail.multipart_report = true;
    const char* type = g_mime_object_get_content_type_parameter(body, "report-type");
    mail.report_type = type == nullptr ? "" : util::to_lower(util::trim(type));
  }
}

void parse_identity(GMimeMessage* message, ParsedMail& mail) {
  if (const char* id = g_mime_message_get_message_id(message); id != nullptr) {
    mail.message_id = util::trim(id);
  }
  if (const char* subject = g_mime_message_get_subject(message); subject != nullptr) {
    mail.subject = util::trim(subject);
  }
  if (const char* date = g_mime_object_get_header(GMIME_OBJECT(message), "Date"); date != nullptr) {
    mail.date = date;
  }
  mail.references = parse_message_ids(g_mime_object_get_header(GMIME_OBJECT(message), "References"));
  auto reply = parse_message_ids(g_mime_object_get_header(GMIME_OBJECT(message), "In-Reply-To"));
  if (!reply.empty()) {
    mail.in_reply_to = reply.front();
  }
}

Result<void> parse_from(GMimeMessage* message, ParsedMail& mail) {
  InternetAddressList* from = g_mime_message_get_from(message);
  InternetAddress* address =
      from == nullptr || internet_address_list_length(from) < 1 ? nullptr : internet_address_list_get_address(from, 0);
  if (address == nullptr || !INTERNET_ADDRESS_IS_MAILBOX(address)) {
    return malformed("no From address");
  }
  const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address));
  if (addr == nullptr || std::string_view(addr).find('@') == std::string_view::npos) {
    return malformed("the From address has no domain");
  }
  mail.from_address = util::to_lower(util::trim(addr));
  const char* name = internet_address_get_name(address);
  mail.from_name = name == nullptr ? "" : util::trim(name);
  return {};
}

Result<void> check_boundaries(std::string_view raw) {
  std::size_t count = 0;
  for (std::size_t at = 0; (at = raw.find("oundary", at)) != std::string_view::npos; at += 7) {
    if (++count > k_max_boundaries) {
      return malformed(fmt::format("more than {} multipart boundaries", k_max_boundaries));
    }
  }
  return {};
}

}  // namespace

Result<ParsedMail> parse_mail(std::string_view raw) {
  ensure_gmime();
  if (util::trim(raw).empty()) {
    return malformed("empty message");
  }
  TRY(check_boundaries(raw));
  GObj<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  GObj<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
  GObj<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
  if (!message) {
    return malformed("not an RFC 5322 message (no header block)");
  }
  ParsedMail mail;
  TRY(parse_from(message.get(), mail));
  parse_identity(message.get(), mail);
  parse_automatic(message.get(), mail);
  GMimeObject* body = g_mime_message_get_mime_part(message.get());
  if (body != nullptr) {
    TRY(Walker(mail.content).walk(body, 0));
  }
  return mail;
}

Result<MimeContent> parse_mime_entity(std::string_view raw) {
  ensure_gmime();
  TRY(check_boundaries(raw));
  GObj<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  GObj<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  GObj<GMimeObject> entity(g_mime_parser_construct_part(parser.get(), nullptr));
  if (!entity) {
    return malformed("the decrypted body is not a MIME entity");
  }
  MimeContent content;
  TRY(Walker(content).walk(entity.get(), 0));
  return content;
}

}  // namespace embargo::mail
