#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/core/mail_files.hpp>

namespace embargo::core {

namespace {

constexpr std::size_t k_max_name = 100;

bool is_sha256(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::string text_of(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// `name`, or `name` with "-K" before its extension, whichever is not in `taken` yet.
std::string unique_name(std::string name, std::set<std::string>& taken) {
  std::string candidate = name;
  for (int k = 2; taken.contains(candidate); ++k) {
    auto dot = name.rfind('.');
    candidate = dot == std::string::npos || dot == 0 ? fmt::format("{}-{}", name, k)
                                                     : fmt::format("{}-{}{}", name.substr(0, dot), k, name.substr(dot));
  }
  taken.insert(candidate);
  return candidate;
}

void add_entry_files(const TimelineEntry& e, const nlohmann::json& data, std::set<std::string>& taken,
                     std::vector<MailFile>& out) {
  std::string message_id = text_of(data, "message_id");
  auto attachments = data.find("attachments");
  if (attachments != data.end() && attachments->is_array()) {
    int k = 0;
    for (const auto& a : *attachments) {
      ++k;
      if (!a.is_object() || !is_sha256(text_of(a, "sha256"))) {
        continue;
      }
      MailFile f;
      f.original_name = text_of(a, "name");
      std::string clean = clean_file_name(f.original_name);
      f.name = unique_name(fmt::format("{}-{}", e.seq, clean.empty() ? fmt::format("attachment-{}", k) : clean), taken);
      f.kind = "attachment";
      f.content_type = text_of(a, "type");
      f.sha256 = text_of(a, "sha256");
      auto size = a.find("size");
      f.size = size != a.end() && size->is_number_integer() ? size->get<std::int64_t>() : -1;
      f.message_id = message_id;
      f.seq = e.seq;
      out.push_back(std::move(f));
    }
  }
  std::string text_sha = text_of(data, "text_sha256");
  if (is_sha256(text_sha)) {
    MailFile f;
    f.name = unique_name(fmt::format("{}-text.txt", e.seq), taken);
    f.kind = "text";
    f.content_type = "text/plain; charset=utf-8";
    f.sha256 = text_sha;
    f.message_id = message_id;
    f.seq = e.seq;
    out.push_back(std::move(f));
  }
}

}  // namespace

std::string clean_file_name(std::string_view name) {
  std::string out;
  for (char ch : name) {
    bool keep = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
                ch == '_' || ch == '-';
    out += keep ? ch : '_';
  }
  std::size_t start = out.find_first_not_of('.');
  out = start == std::string::npos ? std::string() : out.substr(start);
  if (out.size() > k_max_name) {
    out.resize(k_max_name);
  }
  return out.find_first_not_of('_') == std::string::npos ? std::string() : out;
}

std::vector<MailFile> mail_files(const std::vector<TimelineEntry>& entries) {
  std::vector<MailFile> out;
  std::set<std::string> taken;
  for (const TimelineEntry& e : entries) {
    if (e.kind != "mail-received" || e.data.empty()) {
      continue;
    }
    auto data = nlohmann::json::parse(e.data, nullptr, false);
    if (data.is_discarded() || !data.is_object()) {
      continue;
    }
    add_entry_files(e, data, taken, out);
  }
  return out;
}

std::optional<MailFile> find_mail_file(const std::vector<MailFile>& files, std::string_view name) {
  for (const MailFile& f : files) {
    if (f.name == name) {
      return f;
    }
  }
  return std::nullopt;
}

}  // namespace embargo::core
