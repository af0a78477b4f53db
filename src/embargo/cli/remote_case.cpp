// remote::call and the `case` commands against a server (remote.hpp).

#include <ostream>

#include <fmt/format.h>

#include <embargo/cli/case_show.hpp>
#include <embargo/cli/remote.hpp>
#include <embargo/core/state_machine.hpp>
#include <embargo/cveapi/http_client.hpp>

namespace embargo::cli::remote {

namespace {

using json = nlohmann::json;

constexpr std::size_t k_recent = 5;  // timeline entries in `case show`, as locally

Error http_error(long status, const json& answer) {
  std::string message = answer.is_object() && answer.contains("message") && answer["message"].is_string()
                            ? answer["message"].get<std::string>()
                            : std::string();
  switch (status) {
    case 401:
      return Error(ErrorCode::unauthorized, "server: the token was refused (401): check --token or EMBARGO_TOKEN");
    case 403:
      return Error(ErrorCode::unauthorized, fmt::format("server: not allowed (403): {}", message));
    case 404:
      return Error(ErrorCode::not_found, "server: not found (404): no such case, or not shared with this token");
    case 400:
      return Error(ErrorCode::invalid_argument, fmt::format("server: {}", message));
    case 409:
      return Error(ErrorCode::conflict, fmt::format("server: {}", message));
    default:
      return Error(ErrorCode::io_error, fmt::format("server: HTTP {} {}", status, message));
  }
}

std::string case_path(std::string_view id, std::string_view rest = {}) {
  return fmt::format("/api/v1/cases/{}{}", cveapi::url_encode(id), rest);
}

}  // namespace

Result<json> call(Context& ctx, std::string_view method, std::string_view path, const std::optional<json>& body) {
  if (ctx.token.empty()) {
    return make_error(ErrorCode::invalid_argument, "--token: missing (or set EMBARGO_TOKEN)");
  }
  std::string base = ctx.server_url;
  while (!base.empty() && base.back() == '/') {
    base.pop_back();
  }
  if (!base.starts_with("http://") && !base.starts_with("https://")) {
    return make_error(ErrorCode::invalid_argument, "--server: must start with http:// or https://");
  }
  cveapi::HttpRequest request;
  request.method = std::string(method);
  request.url = base + std::string(path);
  request.headers.emplace_back("Authorization", "Bearer " + ctx.token);
  if (body) {
    request.body = body->dump();
  }
  cveapi::HttpClient client;
  TRY_ASSIGN(cveapi::HttpResponse response, client.send(request));
  json answer = json::parse(response.body, nullptr, false);
  if (response.status < 200 || response.status > 299) {
    return tl::unexpected(http_error(response.status, answer));
  }
  if (answer.is_discarded()) {
    return make_error(ErrorCode::io_error, fmt::format("server: {} {}: the answer is not JSON", method, path));
  }
  return answer;
}

Result<int> case_list(Context& ctx, std::string_view state, std::size_t limit, std::string_view format) {
  std::string path = "/api/v1/cases";
  if (!state.empty()) {
    TRY(core::parse_case_state(state));
    path += "?state=" + cveapi::url_encode(state);
  }
  TRY_ASSIGN(json list, call(ctx, "GET", path));
  if (!list.is_array()) {
    return make_error(ErrorCode::io_error, "server answer: the case list is not a list");
  }
  if (limit != 0 && list.size() > limit) {
    list.erase(list.begin() + static_cast<std::ptrdiff_t>(limit), list.end());
  }
  if (format == "json") {
    ctx.out() << list.dump(2) << '\n';
    return k_exit_ok;
  }
  auto text = [](const json& j, const char* name) -> std::optional<std::string> {
    auto it = j.find(name);
    return it != j.end() && it->is_string() ? std::optional(it->get<std::string>()) : std::nullopt;
  };
  for (const json& j : list) {
    auto id = j.is_object() ? text(j, "id") : std::nullopt;
    auto case_state = j.is_object() ? text(j, "state") : std::nullopt;
    auto title = j.is_object() ? text(j, "title") : std::nullopt;
    if (!id || !case_state || !title) {
      return make_error(ErrorCode::io_error, "server answer: a case without id, state or title");
    }
    ctx.out() << fmt::format("{:<16} {:<10} {:<7} {}\n", *id, *case_state, text(j, "impact").value_or("-"), *title);
  }
  return k_exit_ok;
}

Result<int> case_show(Context& ctx, std::string_view case_id, std::string_view format) {
  TRY_ASSIGN(json answer, call(ctx, "GET", case_path(case_id)));
  if (!answer.is_object() || !answer.contains("vulnerabilities")) {
    return make_error(ErrorCode::io_error, "server answer: not a case as the team sees it (a reporter's token?)");
  }
  TRY_ASSIGN(core::Case c, case_from_json(answer));
  std::vector<core::Vulnerability> vulns;
  if (!answer["vulnerabilities"].is_array()) {
    return make_error(ErrorCode::io_error, "server answer: vulnerabilities: not a list");
  }
  for (const json& v : answer["vulnerabilities"]) {
    TRY_ASSIGN(auto vuln, vulnerability_from_json(v));
    vulns.push_back(std::move(vuln));
  }
  std::vector<core::TimelineEntry> recent;
  if (answer.contains("timeline") && answer["timeline"].is_array()) {
    for (const json& e : answer["timeline"]) {
      TRY_ASSIGN(auto entry, entry_from_json(e));
      recent.push_back(std::move(entry));
    }
  }
  if (format == "json") {
    answer.erase("timeline");
    json next = json::array();
    for (core::CaseState s : core::next_states(c.state)) {
      next.push_back(core::to_string(s));
    }
    answer["next_states"] = next;
    ctx.out() << answer.dump(2) << '\n';
    return k_exit_ok;
  }
  if (recent.size() > k_recent) {
    recent.erase(recent.begin(), recent.end() - static_cast<std::ptrdiff_t>(k_recent));
  }
  print_case_text(ctx.out(), c, vulns, recent);
  print_duties(ctx.out(), answer.value("duties", json::array()));
  return k_exit_ok;
}

Result<int> case_note(Context& ctx, std::string_view case_id, std::string_view text) {
  TRY(call(ctx, "POST", case_path(case_id, "/notes"), json{{"text", text}}));
  return k_exit_ok;
}

Result<int> case_move(Context& ctx, std::string_view case_id, std::string_view state, std::string_view why,
                      bool override_date, std::string_view format) {
  TRY(core::parse_case_state(state));
  TRY_ASSIGN(json answer,
             call(ctx, "POST", case_path(case_id, "/state"), json{{"to", state}, {"why", why}, {"override", override_date}}));
  if (format == "json") {
    ctx.out() << answer.dump(2) << '\n';
    return k_exit_ok;
  }
  TRY_ASSIGN(core::Case moved, case_from_json(answer));
  ctx.out() << fmt::format("{} is now {}\n", moved.id, core::to_string(moved.state));
  return k_exit_ok;
}

}  // namespace embargo::cli::remote
