#include <embargo/util/result.hpp>

namespace embargo {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::not_found: return "not found";
    case ErrorCode::corruption: return "corruption";
    case ErrorCode::invalid_argument: return "invalid argument";
    case ErrorCode::io_error: return "I/O error";
    case ErrorCode::not_supported: return "not supported";
    case ErrorCode::conflict: return "conflict";
    case ErrorCode::unauthorized: return "unauthorized";
    case ErrorCode::busy: return "busy";
  }
  return "unknown error";
}

}  // namespace embargo
