#include <embargo/http/auth/auth_header.hpp>

#include <map>

#include <fmt/format.h>
#include <sodium.h>

#include <embargo/util/strings.hpp>

namespace embargo::http {

namespace {

tl::unexpected<Error> bad(std::string_view why) {
  return make_error(ErrorCode::invalid_argument, fmt::format("Authorization: {}", why));
}

bool is_tchar(char c) {
  static constexpr std::string_view k_extra = "!#$%&'*+-.^_`|~";
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         k_extra.find(c) != std::string_view::npos;
}

void skip_ows(std::string_view s, std::size_t& i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) {
    ++i;
  }
}

std::string_view read_token(std::string_view s, std::size_t& i) {
  std::size_t start = i;
  while (i < s.size() && is_tchar(s[i])) {
    ++i;
  }
  return s.substr(start, i - start);
}

// A quoted-string starting at s[i] == '"'; unescapes quoted-pairs.
Result<std::string> read_quoted(std::string_view s, std::size_t& i) {
  std::string out;
  ++i;
  while (i < s.size()) {
    char c = s[i++];
    if (c == '"') {
      return out;
    }
    if (c == '\\') {
      if (i >= s.size()) {
        break;
      }
      c = s[i++];
    }
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) {
      return bad("control character in a quoted string");
    }
    out += c;
  }
  return bad("unterminated quoted string");
}

using Params = std::map<std::string, std::string>;

// auth-param *( OWS "," OWS auth-param ), names lower-cased.
Result<Params> read_params(std::string_view s) {
  Params params;
  std::size_t i = 0;
  while (true) {
    skip_ows(s, i);
    while (i < s.size() && s[i] == ',') {  // empty list elements are allowed
      ++i;
      skip_ows(s, i);
    }
    if (i >= s.size()) {
      return params;
    }
    std::string name(read_token(s, i));
    if (name.empty()) {
      return bad("expected a parameter name");
    }
    for (char& c : name) {
      c = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
    }
    skip_ows(s, i);
    if (i >= s.size() || s[i] != '=') {
      return bad(fmt::format("parameter {} has no value", name));
    }
    ++i;
    skip_ows(s, i);
    std::string value;
    if (i < s.size() && s[i] == '"') {
      TRY_ASSIGN(value, read_quoted(s, i));
    } else {
      value = std::string(read_token(s, i));
      if (value.empty()) {
        return bad(fmt::format("parameter {} has an empty or malformed value", name));
      }
    }
    if (!params.emplace(name, std::move(value)).second) {
      return bad(fmt::format("parameter {} given twice", name));
    }
    skip_ows(s, i);
    if (i < s.size() && s[i] != ',') {
      return bad("expected ',' between parameters");
    }
  }
}

Result<Credentials> parse_basic(std::string_view rest) {
  std::size_t end = rest.find_last_not_of(" \t");
  rest = end == std::string_view::npos ? std::string_view{} : rest.substr(0, end + 1);
  TRY_ASSIGN(std::string decoded, base64_decode(rest));
  std::size_t colon = decoded.find(':');
  if (colon == std::string::npos) {
    sodium_memzero(decoded.data(), decoded.size());
    return bad("Basic credentials have no ':'");
  }
  BasicCredentials creds;
  creds.user = decoded.substr(0, colon);
  creds.password = util::SensitiveString(decoded.substr(colon + 1));
  sodium_memzero(decoded.data(), decoded.size());
  return Credentials{std::move(creds)};
}

Result<Credentials> parse_digest(std::string_view rest) {
  TRY_ASSIGN(Params params, read_params(rest));
  DigestCredentials d;
  auto take = [&](const char* name, std::string& into, bool required) -> Result<void> {
    auto it = params.find(name);
    if (it == params.end()) {
      if (required) {
        return bad(fmt::format("Digest parameter {} is missing", name));
      }
      return {};
    }
    into = std::move(it->second);
    return {};
  };
  TRY(take("username", d.username, true));
  TRY(take("realm", d.realm, true));
  TRY(take("nonce", d.nonce, true));
  TRY(take("uri", d.uri, true));
  TRY(take("response", d.response, true));
  TRY(take("algorithm", d.algorithm, false));
  TRY(take("cnonce", d.cnonce, false));
  TRY(take("opaque", d.opaque, false));
  TRY(take("qop", d.qop, false));
  TRY(take("nc", d.nc, false));
  std::string userhash;
  TRY(take("userhash", userhash, false));
  d.userhash = util::iequals(userhash, "true");
  return Credentials{std::move(d)};
}

}  // namespace

Result<Credentials> parse_authorization(std::string_view header) {
  std::size_t i = 0;
  skip_ows(header, i);
  std::string_view scheme = read_token(header, i);
  if (scheme.empty()) {
    return bad("no scheme");
  }
  if (i < header.size() && header[i] != ' ' && header[i] != '\t') {
    return bad("malformed scheme");
  }
  skip_ows(header, i);
  std::string_view rest = header.substr(i);
  if (util::iequals(scheme, "Basic")) {
    return parse_basic(rest);
  }
  if (util::iequals(scheme, "Digest")) {
    return parse_digest(rest);
  }
  return bad(fmt::format("unsupported scheme '{}'", scheme.substr(0, 32)));
}

std::string base64_encode(std::string_view data) {
  util::ensure_sodium();
  std::string out(sodium_base64_ENCODED_LEN(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

Result<std::string> base64_decode(std::string_view text) {
  util::ensure_sodium();
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &length, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size()) {
    return bad("invalid base64");
  }
  out.resize(length);
  return out;
}

}  // namespace embargo::http
