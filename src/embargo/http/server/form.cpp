#include <embargo/http/server/form.hpp>

#include <fmt/format.h>

#include <embargo/util/strings.hpp>

namespace embargo::http {

namespace {

Result<std::string> decode_component(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+') {
      c = ' ';
    } else if (c == '%') {
      if (i + 2 >= in.size()) {
        return make_error(ErrorCode::invalid_argument, "form: truncated %-escape");
      }
      int hi = util::hex_value(in[i + 1]);
      int lo = util::hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) {
        return make_error(ErrorCode::invalid_argument, "form: malformed %-escape");
      }
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    if (c == '\0') {
      return make_error(ErrorCode::invalid_argument, "form: NUL byte in a field");
    }
    out += c;
  }
  return out;
}

}  // namespace

Result<FormFields> parse_form(std::string_view text) {
  FormFields out;
  while (!text.empty()) {
    std::size_t amp = text.find('&');
    std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    if (pair.empty()) {
      continue;
    }
    if (out.size() >= k_max_form_fields) {
      return make_error(ErrorCode::invalid_argument, fmt::format("form: more than {} fields", k_max_form_fields));
    }
    std::size_t eq = pair.find('=');
    TRY_ASSIGN(std::string name, decode_component(pair.substr(0, eq)));
    std::string value;
    if (eq != std::string_view::npos) {
      TRY_ASSIGN(value, decode_component(pair.substr(eq + 1)));
    }
    if (out.count(name) != 0) {
      return make_error(ErrorCode::invalid_argument, fmt::format("form: field '{}' given twice", name.substr(0, 40)));
    }
    out.emplace(std::move(name), std::move(value));
  }
  return out;
}

std::string field(const FormFields& form, std::string_view name) {
  auto it = form.find(name);
  return it == form.end() ? std::string() : it->second;
}

std::string_view query_of(std::string_view target) {
  std::size_t q = target.find('?');
  return q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
}

std::optional<std::string> cookie(const RequestMessage& message, std::string_view name) {
  auto range = message.equal_range(beast_http::field::cookie);
  for (auto it = range.first; it != range.second; ++it) {
    std::string_view header(it->value().data(), it->value().size());
    while (!header.empty()) {
      std::size_t semi = header.find(';');
      std::string_view item = util::trim(header.substr(0, semi));
      header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
      std::size_t eq = item.find('=');
      if (eq != std::string_view::npos && item.substr(0, eq) == name) {
        return std::string(item.substr(eq + 1));
      }
    }
  }
  return std::nullopt;
}

std::string set_cookie(std::string_view name, std::string_view value, bool secure, long max_age) {
  std::string out = fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict", name, value);
  if (secure) {
    out += "; Secure";
  }
  if (max_age >= 0) {
    out += fmt::format("; Max-Age={}", max_age);
  }
  return out;
}

}  // namespace embargo::http
