// libFuzzer target: a raw HTTP/1.1 request as it comes off the socket,
// through Beast's parser with the server's limits, then the parts of the
// request our code looks at: the download-area path, the Authorization and
// Range headers.

#include <cstddef>
#include <cstdint>
#include <string>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <embargo/http/auth/auth_header.hpp>
#include <embargo/http/downloads/download_area.hpp>
#include <embargo/http/server/range.hpp>

namespace http = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(64 * 1024);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (ec || !parser.is_header_done()) {
    return 0;
  }
  const auto& msg = parser.get();
  std::string_view target(msg.target().data(), msg.target().size());
  std::string_view path = target.substr(0, target.find('?'));
  for (std::string_view prefix : {"/embargo/", "/public/"}) {
    if (path.substr(0, prefix.size()) == prefix) {
      embargo::http::AreaPath area;
      if (embargo::http::parse_area_path(path.substr(prefix.size()), area)) {
        if (area.file.find('/') != std::string::npos || area.case_id.find('/') != std::string::npos) {
          __builtin_trap();  // a decoded name must never hold a path separator
        }
      }
    }
  }
  if (auto it = msg.find(http::field::authorization); it != msg.end()) {
    (void)embargo::http::parse_authorization(std::string_view(it->value().data(), it->value().size()));
  }
  if (auto it = msg.find(http::field::range); it != msg.end()) {
    (void)embargo::http::parse_range(std::string_view(it->value().data(), it->value().size()), 1024);
  }
  return 0;
}
