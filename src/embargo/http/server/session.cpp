#include <embargo/http/server/session.hpp>

#include <cerrno>

#include <sys/sendfile.h>
#include <unistd.h>

namespace embargo::http::detail {

namespace {

constexpr std::size_t k_sendfile_chunk = 4u << 20;
constexpr std::size_t k_tls_chunk = 64u << 10;

}  // namespace

template <class Stream>
void Session<Stream>::start() {
  auto self = this->shared_from_this();
  net::dispatch(m_stream.get_executor(), [self] {
    if constexpr (k_tls) {
      beast::get_lowest_layer(self->m_stream).expires_after(self->m_shared.options.request_timeout);
      self->m_stream.async_handshake(net::ssl::stream_base::server, [self](beast::error_code ec) {
        if (ec) {
          self->close();
          return;
        }
        self->do_read();
      });
    } else {
      self->do_read();
    }
  });
}

template <class Stream>
void Session<Stream>::close_if_idle() {
  auto self = this->shared_from_this();
  net::post(m_stream.get_executor(), [self] {
    if (self->m_idle) {
      beast::get_lowest_layer(self->m_stream).cancel();
    }
  });
}

template <class Stream>
void Session<Stream>::do_read() {
  if (m_shared.stopping) {
    close();
    return;
  }
  m_parser.emplace();
  m_parser->header_limit(static_cast<std::uint32_t>(m_shared.options.header_limit));
  m_parser->body_limit(m_shared.options.body_limit);
  beast::get_lowest_layer(m_stream).expires_after(m_shared.options.request_timeout);
  m_idle = m_buffer.size() == 0;
  auto self = this->shared_from_this();
  beast_http::async_read(m_stream, m_buffer, *m_parser,
                         [self](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

template <class Stream>
void Session<Stream>::on_read(beast::error_code ec) {
  m_idle = false;
  m_started = std::chrono::steady_clock::now();
  m_method.clear();
  m_path.clear();
  m_user.clear();
  if (ec == beast_http::error::header_limit) {
    reply_error(beast_http::status::request_header_fields_too_large, "Request header too large\n");
    return;
  }
  if (ec == beast_http::error::body_limit) {
    reply_error(beast_http::status::payload_too_large, "Request body too large\n");
    return;
  }
  if (ec && ec.category() == beast_http::make_error_code(beast_http::error::bad_target).category() && ec != beast_http::error::end_of_stream &&
      ec != beast_http::error::partial_message) {
    reply_error(beast_http::status::bad_request, "Bad request\n");
    return;
  }
  if (ec) {
    close();  // end of stream, timeout, reset, cancelled by a stop
    return;
  }
  const RequestMessage& msg = m_parser->get();
  m_method = std::string(msg.method_string());
  std::string_view target(msg.target().data(), msg.target().size());
  m_path = std::string(target.substr(0, std::min<std::size_t>(target.find('?'), 2048)));
  Request req{msg, m_address, k_tls};
  Response res = [&] {
    try {
      return m_shared.router.dispatch(req);
    } catch (const std::exception& e) {  // dispatch catches handler errors; this is a last resort
      return text_response(req, beast_http::status::internal_server_error, "Internal server error\n");
    }
  }();
  if (m_shared.stopping) {
    std::visit([](auto& m) {
      if constexpr (std::is_same_v<std::decay_t<decltype(m)>, FileResponse>) {
        m.head.keep_alive(false);
      } else {
        m.keep_alive(false);
      }
    }, res.message);
  }
  send(std::move(res));
}

template <class Stream>
void Session<Stream>::reply_error(beast_http::status status, std::string text) {
  RequestMessage dummy;
  dummy.version(11);
  dummy.keep_alive(false);
  Request req{dummy, m_address, k_tls};
  Response res = text_response(req, status, std::move(text));
  std::get<StringResponse>(res.message).keep_alive(false);
  m_method = "-";
  send(std::move(res));
}

template <class Stream>
void Session<Stream>::send(Response response) {
  m_user = std::move(response.user);
  m_status = response.status();
  if (auto* s = std::get_if<StringResponse>(&response.message)) {
    send_string(std::make_shared<StringResponse>(std::move(*s)));
  } else {
    send_file(std::make_shared<FileResponse>(std::move(std::get<FileResponse>(response.message))));
  }
}

template <class Stream>
void Session<Stream>::send_string(std::shared_ptr<StringResponse> res) {
  beast::get_lowest_layer(m_stream).expires_after(m_shared.options.request_timeout);
  auto self = this->shared_from_this();
  beast_http::async_write(m_stream, *res, [self, res](beast::error_code ec, std::size_t) {
    self->after_write(res->keep_alive(), !ec, res->body().size());
  });
}

template <class Stream>
void Session<Stream>::send_file(std::shared_ptr<FileResponse> res) {
  auto sr = std::make_shared<beast_http::response_serializer<beast_http::empty_body>>(res->head);
  beast::get_lowest_layer(m_stream).expires_after(m_shared.options.request_timeout);
  m_file_sent = 0;
  auto self = this->shared_from_this();
  beast_http::async_write_header(m_stream, *sr, [self, res, sr](beast::error_code ec, std::size_t) {
    if (ec) {
      self->finish_file(res, false);
    } else if constexpr (k_tls) {
      self->tls_file_step(res);
    } else {
      self->sendfile_step(res);
    }
  });
}

template <class Stream>
void Session<Stream>::sendfile_step(std::shared_ptr<FileResponse> res) {
  if constexpr (!k_tls) {
    auto& socket = m_stream.socket();
    beast::error_code ignored;
    socket.native_non_blocking(true, ignored);
    while (m_file_sent < res->length) {
      auto offset = static_cast<off_t>(res->offset + m_file_sent);
      std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(res->length - m_file_sent, k_sendfile_chunk));
      ssize_t n = ::sendfile(socket.native_handle(), res->file->fd(), &offset, want);
      if (n > 0) {
        m_file_sent += static_cast<std::uint64_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n < 0 && errno == EAGAIN) {
        auto self = this->shared_from_this();
        m_timer.expires_after(m_shared.options.request_timeout);
        m_timer.async_wait([self](beast::error_code ec) {
          if (!ec) {
            self->m_stream.socket().cancel();  // no progress in time: give up
          }
        });
        socket.async_wait(net::socket_base::wait_write, [self, res](beast::error_code ec) {
          self->m_timer.cancel();
          if (ec) {
            self->finish_file(res, false);
          } else {
            self->sendfile_step(res);
          }
        });
        return;
      }
      finish_file(res, false);  // error, or the file shrank (n == 0)
      return;
    }
    finish_file(res, true);
  }
}

template <class Stream>
void Session<Stream>::tls_file_step(std::shared_ptr<FileResponse> res) {
  if (m_file_sent >= res->length) {
    finish_file(res, true);
    return;
  }
  m_chunk.resize(k_tls_chunk);
  std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(res->length - m_file_sent, m_chunk.size()));
  ssize_t n = ::pread(res->file->fd(), m_chunk.data(), want, static_cast<off_t>(res->offset + m_file_sent));
  if (n <= 0) {
    finish_file(res, false);
    return;
  }
  beast::get_lowest_layer(m_stream).expires_after(m_shared.options.request_timeout);
  auto self = this->shared_from_this();
  net::async_write(m_stream, net::buffer(m_chunk.data(), static_cast<std::size_t>(n)),
                   [self, res](beast::error_code ec, std::size_t written) {
                     if (ec) {
                       self->finish_file(res, false);
                       return;
                     }
                     self->m_file_sent += written;
                     self->tls_file_step(res);
                   });
}

template <class Stream>
void Session<Stream>::finish_file(const std::shared_ptr<FileResponse>& res, bool ok) {
  if (res->on_finished) {
    res->on_finished(m_file_sent, ok && m_file_sent == res->length);
  }
  after_write(res->head.keep_alive(), ok, m_file_sent);
}

template <class Stream>
void Session<Stream>::after_write(bool keep_alive, bool ok, std::uint64_t bytes) {
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_started).count();
  m_shared.log.request({m_address, m_method, m_path, m_status, bytes, m_user, ms});
  if (ok && keep_alive && !m_shared.stopping) {
    do_read();
  } else {
    close();
  }
}

template <class Stream>
void Session<Stream>::close() {
  if (m_closed) {
    return;
  }
  m_closed = true;
  beast::error_code ignored;
  if constexpr (k_tls) {
    beast::get_lowest_layer(m_stream).expires_after(std::chrono::seconds(2));
    auto self = this->shared_from_this();
    m_stream.async_shutdown([self](beast::error_code) { beast::get_lowest_layer(self->m_stream).close(); });
  } else {
    m_stream.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
    m_stream.close();
  }
}

template class Session<beast::tcp_stream>;
template class Session<beast::ssl_stream<beast::tcp_stream>>;

}  // namespace embargo::http::detail
