#include <embargo/http/server/message.hpp>

#include <algorithm>
#include <ctime>

#include <unistd.h>

#include <fmt/format.h>

#include <embargo/util/strings.hpp>

namespace embargo::http {

std::string_view Request::path() const {
  std::string_view target(message.target().data(), message.target().size());
  return target.substr(0, target.find('?'));
}

FileHandle::~FileHandle() {
  if (m_fd >= 0) {
    ::close(m_fd);
  }
}

unsigned Response::status() const {
  return std::visit([](const auto& m) -> unsigned {
    if constexpr (std::is_same_v<std::decay_t<decltype(m)>, FileResponse>) {
      return m.head.result_int();
    } else {
      return m.result_int();
    }
  }, message);
}

Response text_response(const Request& req, beast_http::status status, std::string body,
                       std::string_view content_type) {
  StringResponse res{status, req.message.version()};
  res.set(beast_http::field::server, "embargod");
  res.set(beast_http::field::content_type, std::string(content_type));
  res.set(beast_http::field::cache_control, "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  res.keep_alive(req.message.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  if (req.message.method() == beast_http::verb::head) {
    res.body().clear();  // Content-Length stays that of the GET
  }
  return Response{std::move(res), {}};
}

std::string http_date(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  std::size_t n = std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(buffer, n);
}

bool decode_path_segment(std::string_view in, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size() || util::hex_value(in[i + 1]) < 0 || util::hex_value(in[i + 2]) < 0) {
        return false;
      }
      c = static_cast<char>(util::hex_value(in[i + 1]) * 16 + util::hex_value(in[i + 2]));
      i += 2;
    }
    if (c == '/' || c == '\\' || c == '\0') {
      return false;
    }
    out += c;
  }
  return true;
}

std::string encode_path_segment(std::string_view in) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : in) {
    auto u = static_cast<unsigned char>(c);
    bool unreserved = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' ||
                      u == '.' || u == '_' || u == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += k_hex[u >> 4];
      out += k_hex[u & 15];
    }
  }
  return out;
}

namespace {

bool clean_field_text(boost::beast::string_view text) {
  return std::none_of(text.begin(), text.end(), [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

template <class Fields>
bool fields_are_clean(const Fields& fields) {
  for (const auto& f : fields) {
    if (!clean_field_text(f.name_string()) || !clean_field_text(f.value())) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool headers_are_clean(const Response& res) {
  if (const auto* s = std::get_if<StringResponse>(&res.message)) {
    return fields_are_clean(s->base());
  }
  return fields_are_clean(std::get<FileResponse>(res.message).head.base());
}

std::string html_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace embargo::http
