#pragma once

// A small blocking HTTPS client over libcurl for JSON APIs: one request, the
// status, the body and the headers that matter for back-off. TLS is verified
// against the system's CA store. Not thread-safe; one object per thread.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/util/result.hpp>

namespace embargo::cveapi {

struct HttpRequest {
  std::string method;  // GET, POST, PUT
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // sent with Content-Type: application/json when not empty
};

struct HttpResponse {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names in lower case
};

class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // IOError for a transport failure (no answer); any HTTP status is a value.
  Result<HttpResponse> send(const HttpRequest& request, long timeout_seconds = 30);

 private:
  void* m_curl;  // CURL*
};

// Percent-encodes a query or path component.
std::string url_encode(std::string_view text);

}  // namespace embargo::cveapi
