#pragma once

// Internal to the server: one connection, plain or TLS (server.cpp). Reads a
// request with limits and a timeout, hands it to the router, writes the
// response (files with sendfile on plain TCP), logs it, and loops while the
// connection is kept alive and the server is not stopping.

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <embargo/http/server/access_log.hpp>
#include <embargo/http/server/router.hpp>
#include <embargo/http/server/server.hpp>

namespace embargo::http::detail {

namespace net = boost::asio;
namespace beast = boost::beast;

// What every session shares with the server.
struct Shared {
  const ServerOptions& options;
  const Router& router;
  AccessLog& log;
  std::atomic<bool> stopping{false};
};

class SessionBase {
 public:
  virtual ~SessionBase() = default;
  // Closes the connection if it is waiting for a new request (graceful stop).
  virtual void close_if_idle() = 0;
};

template <class Stream>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
 public:
  template <class... Args>
  Session(Shared& shared, std::string address, Args&&... stream_args)
      : m_shared(shared), m_address(std::move(address)), m_stream(std::forward<Args>(stream_args)...),
        m_timer(m_stream.get_executor()) {}

  void start();
  void close_if_idle() override;

 private:
  static constexpr bool k_tls = !std::is_same_v<Stream, beast::tcp_stream>;

  void do_read();
  void on_read(beast::error_code ec);
  void reply_error(beast_http::status status, std::string text);
  void send(Response response);
  void send_string(std::shared_ptr<StringResponse> res);
  void send_file(std::shared_ptr<FileResponse> res);
  void sendfile_step(std::shared_ptr<FileResponse> res);
  void tls_file_step(std::shared_ptr<FileResponse> res);
  void finish_file(const std::shared_ptr<FileResponse>& res, bool ok);
  void after_write(bool keep_alive, bool ok, std::uint64_t bytes);
  void close();

  Shared& m_shared;
  std::string m_address;
  Stream m_stream;
  net::steady_timer m_timer;  // sendfile waits (tcp_stream times its own ops)
  beast::flat_buffer m_buffer;
  std::optional<beast_http::request_parser<beast_http::string_body>> m_parser;
  bool m_idle = false;
  bool m_closed = false;
  // Of the request being answered, for the access log.
  std::string m_method;
  std::string m_path;
  std::string m_user;
  unsigned m_status = 0;
  std::chrono::steady_clock::time_point m_started{};
  std::uint64_t m_file_sent = 0;
  std::vector<char> m_chunk;  // TLS file chunks
};

}  // namespace embargo::http::detail
