// libFuzzer target: what browsers and API clients send to the web face.
// The form, cookie and tested-on parsers directly, then whole requests (target on the
// first line, the Cookie header on the second, the body after) through the
// WebApp's routes over an in-memory store. Nothing may throw or crash; the
// router would turn an exception into a 500, so we call the handlers with a
// check that no response is a 500.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include <embargo/core/case_service.hpp>
#include <embargo/core/release/release_tested_on.hpp>
#include <embargo/http/server/form.hpp>
#include <embargo/http/server/router.hpp>
#include <embargo/http/web/web_app.hpp>
#include <embargo/storage/open_store.hpp>

namespace {

struct World {
  std::unique_ptr<embargo::core::Store> owned = embargo::storage::open_store("memory:", ".", {}).value();
  embargo::core::Store& store = *owned;
  embargo::core::ProjectConfig config;
  embargo::util::FixedClock clock{embargo::util::Timestamp{std::chrono::seconds(1'800'000'000)}};
  embargo::core::CaseService cases{config, clock};
  embargo::http::FailureLimiter limiter{embargo::http::RateLimits{}};
  embargo::http::WebAuth auth{store, clock, limiter};
  embargo::util::SecretBox box{embargo::util::SecretBox::generate_key()};
  embargo::http::TotpGate totp{store, box, clock, limiter, "Fuzz"};
  embargo::http::AccessLog log{nullptr};
  embargo::http::WebApp app{{store, cases, auth, log, clock, "Fuzz", {}, &totp}};
  embargo::http::Router router{&log};
  World() {
    auth.set_totp_gate(&totp);
    app.add_routes(router);
  }
};

std::string_view next_line(std::string_view& text) {
  std::size_t nl = text.find('\n');
  std::string_view line = text.substr(0, nl);
  text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace http = embargo::http;
  static World world;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)http::parse_form(text);
  {  // "tested on" (issue 22): platform, result and note as the first three lines
    std::string_view rest = text;
    std::string_view platform = next_line(rest);
    std::string_view result = next_line(rest);
    (void)embargo::core::release::parse_tested_on(platform, result, next_line(rest));
  }
  std::string_view target = next_line(text);
  std::string_view cookies = next_line(text);
  if (target.empty() || target.front() != '/' || target.find_first_of(" \r\t") != std::string_view::npos) {
    return 0;
  }
  for (auto method : {http::beast_http::verb::get, http::beast_http::verb::post, http::beast_http::verb::patch}) {
    http::RequestMessage m{method, std::string(target), 11};
    if (cookies.find_first_of("\r\0", 0, 2) == std::string_view::npos) {
      m.set(http::beast_http::field::cookie, std::string(cookies));
      m.set(http::beast_http::field::authorization, "Bearer " + std::string(cookies));
      (void)http::cookie(m, "embargo_session");
    }
    m.body() = std::string(text);
    http::Request req{m, "127.0.0.1", false};
    if (world.router.dispatch(req).status() == 500) {
      __builtin_trap();
    }
  }
  return 0;
}
