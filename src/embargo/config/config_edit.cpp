#include <embargo/config/config_edit.hpp>

#include <vector>

#include <fmt/format.h>

#include <embargo/util/strings.hpp>

namespace embargo::config {

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto nl = text.find('\n', start);
    nl = nl == std::string::npos ? text.size() : nl;
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) {
    out += l + '\n';
  }
  return out;
}

bool is_table_header(std::string_view line) {
  return line.starts_with('[');
}

// True when `line` sets `key` ("key =" or "key=" after optional blanks).
bool sets_key(std::string_view line, std::string_view key) {
  line = util::trim(line);
  if (!line.starts_with(key)) {
    return false;
  }
  return util::trim(line.substr(key.size())).starts_with('=');
}

// The "   # what it is" after a commented example's value, kept when the
// example becomes the setting; "" when it has none.
std::string trailing_comment(std::string_view example) {
  auto from = example.find('=');
  if (from == std::string_view::npos) {
    return "";
  }
  auto open = example.find_first_not_of(' ', from + 1);
  if (open != std::string_view::npos && example[open] == '"') {
    from = example.find('"', open + 1);  // the examples' values have no escaped quotes
  }
  auto hash = from == std::string_view::npos ? from : example.find(" #", from);
  return hash == std::string_view::npos ? "" : "  " + std::string(util::trim(example.substr(hash)));
}

}  // namespace

std::string toml_quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<int>(c));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

Result<std::string> set_config_value(const std::string& text, std::string_view section, std::string_view key,
                                     std::string_view value) {
  auto lines = lines_of(text);
  std::string header = fmt::format("[{}]", section);
  std::size_t begin = 0;
  while (begin < lines.size() && util::trim(lines[begin]) != header) {
    ++begin;
  }
  if (begin == lines.size()) {
    return make_error(ErrorCode::invalid_argument, fmt::format("embargo.toml has no {} table", header));
  }
  std::size_t end = begin + 1;
  while (end < lines.size() && !is_table_header(lines[end])) {
    ++end;
  }
  std::string line = fmt::format("{} = {}", key, value);
  std::size_t example = lines.size();
  for (std::size_t i = begin + 1; i < end; ++i) {
    if (sets_key(lines[i], key)) {
      lines[i] = line;
      return joined(lines);
    }
    std::string_view l = util::trim(lines[i]);
    if (example == lines.size() && l.starts_with('#') && sets_key(l.substr(1), key)) {
      example = i;
    }
  }
  if (example != lines.size()) {
    lines[example] = line + trailing_comment(lines[example]);
  } else {
    std::size_t at = end;
    while (at > begin + 1 && util::trim(lines[at - 1]).empty()) {
      --at;
    }
    lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at), line);
  }
  return joined(lines);
}

std::string add_mail_list(const std::string& text, const MailList& list) {
  std::string keys;
  for (const auto& k : list.keys) {
    keys += (keys.empty() ? "" : ", ") + toml_quote(k);
  }
  std::string block = fmt::format("[[mail.lists]]\nname = {}\naddress = {}\npolicy = {}\nkeys = [{}]\n",
                                  toml_quote(list.name), toml_quote(list.address),
                                  toml_quote(to_string(list.policy)), keys);
  if (!list.download_user.empty()) {
    block += "download_user = " + toml_quote(list.download_user) + "\n";
  }
  auto smtp = text.find("\n[smtp]\n");
  if (smtp == std::string::npos) {
    return text + "\n" + block;
  }
  return text.substr(0, smtp + 1) + block + text.substr(smtp);
}

}  // namespace embargo::config
