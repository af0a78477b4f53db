#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/core/release/release_record.hpp>
#include <embargo/core/release/release_tested_on.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::core::release {

namespace {

constexpr std::size_t k_platform_max_chars = 200;
constexpr std::size_t k_note_max_bytes = 2000;

// The number of characters of `s` when it is valid UTF-8 without control
// characters (C0, DEL, C1; newline and tab only when `multiline`); nullopt
// otherwise.
std::optional<std::size_t> tested_on_chars(std::string_view s, bool multiline) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xe ? 3 : (b >> 3) == 0x1e ? 4 : 0;
    if (len == 0 || i + len > s.size()) {
      return std::nullopt;
    }
    std::uint32_t cp = len == 1 ? b : b & (0x7f >> len);
    for (std::size_t k = 1; k < len; ++k) {
      auto c = static_cast<unsigned char>(s[i + k]);
      if ((c >> 6) != 0x2) {
        return std::nullopt;
      }
      cp = (cp << 6) | (c & 0x3f);
    }
    bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    bool control = cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
    bool allowed_control = multiline && (cp == '\n' || cp == '\t');
    if (overlong || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000) || (control && !allowed_control)) {
      return std::nullopt;
    }
    i += len;
    ++chars;
  }
  return chars;
}

nlohmann::json data_of(const TimelineEntry& e) {
  auto data = nlohmann::json::parse(e.data, nullptr, false);
  return data.is_object() ? data : nlohmann::json::object();
}

std::string string_in(const nlohmann::json& data, const char* key) {
  auto it = data.find(key);
  return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Whether test entry `e` passed: a release-test with "ok": true, a
// release-tested-on with "result": "ok".
bool test_passed(const TimelineEntry& e, const nlohmann::json& data) {
  if (e.kind == k_release_test_entry_kind) {
    auto it = data.find("ok");
    return it != data.end() && it->is_boolean() && it->get<bool>();
  }
  return string_in(data, "result") == "ok";
}

bool is_test_entry(const TimelineEntry& e) {
  return e.kind == k_release_test_entry_kind || e.kind == k_tested_on_entry_kind;
}

}  // namespace

Result<TestedOn> parse_tested_on(std::string_view platform, std::string_view result, std::string_view note) {
  TestedOn out;
  out.platform = std::string(util::trim(platform));
  auto chars = tested_on_chars(out.platform, false);
  if (!chars) {
    return make_error(ErrorCode::invalid_argument,
                      "platform: must be printable text (UTF-8, no control characters or line breaks)");
  }
  if (*chars == 0 || *chars > k_platform_max_chars) {
    return make_error(
        ErrorCode::invalid_argument,
        fmt::format("platform: must be 1 to {} characters, e.g. \"Debian 12 amd64\"", k_platform_max_chars));
  }
  if (result != "ok" && result != "failed") {
    return make_error(ErrorCode::invalid_argument, "result: must be ok or failed");
  }
  out.ok = result == "ok";
  out.note = std::string(util::trim(note));
  if (out.note.size() > k_note_max_bytes) {
    return make_error(ErrorCode::invalid_argument, fmt::format("note: at most {} bytes", k_note_max_bytes));
  }
  if (!tested_on_chars(out.note, true)) {
    return make_error(ErrorCode::invalid_argument,
                      "note: must be text (UTF-8, no control characters but line breaks and tabs)");
  }
  return out;
}

Result<TimelineEntry> record_tested_on(StoreTx& tx, const CaseService& service, std::string_view case_id,
                                       const TestedOn& t, std::string_view actor) {
  TRY_ASSIGN(Case c, tx.get_case(case_id));
  TRY_ASSIGN(auto entries, load_timeline(tx, case_id));
  std::string version;
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    if (it->kind == k_release_entry_kind) {
      version = string_in(data_of(*it), "version");
      break;
    }
  }
  std::string result = t.ok ? "ok" : "failed";
  nlohmann::json data = {{"platform", t.platform}, {"result", result}, {"note", t.note}, {"version", version}};
  std::string text = fmt::format("tested on {}: {}{}", t.platform, result, t.note.empty() ? "" : " (" + t.note + ")");
  std::string prev_hash = c.timeline_head;
  TRY(service.record(tx, c, k_tested_on_entry_kind, text, actor, data.dump()));
  TimelineEntry e;
  e.case_id = c.id;
  e.seq = c.timeline_count;
  e.at = c.updated_at;
  e.actor = std::string(actor);
  e.kind = std::string(k_tested_on_entry_kind);
  e.text = std::move(text);
  e.data = data.dump();
  e.prev_hash = std::move(prev_hash);
  e.hash = c.timeline_head;
  return e;
}

std::vector<ReleaseTestLine> release_tests(const std::vector<TimelineEntry>& entries) {
  std::vector<ReleaseTestLine> out;
  for (const TimelineEntry& e : entries) {
    if (!is_test_entry(e)) {
      continue;
    }
    nlohmann::json data = data_of(e);
    ReleaseTestLine line;
    line.seq = e.seq;
    line.at = e.at;
    line.actor = e.actor;
    line.platform = e.kind == k_tested_on_entry_kind ? string_in(data, "platform") : std::string();
    line.version = string_in(data, "version");
    line.ok = test_passed(e, data);
    line.text = e.text;
    out.push_back(std::move(line));
  }
  return out;
}

std::optional<std::string> untested_release_warning(const std::vector<TimelineEntry>& entries,
                                                    std::string_view case_id) {
  auto release = std::find_if(entries.rbegin(), entries.rend(),
                              [](const TimelineEntry& e) { return e.kind == k_release_entry_kind; });
  if (release == entries.rend()) {
    return std::nullopt;
  }
  std::vector<std::string> failed;
  for (auto it = release.base(); it != entries.end(); ++it) {
    if (!is_test_entry(*it)) {
      continue;
    }
    nlohmann::json data = data_of(*it);
    if (test_passed(*it, data)) {
      return std::nullopt;
    }
    failed.push_back(fmt::format("#{} by {}: {}", it->seq, it->actor, it->text));
  }
  std::string version = string_in(data_of(*release), "version");
  std::string what = fmt::format("the release to be shared ({}timeline #{})",
                                 version.empty() ? "" : "version " + version + ", ", release->seq);
  std::string how = fmt::format(
      "run `embargo release test OUT --case {0}` on the built files, or record a maintainer's test with "
      "`embargo release tested-on {0} --platform TEXT --result ok`",
      case_id);
  if (failed.empty()) {
    return fmt::format("release-untested: {} was never tested: {}", what, how);
  }
  std::string list;
  for (const std::string& f : failed) {
    list += (list.empty() ? "" : "; ") + f;
  }
  return fmt::format("release-untested: {} has no passing test, only failed ones ({}): fix it, or {}", what, list, how);
}

}  // namespace embargo::core::release
