#pragma once

// The web pages' shorthands, shared so that each page file does not define
// its own: e() is html_escape (every text put into a page goes through it),
// not_found() the plain 404 for a page that does not exist, csrf_field() the
// hidden CSRF input every form of a session carries.

#include <string>
#include <string_view>

#include <fmt/format.h>

#include <embargo/http/auth/web_auth.hpp>
#include <embargo/http/server/message.hpp>

namespace embargo::http::web_html {

inline std::string e(std::string_view text) {
  return html_escape(text);
}

inline Response not_found(const Request& req) {
  return text_response(req, beast_http::status::not_found, "No such page.\n");
}

inline std::string csrf_field(const AuthContext& who) {
  return fmt::format("<input type=\"hidden\" name=\"csrf\" value=\"{}\">", e(who.csrf));
}

}  // namespace embargo::http::web_html
