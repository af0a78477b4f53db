#pragma once

// embargod's HTTP/1.1 server (Boost.Beast over Asio): keep-alive, a pool of
// threads sized to the cores running one io_context (each connection on its
// own strand), TLS through OpenSSL when a certificate is given, a timeout on
// every read and write, limits on header and body size, the access log, and
// a graceful stop: on SIGTERM/SIGINT (or stop()) it stops accepting, closes
// idle keep-alive connections, lets responses in flight finish (at most
// `grace` long) and returns from run().
//
// Files (FileResponse) go out with sendfile(2) on plain TCP: zero-copy. Over
// TLS they are read and encrypted in 64 KiB chunks.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <embargo/http/server/access_log.hpp>
#include <embargo/http/server/router.hpp>
#include <embargo/util/result.hpp>

namespace embargo::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8443;  // 0: any free port (url() tells which)
  unsigned threads = 0;       // 0: one per core
  std::chrono::seconds request_timeout{30};  // per read of a request, per write step
  std::chrono::seconds grace{10};            // how long a stop waits for responses in flight
  std::size_t header_limit = 16 * 1024;
  std::size_t body_limit = 64 * 1024;
  std::string tls_cert;  // PEM chain; with tls_key, serve HTTPS
  std::string tls_key;
};

// Parses "HOST:PORT" ("127.0.0.1:8443", "[::1]:8443"); InvalidArgument names the problem.
Result<void> parse_listen(std::string_view text, ServerOptions& options);

class Server {
 public:
  // `router` and `log` must outlive the server.
  Server(ServerOptions options, const Router& router, AccessLog& log);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Loads the certificate, binds and listens. IOError/InvalidArgument on failure.
  Result<void> listen();
  // "http://127.0.0.1:8443" (the bound port). REQUIRES: listen() succeeded.
  std::string url() const;
  // Serves until a stop (signal or stop()); returns when drained.
  void run();
  // Begins the graceful stop; safe from any thread.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace embargo::http
