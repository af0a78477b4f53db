#include <embargo/cveapi/http_client.hpp>

#include <cctype>
#include <stdexcept>

#include <curl/curl.h>
#include <fmt/format.h>

#include <embargo/util/strings.hpp>

namespace embargo::cveapi {

namespace {

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  std::string_view line(data, size * count);
  auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    auto& headers = *static_cast<std::map<std::string, std::string>*>(user);
    headers[util::to_lower(util::trim(line.substr(0, colon)))] = std::string(util::trim(line.substr(colon + 1)));
  }
  return size * count;
}

struct HeaderList {
  curl_slist* list = nullptr;
  ~HeaderList() { curl_slist_free_all(list); }
  void add(const std::string& line) { list = curl_slist_append(list, line.c_str()); }
};

}  // namespace

HttpClient::HttpClient() : m_curl(curl_easy_init()) {
  if (m_curl == nullptr) {
    throw std::runtime_error("libcurl: cannot create a handle");
  }
}

HttpClient::~HttpClient() { curl_easy_cleanup(static_cast<CURL*>(m_curl)); }

Result<HttpResponse> HttpClient::send(const HttpRequest& request, long timeout_seconds) {
  CURL* curl = static_cast<CURL*>(m_curl);
  curl_easy_reset(curl);
  HttpResponse response;
  HeaderList headers;
  for (const auto& [name, value] : request.headers) {
    headers.add(name + ": " + value);
  }
  if (!request.body.empty()) {
    headers.add("Content-Type: application/json");
  }
  headers.add("Accept: application/json");
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);
  if (!request.body.empty() || request.method != "GET") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  CURLcode rc = curl_easy_perform(curl);
  if (rc != CURLE_OK) {
    return make_error(ErrorCode::io_error, fmt::format("{} {}: {}", request.method, request.url, curl_easy_strerror(rc)));
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

std::string url_encode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

}  // namespace embargo::cveapi
