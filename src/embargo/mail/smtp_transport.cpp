#include <algorithm>
#include <cstring>
#include <memory>

#include <curl/curl.h>
#include <fmt/format.h>

#include <embargo/core/mail_address.hpp>
#include <embargo/mail/smtp_transport.hpp>

namespace embargo::mail {

namespace {

struct Reader {
  std::string_view data;
  std::size_t offset = 0;
};

std::size_t read_cb(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* r = static_cast<Reader*>(user);
  std::size_t n = std::min(size * count, r->data.size() - r->offset);
  std::memcpy(buffer, r->data.data() + r->offset, n);
  r->offset += n;
  return n;
}

// Certainly not delivered: the server never had the end of the message.
bool refused_before_data(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_LOGIN_DENIED:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SEND_ERROR:          // a command (MAIL, RCPT, DATA) refused, or writing failed mid-message
    case CURLE_WEIRD_SERVER_REPLY:  // the final reply to DATA was a refusal
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return true;
    default:
      return false;
  }
}

std::string bracket(std::string_view address) {
  return fmt::format("<{}>", address);
}

}  // namespace

Result<void> SmtpTransport::send(const core::OutboxEntry& entry) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    return make_error(ErrorCode::busy, "smtp: cannot initialise libcurl");
  }
  CURL* c = curl.get();
  for (const auto& r : entry.recipients) {  // rows queued before core::queue_mail checked them
    TRY(core::validate_mail_address(r, "smtp: recipient"));
  }
  curl_slist* rcpt = nullptr;
  for (const auto& r : entry.recipients) {
    rcpt = curl_slist_append(rcpt, bracket(r).c_str());
  }
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> rcpt_guard(rcpt, curl_slist_free_all);
  std::string from = bracket(entry.envelope_from);
  Reader reader{entry.message};
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_URL, m_settings.url.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt(c, CURLOPT_READDATA, &reader);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(m_settings.timeout_seconds));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  long tls = m_settings.starttls == "required" ? CURLUSESSL_ALL
             : m_settings.starttls == "try"    ? CURLUSESSL_TRY
                                               : CURLUSESSL_NONE;
  curl_easy_setopt(c, CURLOPT_USE_SSL, tls);
  if (!m_settings.ca_file.empty()) {
    curl_easy_setopt(c, CURLOPT_CAINFO, m_settings.ca_file.c_str());
  }
  std::string password(m_password.view());
  if (!m_settings.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, m_settings.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, password.c_str());
  }
  CURLcode code = curl_easy_perform(c);
  std::fill(password.begin(), password.end(), '\0');
  if (code == CURLE_OK) {
    return {};
  }
  // The password is never part of libcurl's messages.
  std::string what = fmt::format("smtp: {}: {}", m_settings.url, error[0] != 0 ? error : curl_easy_strerror(code));
  return make_error(refused_before_data(code) ? ErrorCode::busy : ErrorCode::io_error, what);
}

}  // namespace embargo::mail
