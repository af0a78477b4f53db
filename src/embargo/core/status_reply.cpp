#include <embargo/core/status_reply.hpp>

#include <charconv>

#include <fmt/format.h>

#include <embargo/util/strings.hpp>

namespace embargo::core {

namespace {

struct Seen {
  std::optional<std::string> status;
  std::optional<std::string> vulnerability;
  std::optional<std::string> statement;
};

Result<void> take(std::optional<std::string>& slot, std::string_view key, std::string_view value) {
  if (slot) {
    return make_error(ErrorCode::invalid_argument, fmt::format("{}: given twice", key));
  }
  slot = std::string(value);
  return {};
}

// One "key: value" line; keys other than ours are ignored.
Result<void> read_line(std::string_view line, Seen& seen) {
  line = util::trim(line);
  auto colon = line.find(':');
  if (colon == std::string_view::npos || colon > 16) {
    return {};
  }
  std::string key = util::to_lower(util::trim(line.substr(0, colon)));
  std::string_view value = util::trim(line.substr(colon + 1));
  if (key == "status") {
    return take(seen.status, "status", value);
  }
  if (key == "vulnerability" || key == "vuln") {
    return take(seen.vulnerability, "vulnerability", value);
  }
  if (key == "statement") {
    return take(seen.statement, "statement", value);
  }
  return {};
}

Result<int> parse_ordinal(std::string_view text) {
  int n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || n < 1 || n > 10000) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("vulnerability: '{}' is not a number from 1 to 10000", text.substr(0, 20)));
  }
  return n;
}

}  // namespace

Result<std::optional<StatusReply>> parse_status_reply(std::string_view text) {
  text = text.substr(0, std::min(text.size(), k_status_reply_scan_bytes));
  Seen seen;
  std::size_t at = 0;
  while (at < text.size()) {
    auto end = text.find('\n', at);
    std::string_view line = text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
    at = end == std::string_view::npos ? text.size() : end + 1;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line == "-- ") {
      break;
    }
    if (util::trim(line).starts_with('>')) {
      continue;
    }
    TRY(read_line(line, seen));
  }
  if (!seen.status) {
    if (seen.vulnerability || seen.statement) {
      return make_error(ErrorCode::invalid_argument, "status: missing (vulnerability or statement given without it)");
    }
    return std::optional<StatusReply>();
  }
  StatusReply reply;
  TRY_ASSIGN(reply.status, parse_recipient_status(*seen.status));
  if (seen.vulnerability) {
    TRY_ASSIGN(reply.vulnerability, parse_ordinal(*seen.vulnerability));
  }
  if (seen.statement) {
    if (seen.statement->size() > k_max_statement_bytes) {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("statement: longer than {} bytes", k_max_statement_bytes));
    }
    reply.statement = *seen.statement;
  }
  return std::optional<StatusReply>(std::move(reply));
}

}  // namespace embargo::core
