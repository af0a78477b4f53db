#include <embargo/http/downloads/download_area.hpp>

#include <fcntl.h>
#include <sys/stat.h>

#include <fmt/format.h>

#include <embargo/http/server/range.hpp>

namespace embargo::http {

namespace {

constexpr std::string_view k_embargo_prefix = "/embargo/";
constexpr std::string_view k_public_prefix = "/public/";

std::int64_t unix_seconds(util::Timestamp t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::string_view header_of(const Request& req, beast_http::field f) {
  auto it = req.message.find(f);
  return it == req.message.end() ? std::string_view{} : std::string_view(it->value().data(), it->value().size());
}

std::string_view content_type_of(std::string_view name) {
  for (std::string_view ext : {".txt", ".asc", ".sig", ".patch", ".diff", ".sha256", ".md"}) {
    if (name.size() > ext.size() && name.substr(name.size() - ext.size()) == ext) {
      return "text/plain; charset=utf-8";
    }
  }
  return "application/octet-stream";
}

}  // namespace

bool parse_area_path(std::string_view rest, AreaPath& out) {
  auto slash = rest.find('/');
  std::string_view case_part = rest.substr(0, slash);
  if (!decode_path_segment(case_part, out.case_id) || out.case_id.empty() || out.case_id.size() > 64) {
    return false;
  }
  if (slash == std::string_view::npos) {
    out.needs_slash = true;
    return true;
  }
  std::string_view file_part = rest.substr(slash + 1);
  if (file_part.find('/') != std::string_view::npos) {
    return false;
  }
  return decode_path_segment(file_part, out.file) && out.file.size() <= 255;
}

struct DownloadArea::Lookup {
  AreaPath path;
  std::optional<core::Usercode> usercode;
  std::optional<core::AreaFacts> facts;  // unset: no such case
  std::optional<core::Artifact> artifact;
  std::vector<core::Artifact> listing;
};

// Why the area answers 403: not open yet, or past the release time while
// the release has not been carried out (the case is not public, or its
// publish-files step has not run: a re-planned or aborted release).
std::string DownloadArea::not_open_text(const Lookup& found, util::Timestamp now) {
  const auto& w = found.facts ? found.facts->window : std::nullopt;
  if (w && !core::is_closed_window(*w) && now >= w->releases_at) {
    return fmt::format("The download area of {} is closed: the release has not been carried out yet\n",
                       found.path.case_id);
  }
  return fmt::format("The download area of {} is not open yet\n", found.path.case_id);
}

// Everything one request needs, in one read transaction: the usercode
// `user` (when given), the case's facts (core::area_facts), and the file or
// the listing. A store failure throws: the router's boundary answers 500.
void DownloadArea::read_area(Lookup& found, const std::string& user) {
  auto read = m_d.store.read([&](core::StoreTx& tx) -> Result<void> {
    if (!user.empty()) {
      if (auto u = tx.get_usercode(found.path.case_id, user)) {
        found.usercode = std::move(*u);
      }
    }
    auto facts = core::area_facts(tx, found.path.case_id);
    if (!facts && facts.error().code() != ErrorCode::not_found) {
      return tl::unexpected(facts.error());
    }
    if (!facts) {
      return {};
    }
    found.facts = std::move(*facts);
    if (!found.path.file.empty()) {
      if (auto a = tx.get_artifact(found.path.case_id, found.path.file)) {
        found.artifact = std::move(*a);
      }
    } else {
      TRY_ASSIGN(found.listing, tx.list_artifacts(found.path.case_id));
    }
    return {};
  });
  if (!read) {
    throw std::runtime_error(read.error().message());
  }
}

void DownloadArea::add_routes(Router& router) {
  router.add(std::string(k_embargo_prefix), [this](const Request& req) { return embargoed(req); });
  router.add(std::string(k_public_prefix), [this](const Request& req) { return published(req); });
}

Response DownloadArea::unauthorized(const Request& req, std::string_view case_id, bool stale, bool basic_refused) {
  std::string text = basic_refused
                         ? "Basic authentication is refused over plain HTTP: the password would cross the network "
                           "in clear. Use Digest (curl --digest; wget and browsers choose it themselves) or HTTPS.\n"
                         : "Authentication required\n";
  Response res = text_response(req, beast_http::status::unauthorized, std::move(text));
  auto& msg = std::get<StringResponse>(res.message);
  for (const std::string& c : m_d.auth.challenges(case_id, stale, req.secure)) {
    msg.insert(beast_http::field::www_authenticate, c);
  }
  return res;
}

Response DownloadArea::embargoed(const Request& req) {
  auto method = req.message.method();
  if (method != beast_http::verb::get && method != beast_http::verb::head) {
    Response res = text_response(req, beast_http::status::method_not_allowed, "Method not allowed\n");
    std::get<StringResponse>(res.message).set(beast_http::field::allow, "GET, HEAD");
    return res;
  }
  Lookup found;
  if (!parse_area_path(req.path().substr(k_embargo_prefix.size()), found.path)) {
    return text_response(req, beast_http::status::not_found, "Not found\n");
  }
  if (!m_d.auth.address_allowed(req.address)) {
    m_d.log.denial(req.address, found.path.case_id, "", "address throttled after too many failures");
    return text_response(req, beast_http::status::too_many_requests, "Too many failed attempts; try later\n");
  }
  ParsedAuth parsed = m_d.auth.parse(header_of(req, beast_http::field::authorization));
  read_area(found, parsed.user());
  std::string_view method_name(req.message.method_string().data(), req.message.method_string().size());
  std::string_view target(req.message.target().data(), req.message.target().size());
  AuthResult auth = m_d.auth.verify({found.path.case_id, method_name, target, req.address, req.secure}, parsed,
                                    found.usercode ? &*found.usercode : nullptr);
  if (auth.failure || auth.status == AuthStatus::throttled) {
    m_d.log.denial(req.address, found.path.case_id, auth.user, auth.reason);
  }
  if (auth.status == AuthStatus::throttled) {
    return text_response(req, beast_http::status::too_many_requests, "Too many failed attempts; try later\n");
  }
  if (auth.status != AuthStatus::ok) {
    return unauthorized(req, found.path.case_id, auth.stale, auth.basic_refused);
  }
  Response res = serve(req, found, auth.user, false);
  res.user = auth.user;
  return res;
}

Response DownloadArea::serve(const Request& req, const Lookup& found, std::string_view user, bool is_public) {
  util::Timestamp now = m_d.clock.now();
  core::AreaAnswer answer = !found.facts ? (is_public ? core::AreaAnswer::not_found : core::AreaAnswer::not_open)
                            : is_public  ? core::public_answer(*found.facts)
                                         : core::embargoed_answer(*found.facts, now);
  switch (answer) {
    case core::AreaAnswer::serve:
      break;
    case core::AreaAnswer::not_found:
      return text_response(req, beast_http::status::not_found, "Not found\n");
    case core::AreaAnswer::not_open:
      return text_response(req, beast_http::status::forbidden, not_open_text(found, now));
    case core::AreaAnswer::gone:
      return text_response(req, beast_http::status::gone,
                           fmt::format("The download area of {} is closed\n", found.path.case_id));
    case core::AreaAnswer::moved_public: {
      Response res = text_response(req, beast_http::status::moved_permanently, "Released: now public\n");
      std::get<StringResponse>(res.message)
          .set(beast_http::field::location,
               fmt::format("{}{}/{}", k_public_prefix, encode_path_segment(found.path.case_id),
                           encode_path_segment(found.path.file)));
      return res;
    }
  }
  if (found.path.needs_slash) {
    Response res = text_response(req, beast_http::status::moved_permanently, "Moved\n");
    std::get<StringResponse>(res.message)
        .set(beast_http::field::location,
             fmt::format("{}{}/", is_public ? k_public_prefix : k_embargo_prefix,
                         encode_path_segment(found.path.case_id)));
    return res;
  }
  if (found.path.file.empty()) {
    return listing(req, found, is_public);
  }
  if (!found.artifact) {
    return text_response(req, beast_http::status::not_found, "Not found\n");
  }
  return file(req, *found.artifact, user, is_public);
}

Response DownloadArea::published(const Request& req) {
  auto method = req.message.method();
  if (method != beast_http::verb::get && method != beast_http::verb::head) {
    Response res = text_response(req, beast_http::status::method_not_allowed, "Method not allowed\n");
    std::get<StringResponse>(res.message).set(beast_http::field::allow, "GET, HEAD");
    return res;
  }
  Lookup found;
  if (!parse_area_path(req.path().substr(k_public_prefix.size()), found.path)) {
    return text_response(req, beast_http::status::not_found, "Not found\n");
  }
  read_area(found, "");
  return serve(req, found, "", true);
}

Response DownloadArea::listing(const Request& req, const Lookup& found, bool is_public) {
  std::string title = html_escape(fmt::format("{} {}", found.path.case_id, is_public ? "(public)" : "(embargoed)"));
  std::string body = fmt::format(
      "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{0}</title></head><body>\n<h1>{0}</h1>\n"
      "<table>\n<tr><th>file</th><th>bytes</th><th>sha256</th></tr>\n",
      title);
  for (const auto& a : found.listing) {
    body += fmt::format("<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td><code>{}</code></td></tr>\n",
                        html_escape(encode_path_segment(a.name)), html_escape(a.name), a.size, a.sha256);
  }
  body += "</table>\n</body></html>\n";
  Response res = text_response(req, beast_http::status::ok, std::move(body), "text/html; charset=utf-8");
  std::get<StringResponse>(res.message)
      .set("Content-Security-Policy", "default-src 'none'");
  return res;
}

Response DownloadArea::file(const Request& req, const core::Artifact& a, std::string_view user, bool is_public) {
  auto path = m_d.files.path_of(a.sha256);
  if (!path) {
    throw std::runtime_error(fmt::format("artifact {} of {}: {}", a.name, a.case_id, path.error().message()));
  }
  auto handle = std::make_shared<FileHandle>(::open(path->c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  struct stat st {};
  if (handle->fd() < 0 || ::fstat(handle->fd(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size != a.size) {
    throw std::runtime_error(fmt::format("file store: content of {} of {} is missing or damaged", a.name, a.case_id));
  }
  std::string etag = fmt::format("\"{}\"", a.sha256);
  auto size = static_cast<std::uint64_t>(a.size);
  FileResponse f;
  f.head.version(req.message.version());
  f.head.keep_alive(req.message.keep_alive());
  f.head.set(beast_http::field::server, "embargod");
  f.head.set(beast_http::field::etag, etag);
  f.head.set(beast_http::field::last_modified, http_date(unix_seconds(a.created_at)));
  f.head.set(beast_http::field::accept_ranges, "bytes");
  f.head.set(beast_http::field::content_type, std::string(content_type_of(a.name)));
  f.head.set(beast_http::field::cache_control, is_public ? "public, max-age=300" : "private, no-store");
  f.head.set("X-Content-Type-Options", "nosniff");
  std::string_view inm = header_of(req, beast_http::field::if_none_match);
  if (!inm.empty() && (inm == "*" || inm.find(etag) != std::string_view::npos)) {
    f.head.result(beast_http::status::not_modified);
    return Response{std::move(f), {}};
  }
  RangeResult range;
  std::string_view if_range = header_of(req, beast_http::field::if_range);
  if (if_range.empty() || if_range == etag) {
    range = parse_range(header_of(req, beast_http::field::range), size);
  }
  if (range.outcome == RangeOutcome::unsatisfiable) {
    Response res = text_response(req, beast_http::status::range_not_satisfiable, "Range not satisfiable\n");
    std::get<StringResponse>(res.message).set(beast_http::field::content_range, fmt::format("bytes */{}", size));
    return res;
  }
  f.offset = range.outcome == RangeOutcome::partial ? range.range.first : 0;
  f.length = range.outcome == RangeOutcome::partial ? range.range.length() : size;
  f.head.result(range.outcome == RangeOutcome::partial ? beast_http::status::partial_content : beast_http::status::ok);
  if (range.outcome == RangeOutcome::partial) {
    f.head.set(beast_http::field::content_range,
               fmt::format("bytes {}-{}/{}", range.range.first, range.range.last, size));
  }
  f.head.content_length(f.length);
  f.file = std::move(handle);
  if (req.message.method() == beast_http::verb::head) {
    f.length = 0;  // headers only; Content-Length stays that of the GET
    return Response{std::move(f), {}};
  }
  core::Download d{a.case_id, std::string(user), a.name, 0, static_cast<int>(f.head.result_int()), m_d.clock.now(),
                   std::string(req.address)};
  f.on_finished = [recorder = &m_d.recorder, d = std::move(d)](std::uint64_t sent, bool) mutable {
    d.bytes = static_cast<std::int64_t>(sent);
    recorder->record(std::move(d));
  };
  return Response{std::move(f), {}};
}

}  // namespace embargo::http
