#include <mutex>

#include <embargo/mail/gmime_util.hpp>

namespace embargo::mail {

void ensure_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

std::string to_string_crlf(GMimeObject* object, bool canonical) {
  GMimeFormatOptions* options = g_mime_format_options_new();
  g_mime_format_options_set_newline_format(options, GMIME_NEWLINE_FORMAT_DOS);
  GObj<GMimeStream> out(g_mime_stream_mem_new());
  g_mime_object_write_to_stream(object, options, out.get());
  g_mime_format_options_free(options);
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
  std::string text(reinterpret_cast<const char*>(bytes->data), bytes->len);
  if (!canonical) {
    return text;
  }
  // Content kept from the source may still have bare LF: make every line end CRLF.
  std::string crlf;
  crlf.reserve(text.size() + text.size() / 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) {
      crlf += '\r';
    }
    crlf += text[i];
  }
  return crlf;
}

std::vector<std::string> parse_message_ids(const char* header) {
  std::vector<std::string> ids;
  if (header == nullptr) {
    return ids;
  }
  GMimeReferences* refs = g_mime_references_parse(nullptr, header);
  if (refs == nullptr) {
    return ids;
  }
  for (int i = 0; i < g_mime_references_length(refs); ++i) {
    if (const char* id = g_mime_references_get_message_id(refs, i); id != nullptr) {
      ids.emplace_back(id);
    }
  }
  g_mime_references_free(refs);
  return ids;
}

}  // namespace embargo::mail
