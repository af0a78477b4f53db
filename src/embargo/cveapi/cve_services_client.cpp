#include <embargo/cveapi/cve_services_client.hpp>

#include <chrono>
#include <thread>

#include <fmt/format.h>

namespace embargo::cveapi {

namespace {

ErrorCode code_for_status(long status) {
  switch (status) {
    case 400: return ErrorCode::invalid_argument;
    case 401:
    case 403: return ErrorCode::unauthorized;
    case 404: return ErrorCode::not_found;
    case 429: return ErrorCode::busy;
    default: return ErrorCode::io_error;
  }
}

// Seconds from a Retry-After header (delta-seconds form), or -1.
int retry_after_seconds(const HttpResponse& r) {
  auto it = r.headers.find("retry-after");
  if (it == r.headers.end() || it->second.empty() || it->second.size() > 5) {
    return -1;
  }
  for (char c : it->second) {
    if (c < '0' || c > '9') {
      return -1;
    }
  }
  return std::stoi(it->second);
}

}  // namespace

Result<nlohmann::json> CveServicesClient::call(const std::string& method, const std::string& path_and_query,
                                               const nlohmann::json* body, long* status_out) {
  HttpRequest request{method, m_config.url + path_and_query,
                      {{"CVE-API-ORG", m_config.org},
                       {"CVE-API-USER", m_config.user},
                       {"CVE-API-KEY", std::string(m_config.api_key.view())}},
                      body ? body->dump() : std::string()};
  std::string what = fmt::format("{} {}", method, path_and_query);
  int backoff_ms = m_config.first_backoff_ms;
  for (int attempt = 0;; ++attempt) {
    TRY_ASSIGN(HttpResponse response, m_http.send(request).map_error([&](const Error& e) {
      return Error(e.code(), fmt::format("{}: {}", what, e.message().substr(e.message().find(": ") + 2)));
    }));
    if (response.status == 429 && attempt < m_config.max_retries) {
      int wait_ms = retry_after_seconds(response) >= 0 ? retry_after_seconds(response) * 1000 : backoff_ms;
      std::this_thread::sleep_for(std::chrono::milliseconds(std::min(wait_ms, 60000)));
      backoff_ms *= 2;
      continue;
    }
    if (status_out != nullptr) {
      *status_out = response.status;
    }
    if (response.status < 200 || response.status >= 300) {
      return make_error(code_for_status(response.status),
                        fmt::format("CVE Services refused {}: HTTP {}{}: {}", what, response.status,
                                    response.status == 429 ? " (still rate-limited after retries)" : "",
                                    response.body.empty() ? "(no body)" : response.body));
    }
    auto parsed = nlohmann::json::parse(response.body, nullptr, false);
    if (parsed.is_discarded()) {
      return make_error(ErrorCode::io_error, fmt::format("CVE Services answered {} with a body that is not JSON", what));
    }
    return parsed;
  }
}

Result<core::ReservedIds> CveServicesClient::reserve(int amount, int year, bool sequential) {
  std::string query = fmt::format("/cve-id?amount={}&cve_year={}&short_name={}", amount, year, url_encode(m_config.org));
  if (amount > 1) {
    query += sequential ? "&batch_type=sequential" : "&batch_type=non-sequential";
  }
  long status = 0;
  TRY_ASSIGN(nlohmann::json body, call("POST", query, nullptr, &status));
  core::ReservedIds out;
  out.partial = status == 206;
  for (const auto& item : body.value("cve_ids", nlohmann::json::array())) {
    if (item.contains("cve_id")) {
      out.ids.push_back(item["cve_id"].get<std::string>());
    }
  }
  if (body.contains("meta")) {
    out.quota = body["meta"];
  }
  if (out.ids.empty()) {
    return make_error(ErrorCode::io_error, "CVE Services reserved no identifier: " + body.dump());
  }
  return out;
}

Result<std::string> CveServicesClient::id_state(std::string_view cve_id) {
  TRY_ASSIGN(nlohmann::json body, call("GET", "/cve-id/" + url_encode(cve_id), nullptr));
  return body.value("state", std::string("UNKNOWN"));
}

Result<nlohmann::json> CveServicesClient::record(std::string_view cve_id) {
  return call("GET", "/cve/" + url_encode(cve_id), nullptr);
}

Result<nlohmann::json> CveServicesClient::publish(std::string_view cve_id, const nlohmann::json& cna_container) {
  nlohmann::json body = {{"cnaContainer", cna_container}};
  return call("POST", "/cve/" + url_encode(cve_id) + "/cna", &body);
}

Result<nlohmann::json> CveServicesClient::update(std::string_view cve_id, const nlohmann::json& cna_container) {
  nlohmann::json body = {{"cnaContainer", cna_container}};
  return call("PUT", "/cve/" + url_encode(cve_id) + "/cna", &body);
}

Result<nlohmann::json> CveServicesClient::reject(std::string_view cve_id, std::string_view reason) {
  nlohmann::json body = {
      {"cnaContainer", {{"rejectedReasons", nlohmann::json::array({{{"lang", "en"}, {"value", std::string(reason)}}})}}}};
  return call("POST", "/cve/" + url_encode(cve_id) + "/reject", &body);
}

}  // namespace embargo::cveapi
