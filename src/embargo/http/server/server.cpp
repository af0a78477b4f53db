#include <embargo/http/server/server.hpp>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <fmt/format.h>

#include <embargo/http/server/session.hpp>

namespace embargo::http {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

struct Server::Impl {
  Impl(ServerOptions o, const Router& router, AccessLog& log)
      : options(std::move(o)), shared{options, router, log}, threads(options.threads),
        ioc(static_cast<int>(threads)), acceptor(net::make_strand(ioc)), signals(ioc, SIGTERM, SIGINT),
        tls(net::ssl::context::tls_server) {}

  void accept();
  void on_accept(beast::error_code ec, tcp::socket socket);
  void begin_stop();

  ServerOptions options;
  detail::Shared shared;
  unsigned threads;
  net::io_context ioc;
  tcp::acceptor acceptor;
  net::signal_set signals;
  net::ssl::context tls;
  bool use_tls = false;
  tcp::endpoint bound;

  std::mutex sessions_mutex;
  std::vector<std::weak_ptr<detail::SessionBase>> sessions;

  std::mutex done_mutex;
  std::condition_variable done_cv;
  bool done = false;
  std::once_flag stop_once;
  std::thread watchdog;
};

Result<void> parse_listen(std::string_view text, ServerOptions& options) {
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return make_error(ErrorCode::invalid_argument, fmt::format("--listen: '{}' is not HOST:PORT", text));
  }
  std::string_view host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::string_view port = text.substr(colon + 1);
  unsigned value = 0;
  for (char c : port) {
    if (c < '0' || c > '9' || value > 65535) {
      return make_error(ErrorCode::invalid_argument, fmt::format("--listen: port '{}' is not a number", port));
    }
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (port.empty() || value > 65535) {
    return make_error(ErrorCode::invalid_argument, fmt::format("--listen: port '{}' is out of range", port));
  }
  beast::error_code ec;
  net::ip::make_address(std::string(host), ec);
  if (ec) {
    return make_error(ErrorCode::invalid_argument, fmt::format("--listen: '{}' is not an IP address", host));
  }
  options.host = std::string(host);
  options.port = static_cast<std::uint16_t>(value);
  return {};
}

Server::Server(ServerOptions options, const Router& router, AccessLog& log) {
  if (options.threads == 0) {
    options.threads = std::max(1u, std::thread::hardware_concurrency());
  }
  m_impl = std::make_unique<Impl>(std::move(options), router, log);
}

Server::~Server() {
  if (m_impl->watchdog.joinable()) {
    m_impl->watchdog.join();
  }
}

Result<void> Server::listen() {
  Impl& s = *m_impl;
  beast::error_code ec;
  if (!s.options.tls_cert.empty() || !s.options.tls_key.empty()) {
    if (s.options.tls_cert.empty() || s.options.tls_key.empty()) {
      return make_error(ErrorCode::invalid_argument, "TLS needs both --tls-cert and --tls-key");
    }
    s.tls.set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                      net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1);
    s.tls.use_certificate_chain_file(s.options.tls_cert, ec);
    if (!ec) {
      s.tls.use_private_key_file(s.options.tls_key, net::ssl::context::pem, ec);
    }
    if (ec) {
      return make_error(ErrorCode::invalid_argument, fmt::format("TLS certificate or key: {}", ec.message()));
    }
    s.use_tls = true;
  }
  tcp::endpoint endpoint(net::ip::make_address(s.options.host, ec), s.options.port);
  if (ec) {
    return make_error(ErrorCode::invalid_argument, fmt::format("listen address {}: {}", s.options.host, ec.message()));
  }
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) {
    s.acceptor.set_option(net::socket_base::reuse_address(true), ec);
    s.acceptor.bind(endpoint, ec);
  }
  if (!ec) {
    s.acceptor.listen(net::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    return make_error(ErrorCode::io_error,
                      fmt::format("cannot listen on {}:{}: {}", s.options.host, s.options.port, ec.message()));
  }
  s.bound = s.acceptor.local_endpoint();
  return {};
}

std::string Server::url() const {
  const auto& b = m_impl->bound;
  std::string host = b.address().is_v6() ? fmt::format("[{}]", b.address().to_string()) : b.address().to_string();
  return fmt::format("{}://{}:{}", m_impl->use_tls ? "https" : "http", host, b.port());
}

void Server::Impl::accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    on_accept(ec, std::move(socket));
  });
}

void Server::Impl::on_accept(beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor.is_open()) {
    return;  // stopping
  }
  if (!ec) {
    beast::error_code ignored;
    std::string address = socket.remote_endpoint(ignored).address().to_string();
    socket.set_option(tcp::no_delay(true), ignored);
    std::shared_ptr<detail::SessionBase> session;
    if (use_tls) {
      auto s = std::make_shared<detail::Session<beast::ssl_stream<beast::tcp_stream>>>(
          shared, std::move(address), std::move(socket), tls);
      s->start();
      session = s;
    } else {
      auto s = std::make_shared<detail::Session<beast::tcp_stream>>(shared, std::move(address), std::move(socket));
      s->start();
      session = s;
    }
    std::lock_guard lock(sessions_mutex);
    if (sessions.size() > 1024) {
      std::erase_if(sessions, [](const auto& w) { return w.expired(); });
    }
    sessions.push_back(session);
  }
  accept();  // also after an error such as EMFILE, so one bad moment does not end the server
}

void Server::Impl::begin_stop() {
  std::call_once(stop_once, [this] {
    shared.stopping = true;
    shared.log.event("stopping", "graceful stop: no new connections, finishing responses in flight");
    net::post(acceptor.get_executor(), [this] {
      beast::error_code ignored;
      acceptor.close(ignored);
    });
    signals.cancel();
    {
      std::lock_guard lock(sessions_mutex);
      for (auto& weak : sessions) {
        if (auto s = weak.lock()) {
          s->close_if_idle();
        }
      }
    }
    watchdog = std::thread([this] {
      std::unique_lock lock(done_mutex);
      if (!done_cv.wait_for(lock, options.grace, [this] { return done; })) {
        ioc.stop();  // responses still running after the grace period: cut them
      }
    });
  });
}

void Server::run() {
  Impl& s = *m_impl;
  s.signals.async_wait([&s](beast::error_code ec, int) {
    if (!ec) {
      s.begin_stop();
    }
  });
  s.accept();
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < s.threads; ++i) {
    pool.emplace_back([&s] { s.ioc.run(); });
  }
  s.ioc.run();
  for (auto& t : pool) {
    t.join();
  }
  {
    std::lock_guard lock(s.done_mutex);
    s.done = true;
  }
  s.done_cv.notify_all();
  if (s.watchdog.joinable()) {
    s.watchdog.join();
  }
}

void Server::stop() { m_impl->begin_stop(); }

}  // namespace embargo::http
