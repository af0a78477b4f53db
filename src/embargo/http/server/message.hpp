#pragma once

// The request and response types handlers see. A handler turns a Request
// into a Response (parse -> call core -> render); the server does the I/O.
//
// A Response is either a complete in-memory message (StringResponse) or a
// FileResponse: headers plus a byte range of an open file, which the server
// sends with sendfile(2) on plain TCP (zero-copy) or in chunks over TLS.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include <boost/beast/http.hpp>

namespace embargo::http {

namespace beast_http = boost::beast::http;

using RequestMessage = beast_http::request<beast_http::string_body>;
using StringResponse = beast_http::response<beast_http::string_body>;
using HeaderResponse = beast_http::response<beast_http::empty_body>;

struct Request {
  const RequestMessage& message;
  std::string_view address;  // client IP address
  bool secure = false;       // came over TLS
  std::string_view path() const;  // the target up to '?'
};

// An open file descriptor, closed when the last owner lets go.
class FileHandle {
 public:
  explicit FileHandle(int fd) : m_fd(fd) {}
  FileHandle(const FileHandle&) = delete;
  FileHandle& operator=(const FileHandle&) = delete;
  ~FileHandle();
  int fd() const { return m_fd; }

 private:
  int m_fd;
};

struct FileResponse {
  HeaderResponse head;  // status and headers; Content-Length already set
  std::shared_ptr<FileHandle> file;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  // Called once when sending ends: bytes of the body sent, and whether all were.
  std::function<void(std::uint64_t sent, bool complete)> on_finished;
};

struct Response {
  std::variant<StringResponse, FileResponse> message;
  std::string user;  // who was authenticated, for the access log ("" if nobody)

  unsigned status() const;
};

// A small text or HTML response with the usual headers.
Response text_response(const Request& req, beast_http::status status, std::string body,
                       std::string_view content_type = "text/plain; charset=utf-8");

// "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 IMF-fixdate) of a Unix time.
std::string http_date(std::int64_t unix_seconds);

// Decodes %XX escapes of one path segment. Fails (nullopt-like false) on a
// malformed escape, or when the result holds '/', '\\' or NUL.
bool decode_path_segment(std::string_view in, std::string& out);

// The inverse for building URLs (a Location header, a link): every byte but
// RFC 3986's unreserved ones (A-Z a-z 0-9 - . _ ~) as %XX, so a name holding
// CR, LF, '/', '?' or '%' stays one segment and never splits a header.
std::string encode_path_segment(std::string_view in);

// True when no header field of `res` has a CR, LF or NUL in its name or value
// (Router::dispatch answers 500 rather than send such a response: header
// injection through a value a handler copied from a request or the store).
bool headers_are_clean(const Response& res);

// Escapes &, <, >, " and ' for HTML text and attributes.
std::string html_escape(std::string_view text);

}  // namespace embargo::http
