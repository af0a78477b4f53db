#include <algorithm>
#include <chrono>
#include <memory>

#include <curl/curl.h>
#include <fmt/format.h>
#include <poll.h>

#include <embargo/core/mail_address.hpp>
#include <embargo/mail/smtp_probe.hpp>

namespace embargo::mail {

namespace {

using CurlPtr = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using SteadyClock = std::chrono::steady_clock;

// Waits until the connection's socket is readable (or writable) or the deadline passes.
bool wait_socket(CURL* c, bool for_read, SteadyClock::time_point deadline) {
  curl_socket_t fd = CURL_SOCKET_BAD;
  if (curl_easy_getinfo(c, CURLINFO_ACTIVESOCKET, &fd) != CURLE_OK || fd == CURL_SOCKET_BAD) {
    return false;
  }
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now()).count();
  pollfd p{fd, static_cast<short>(for_read ? POLLIN : POLLOUT), 0};
  return left > 0 && ::poll(&p, 1, static_cast<int>(left)) > 0;
}

Result<void> send_line(CURL* c, const std::string& line, SteadyClock::time_point deadline) {
  std::size_t done = 0;
  while (done < line.size()) {
    std::size_t n = 0;
    CURLcode code = curl_easy_send(c, line.data() + done, line.size() - done, &n);
    if (code == CURLE_AGAIN) {
      if (!wait_socket(c, false, deadline)) {
        return make_error(ErrorCode::io_error, "smtp: timed out writing to the server");
      }
      continue;
    }
    if (code != CURLE_OK) {
      return make_error(ErrorCode::io_error, fmt::format("smtp: writing: {}", curl_easy_strerror(code)));
    }
    done += n;
  }
  return {};
}

// One whole reply, as smtp_reply_text gives it.
Result<std::string> read_reply(CURL* c, SteadyClock::time_point deadline) {
  std::string text;
  char buffer[1024];
  while (!smtp_reply_complete(text)) {
    if (text.size() > k_max_smtp_reply_bytes) {
      return make_error(ErrorCode::io_error, fmt::format("smtp: the server's reply is over {} bytes without an end",
                                                         k_max_smtp_reply_bytes));
    }
    std::size_t n = 0;
    CURLcode code = curl_easy_recv(c, buffer, sizeof buffer, &n);
    if (code == CURLE_AGAIN) {
      if (!wait_socket(c, true, deadline)) {
        return make_error(ErrorCode::io_error, "smtp: timed out waiting for the server's reply");
      }
      continue;
    }
    if (code != CURLE_OK || n == 0) {
      return make_error(ErrorCode::io_error, "smtp: the server closed the connection");
    }
    text.append(buffer, n);
  }
  return smtp_reply_text(text);
}

// Connects, does TLS, EHLO and AUTH as the transport would, and stops there.
Result<void> connect(CURL* c, const config::SmtpSettings& s, const std::string& password) {
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_URL, s.url.c_str());
  curl_easy_setopt(c, CURLOPT_CONNECT_ONLY, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(s.timeout_seconds));
  // A check should not keep a team waiting on a host that drops packets.
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, std::min(10L, static_cast<long>(s.timeout_seconds)));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  long tls = s.starttls == "required" ? CURLUSESSL_ALL : s.starttls == "try" ? CURLUSESSL_TRY : CURLUSESSL_NONE;
  curl_easy_setopt(c, CURLOPT_USE_SSL, tls);
  if (!s.ca_file.empty()) {
    curl_easy_setopt(c, CURLOPT_CAINFO, s.ca_file.c_str());
  }
  if (!s.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, s.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, password.c_str());
  }
  CURLcode code = curl_easy_perform(c);
  if (code != CURLE_OK) {
    return make_error(ErrorCode::busy,
                      fmt::format("smtp: {}: {}", s.url, error[0] != 0 ? error : curl_easy_strerror(code)));
  }
  return {};
}

}  // namespace

Result<std::string> probe_smtp(const config::SmtpSettings& settings, const util::SensitiveString& password,
                               std::string_view from) {
  TRY(core::validate_mail_address(from, "smtp: sender"));
  CurlPtr curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    return make_error(ErrorCode::busy, "smtp: cannot initialise libcurl");
  }
  std::string pw(password.view());
  auto connected = connect(curl.get(), settings, pw);
  std::fill(pw.begin(), pw.end(), '\0');
  TRY(connected);
  auto deadline = SteadyClock::now() + std::chrono::seconds(settings.timeout_seconds);
  TRY(send_line(curl.get(), fmt::format("MAIL FROM:<{}>\r\n", from), deadline));
  TRY_ASSIGN(std::string reply, read_reply(curl.get(), deadline));
  (void)send_line(curl.get(), "RSET\r\n", deadline).and_then([&] { return read_reply(curl.get(), deadline); });
  (void)send_line(curl.get(), "QUIT\r\n", deadline).and_then([&] { return read_reply(curl.get(), deadline); });
  if (reply.empty() || reply[0] != '2') {
    return make_error(ErrorCode::unauthorized,
                      fmt::format("smtp: {} refused MAIL FROM:<{}>: {}", settings.url, from, reply));
  }
  return reply;
}

bool smtp_reply_complete(std::string_view received) {
  if (received.size() < 6 || !received.ends_with("\r\n")) {
    return false;
  }
  auto start = received.rfind("\r\n", received.size() - 3);
  start = start == std::string_view::npos ? 0 : start + 2;
  return received.size() - start >= 6 && received[start + 3] == ' ';
}

std::string smtp_reply_text(std::string_view received) {
  if (received.ends_with("\r\n")) {
    received.remove_suffix(2);
  }
  std::string out;
  std::size_t i = 0;
  for (; i < received.size() && out.size() < k_max_smtp_reply_shown; ++i) {
    auto c = static_cast<unsigned char>(received[i]);
    if (c == '\r' && i + 1 < received.size() && received[i + 1] == '\n') {
      out += " / ";
      ++i;
    } else {
      out += c < 0x20 || c == 0x7f ? '?' : static_cast<char>(c);
    }
  }
  if (i < received.size()) {
    out.resize(std::min(out.size(), k_max_smtp_reply_shown));
    out += "...";
  }
  return out;
}

}  // namespace embargo::mail
