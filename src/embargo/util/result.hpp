#pragma once

// Result<T> is how every fallible function of ours reports an expected failure
// (bad input, unknown case, busy store): a value or an Error, never an
// exception. Exceptions are kept for fatal conditions and caught once at each
// program boundary (cli/, the server's connection handlers).
//
// The alias makes a later move to std::expected a one-line change.

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace embargo {

// A closed set, as LevelDB's Status, plus the two codes this domain needs.
enum class ErrorCode {
  not_found,
  corruption,
  invalid_argument,
  io_error,
  not_supported,
  conflict,      // the operation contradicts the current state (a refused transition)
  unauthorized,  // the caller may not see or do this
  busy,          // a resource is locked by someone else; retrying later may work
};

std::string_view to_string(ErrorCode code);

class Error {
 public:
  Error(ErrorCode code, std::string message) : m_code(code), m_message(std::move(message)) {}

  ErrorCode code() const { return m_code; }
  // One line naming the field or object and what is wrong with it.
  const std::string& message() const { return m_message; }

  friend bool operator==(const Error&, const Error&) = default;

 private:
  ErrorCode m_code;
  std::string m_message;
};

template <typename T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> make_error(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error(code, std::move(message)));
}

}  // namespace embargo

// TRY(expr): evaluates a Result<void>-like expression and returns its error from
// the enclosing function. TRY_ASSIGN(var, expr): the same, binding the value.
#define EMBARGO_CONCAT_INNER(a, b) a##b
#define EMBARGO_CONCAT(a, b) EMBARGO_CONCAT_INNER(a, b)

#define TRY_IMPL(tmp, expr)                 \
  do {                                      \
    auto&& tmp = (expr);                    \
    if (!tmp) {                             \
      return tl::unexpected(tmp.error());   \
    }                                       \
  } while (false)

#define TRY(expr) TRY_IMPL(EMBARGO_CONCAT(embargo_try_result_, __COUNTER__), expr)

#define TRY_ASSIGN_IMPL(tmp, var, expr)       \
  auto tmp = (expr);                          \
  if (!tmp) {                                 \
    return tl::unexpected(tmp.error());       \
  }                                           \
  var = std::move(*tmp)

#define TRY_ASSIGN(var, expr) TRY_ASSIGN_IMPL(EMBARGO_CONCAT(embargo_try_, __COUNTER__), var, expr)
