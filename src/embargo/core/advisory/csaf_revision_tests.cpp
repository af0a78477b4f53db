#include <algorithm>
#include <optional>
#include <set>

#include <fmt/format.h>

#include <embargo/core/advisory/csaf_revision_tests.hpp>
#include <embargo/util/strings.hpp>
#include <embargo/util/time.hpp>

namespace embargo::core::advisory {

namespace {

struct DocVersion {
  unsigned long major = 0, minor = 0, patch = 0;
  std::string pre;    // pre-release part, "" if none
  std::string plain;  // the text without build metadata

  bool operator<(const DocVersion& o) const {
    if (std::tie(major, minor, patch) != std::tie(o.major, o.minor, o.patch)) {
      return std::tie(major, minor, patch) < std::tie(o.major, o.minor, o.patch);
    }
    return !pre.empty() && (o.pre.empty() || pre < o.pre);  // 1.0.0-rc < 1.0.0
  }
};

// The schema already restricted the form; anything else parses as 0.
DocVersion parse(const std::string& text) {
  DocVersion v;
  v.plain = text.substr(0, text.find('+'));
  std::string core = v.plain.substr(0, v.plain.find('-'));
  if (core.size() < v.plain.size()) {
    v.pre = v.plain.substr(core.size() + 1);
  }
  auto parts = util::split(core, '.');
  auto number = [](std::string_view s) { return s.empty() ? 0UL : std::stoul(std::string(s)); };
  v.major = number(parts[0]);
  v.minor = parts.size() > 1 ? number(parts[1]) : 0;
  v.patch = parts.size() > 2 ? number(parts[2]) : 0;
  return v;
}

bool is_zero(const DocVersion& v) {
  return v.major == 0;
}

struct Item {
  util::Timestamp date;
  DocVersion number;
  std::size_t index;
};

std::vector<Item> sorted_by_date(const nlohmann::json& history) {
  std::vector<Item> items;
  for (std::size_t i = 0; i < history.size(); ++i) {
    auto date = util::parse_timestamp(history[i]["date"].get<std::string>());
    items.push_back({date ? *date : util::Timestamp{}, parse(history[i]["number"]), i});
  }
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.date < b.date; });
  return items;
}

void test_history_order(const std::vector<Item>& items, std::vector<CsafFinding>& out) {
  constexpr auto k_pointer = "/document/tracking/revision_history";
  std::set<std::string> numbers;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!numbers.insert(items[i].number.plain).second) {
      out.push_back({"6.1.22", fmt::format("{}/{}/number", k_pointer, items[i].index),
                     fmt::format("version {} appears twice", items[i].number.plain)});
    }
    if (i > 0 && items[i].number < items[i - 1].number) {
      out.push_back({"6.1.14", fmt::format("{}/{}/number", k_pointer, items[i].index),
                     "numbers do not ascend when the history is sorted by date"});
    }
    if (i > 0 && items[i].number.major > items[i - 1].number.major + 1) {
      out.push_back({"6.1.21", fmt::format("{}/{}/number", k_pointer, items[i].index),
                     fmt::format("version {} follows {}: a version is missing", items[i].number.major,
                                 items[i - 1].number.major)});
    }
  }
  if (!items.empty() && items.front().number.major > 1) {
    out.push_back({"6.1.21", fmt::format("{}/{}/number", k_pointer, items.front().index),
                   "the first revision must be version 0 or 1"});
  }
}

// 6.1.19 and 6.1.30.
void test_version_forms(const nlohmann::json& tracking, std::vector<CsafFinding>& out) {
  constexpr auto k_pointer = "/document/tracking/revision_history";
  const nlohmann::json& history = tracking["revision_history"];
  auto semantic = [](const std::string& v) { return v.find('.') != std::string::npos; };
  bool first_semantic = semantic(tracking["version"].get<std::string>());
  for (std::size_t i = 0; i < history.size(); ++i) {
    std::string number = history[i]["number"];
    if (!parse(number).pre.empty()) {
      out.push_back({"6.1.19", fmt::format("{}/{}/number", k_pointer, i),
                     fmt::format("revision {} is a pre-release version", number)});
    }
    if (semantic(number) != first_semantic) {
      out.push_back({"6.1.30", fmt::format("{}/{}/number", k_pointer, i),
                     fmt::format("revision {} is {} versioning but the document version is {} versioning", number,
                                 semantic(number) ? "semantic" : "integer", first_semantic ? "semantic" : "integer")});
    }
  }
}

}  // namespace

void test_revision_history(const nlohmann::json& doc, std::vector<CsafFinding>& out) {
  const nlohmann::json& tracking = doc["document"]["tracking"];
  std::string status = tracking["status"];
  DocVersion version = parse(tracking["version"]);
  bool draft = status == "draft";
  auto items = sorted_by_date(tracking["revision_history"]);
  test_history_order(items, out);
  test_version_forms(tracking, out);
  if (!items.empty()) {
    DocVersion last = items.back().number;
    std::string want = draft ? last.plain.substr(0, last.plain.find('-')) : last.plain;
    std::string have = draft ? version.plain.substr(0, version.plain.find('-')) : version.plain;
    if (want != have) {
      out.push_back({"6.1.16", "/document/tracking/version",
                     fmt::format("version {} is not the latest revision {}", have, want)});
    }
  }
  if (!draft && (is_zero(version) || !version.pre.empty())) {
    out.push_back({is_zero(version) ? "6.1.17" : "6.1.20", "/document/tracking/status",
                   fmt::format("a document of version {} must be a draft", version.plain)});
  }
  for (const Item& item : items) {
    if (!draft && is_zero(item.number)) {
      out.push_back({"6.1.18", fmt::format("/document/tracking/revision_history/{}/number", item.index),
                     "a final or interim document has a revision numbered 0"});
    }
  }
}

}  // namespace embargo::core::advisory
