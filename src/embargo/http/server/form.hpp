#pragma once

// Reading what browsers send: application/x-www-form-urlencoded bodies and
// query strings, and cookies. Outside input: every parser here is bounded and
// fuzzed (fuzz/fuzz_form.cpp).

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <embargo/http/server/message.hpp>
#include <embargo/util/result.hpp>

namespace embargo::http {

using FormFields = std::map<std::string, std::string, std::less<>>;

inline constexpr std::size_t k_max_form_fields = 64;

// Decodes "a=1&b=x+y%21". '+' is a space. InvalidArgument naming the problem
// on a malformed escape, a NUL byte, invalid UTF-8 is passed through (the
// fields are validated where they are used), more than k_max_form_fields
// fields, or a field given twice.
Result<FormFields> parse_form(std::string_view text);

// The value of form field `name`, or "" when absent.
std::string field(const FormFields& form, std::string_view name);

// The query string of a request target ("" when none).
std::string_view query_of(std::string_view target);

// The value of cookie `name` from the Cookie header(s), if present.
std::optional<std::string> cookie(const RequestMessage& message, std::string_view name);

// "NAME=VALUE; Path=/; HttpOnly; SameSite=Strict[; Secure][; Max-Age=N]".
// `max_age` < 0 leaves it a session cookie; 0 deletes it.
std::string set_cookie(std::string_view name, std::string_view value, bool secure, long max_age = -1);

}  // namespace embargo::http
