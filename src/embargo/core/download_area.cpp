#include <embargo/core/download_area.hpp>

#include <fmt/format.h>

#include <embargo/core/store.hpp>
#include <embargo/util/digest.hpp>
#include <embargo/util/secret.hpp>
#include <embargo/util/secret_box.hpp>
#include <embargo/util/sha256.hpp>

namespace embargo::core {

std::string_view to_string(AtRelease a) { return a == AtRelease::publish ? "public" : "close"; }

Result<AtRelease> parse_at_release(std::string_view text) {
  if (text == "public") {
    return AtRelease::publish;
  }
  if (text == "close") {
    return AtRelease::close;
  }
  return make_error(ErrorCode::invalid_argument,
                    fmt::format("at-release: '{}' is not one of public, close", text));
}

std::string_view to_string(WindowPhase p) {
  switch (p) {
    case WindowPhase::not_open:
      return "not-open";
    case WindowPhase::open:
      return "open";
    case WindowPhase::published:
      return "public";
    case WindowPhase::closed:
      return "closed";
  }
  return "?";
}

WindowPhase phase_at(const DownloadWindow& w, util::Timestamp now) {
  if (now < w.opens_at) {
    return WindowPhase::not_open;
  }
  if (now < w.releases_at) {
    return WindowPhase::open;
  }
  return w.at_release == AtRelease::publish ? WindowPhase::published : WindowPhase::closed;
}

Result<void> validate_window(const DownloadWindow& w) {
  if (!(w.opens_at < w.releases_at)) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("releases: {} is not after the opening time {}",
                                  util::format_timestamp_human(w.releases_at),
                                  util::format_timestamp_human(w.opens_at)));
  }
  return {};
}

Result<void> validate_list_name(std::string_view name) {
  auto bad = [&](std::string_view why) {
    return make_error(ErrorCode::invalid_argument, fmt::format("list: '{}' {}", name, why));
  };
  if (name.empty() || name.size() > 64) {
    return bad("must be 1 to 64 characters");
  }
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(name.front())) {
    return bad("must start with a lower-case letter or digit");
  }
  for (char c : name) {
    if (!alnum(c) && c != '.' && c != '_' && c != '-') {
      return bad("may hold only a-z, 0-9, '.', '_' and '-'");
    }
  }
  return {};
}

Result<void> validate_file_name(std::string_view name) {
  auto bad = [&](std::string_view why) {
    return make_error(ErrorCode::invalid_argument, fmt::format("file name: '{}' {}", name, why));
  };
  if (name.empty() || name.size() > 200) {
    return bad("must be 1 to 200 bytes");
  }
  if (name.front() == '.') {
    return bad("must not start with '.'");
  }
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '/' || c == '\\' || c == '"' || c == '\'' || c == '<' || c == '>' ||
        c == '&' || c == '%' || c == '?' || c == '#') {
      return bad("must not contain '/', '\\', quotes, '<', '>', '&', '%', '?', '#' or control characters");
    }
  }
  return {};
}

std::string usercode_realm(std::string_view case_id) { return fmt::format("embargo {}", case_id); }

std::string ha1_context(std::string_view case_id, std::string_view list, std::string_view algorithm) {
  return fmt::format("embargo-ha1\n{}\n{}\n{}", case_id, list, algorithm);
}

Result<IssuedUsercode> issue_usercode(std::string_view case_id, std::string_view list, const util::SecretBox& box,
                                      util::Timestamp now, int generation) {
  TRY(validate_list_name(list));
  IssuedUsercode out;
  out.password = util::random_secret(k_usercode_password_length);
  Usercode& u = out.usercode;
  u.case_id = std::string(case_id);
  u.list = std::string(list);
  TRY_ASSIGN(u.password_hash, util::hash_password(out.password));
  std::string a1 = fmt::format("{}:{}:{}", list, usercode_realm(case_id), out.password);
  u.ha1_md5_sealed = box.seal(util::md5_hex(a1), ha1_context(case_id, list, "MD5"));
  u.ha1_sha256_sealed = box.seal(util::sha256_hex(a1), ha1_context(case_id, list, "SHA-256"));
  std::fill(a1.begin(), a1.end(), '\0');
  u.generation = generation;
  u.created_at = now;
  return out;
}

Result<bool> has_live_usercode(StoreTx& tx, std::string_view case_id, std::string_view user) {
  auto code = tx.get_usercode(case_id, user);
  if (!code && code.error().code() != ErrorCode::not_found) {
    return tl::unexpected(code.error());
  }
  return code && !code->revoked();
}

}  // namespace embargo::core
