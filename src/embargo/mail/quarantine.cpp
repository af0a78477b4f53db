#include <algorithm>
#include <tuple>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/mail/quarantine.hpp>
#include <embargo/util/file.hpp>
#include <embargo/util/sha256.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::mail {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t k_max_id = 128;
constexpr std::size_t k_max_header_value = 300;
constexpr std::size_t k_max_why = 2000;

std::string printable(std::string_view s) {
  std::string out;
  for (char ch : s) {
    auto u = static_cast<unsigned char>(ch);
    out += u < 0x20 || u == 0x7f ? ' ' : ch;
  }
  out = std::string(util::trim(out));
  if (out.size() > k_max_header_value) {
    out.resize(k_max_header_value);
  }
  return out;
}

// The value of header `name` (unfolded) in the header block of `raw`, or "".
std::string header_value(std::string_view raw, std::string_view name) {
  std::string_view head = raw.substr(0, std::min<std::size_t>(raw.size(), 64 * 1024));
  std::size_t pos = 0;
  while (pos < head.size()) {
    std::size_t end = head.find('\n', pos);
    std::string_view line = head.substr(pos, end == std::string_view::npos ? head.size() - pos : end - pos);
    if (util::trim(line).empty()) {
      break;
    }
    if (line.size() > name.size() && line[name.size()] == ':' &&
        util::to_lower(line.substr(0, name.size())) == util::to_lower(name)) {
      std::string value(line.substr(name.size() + 1));
      while (end != std::string_view::npos && end + 1 < head.size() && (head[end + 1] == ' ' || head[end + 1] == '\t')) {
        std::size_t next = head.find('\n', end + 1);
        value += head.substr(end + 1, next == std::string_view::npos ? head.size() - end - 1 : next - end - 1);
        end = next;
      }
      return printable(value);
    }
    pos = end == std::string_view::npos ? head.size() : end + 1;
  }
  return {};
}

Result<std::string> read_line_file(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(p, ec))) {
    return std::string();
  }
  TRY_ASSIGN(std::string s, util::read_file(p));
  return std::string(util::trim(s));
}

Result<void> append_line(const fs::path& path, const std::string& line) {
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    return make_error(ErrorCode::io_error, fmt::format("cannot open {}", path.string()));
  }
  std::string data = line + "\n";
  bool ok = ::write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    return make_error(ErrorCode::io_error, fmt::format("cannot write {}", path.string()));
  }
  return {};
}

}  // namespace

Result<void> validate_quarantine_id(std::string_view id) {
  if (id.empty() || id.size() > k_max_id) {
    return make_error(ErrorCode::invalid_argument, "quarantine id: must be 1 to 128 characters");
  }
  if (id.front() == '.' || id.find("..") != std::string_view::npos ||
      id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") !=
          std::string_view::npos) {
    return make_error(ErrorCode::invalid_argument,
                      "quarantine id: only letters, digits, '.', '_' and '-', not starting with '.' (see "
                      "`embargo quarantine list`)");
  }
  return {};
}

bool may_handle_quarantined(const core::Principal& who, std::string_view project,
                            const std::vector<std::string>& user_projects) {
  if (who.via_link() || who.role == core::Role::reporter) {
    return false;
  }
  if (project.empty()) {
    return who.is_staff();
  }
  return std::find(user_projects.begin(), user_projects.end(), project) != user_projects.end();
}

Result<fs::path> Quarantine::eml_of(std::string_view id) const {
  TRY(validate_quarantine_id(id));
  fs::path p = m_dir / (std::string(id) + ".eml");
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(p, ec))) {
    return make_error(ErrorCode::not_found, fmt::format("no quarantined message {}", id));
  }
  return p;
}

Result<std::string> Quarantine::raw(std::string_view id) const {
  TRY_ASSIGN(fs::path p, eml_of(id));
  return util::read_file(p);
}

Result<QuarantinedMessage> Quarantine::find(std::string_view id) const {
  TRY_ASSIGN(fs::path p, eml_of(id));
  TRY_ASSIGN(std::string bytes, util::read_file(p));
  QuarantinedMessage m;
  m.id = std::string(id);
  TRY_ASSIGN(m.reason, read_line_file(m_dir / (m.id + ".reason")));
  TRY_ASSIGN(m.project, read_line_file(m_dir / (m.id + ".project")));
  m.size = static_cast<std::int64_t>(bytes.size());
  m.sha256 = util::sha256_hex(bytes);
  struct stat st {};
  if (::stat(p.c_str(), &st) == 0) {
    m.at = util::Timestamp(std::chrono::seconds(st.st_mtim.tv_sec)) +
           std::chrono::microseconds(st.st_mtim.tv_nsec / 1000);
  }
  m.from = header_value(bytes, "From");
  m.subject = header_value(bytes, "Subject");
  m.message_id = header_value(bytes, "Message-ID");
  return m;
}

Result<std::vector<QuarantinedMessage>> Quarantine::list() const {
  std::vector<QuarantinedMessage> out;
  std::error_code ec;
  if (!fs::is_directory(m_dir, ec)) {
    return out;
  }
  for (const auto& entry : fs::directory_iterator(m_dir, ec)) {
    const fs::path& p = entry.path();
    if (p.extension() != ".eml" || !validate_quarantine_id(p.stem().string())) {
      continue;
    }
    auto m = find(p.stem().string());
    if (m) {
      out.push_back(std::move(*m));
    } else if (m.error().code() != ErrorCode::not_found) {  // gone meanwhile: not an error
      return tl::unexpected(m.error());
    }
  }
  if (ec) {
    return make_error(ErrorCode::io_error, fmt::format("cannot read {}: {}", m_dir.string(), ec.message()));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return std::tie(a.at, a.id) < std::tie(b.at, b.id); });
  return out;
}

Result<void> Quarantine::log(std::string_view action, std::string_view id, std::string_view actor,
                             std::string_view detail) const {
  std::error_code ec;
  fs::create_directories(m_dir, ec);
  nlohmann::json j = {{"at", util::format_timestamp(m_clock.now())},
                      {"action", action},
                      {"id", id},
                      {"actor", actor},
                      {"detail", detail}};
  return append_line(m_dir / "actions.log", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Result<void> Quarantine::note_on_case(const std::string& case_id, std::string_view id, std::string_view actor,
                                      const std::string& old_reason) {
  return m_store.write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::Case c, tx.get_case(case_id));
    nlohmann::json data = {{"quarantine_id", id}, {"action", "released"}, {"reason", old_reason}};
    std::string text = fmt::format("Released from quarantine ({}); it had been kept because: {}", id, old_reason);
    return m_cases.record(tx, c, "quarantine", text, actor,
                          data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  });
}

Result<ReleaseOutcome> Quarantine::release(std::string_view id, std::string_view actor, const Receive& receive) {
  TRY_ASSIGN(QuarantinedMessage m, find(id));
  TRY_ASSIGN(std::string bytes, raw(id));
  auto answer = receive(bytes, m.id, m.project);
  if (!answer) {
    TRY(log("release-failed", id, actor, answer.error().message()));
    return tl::unexpected(answer.error());
  }
  ReleaseOutcome out;
  out.result = *answer;
  if (answer->outcome == IntakeOutcome::quarantined) {  // intake wrote the new reason under the same id
    TRY(log("release-failed", id, actor, answer->reason));
    return out;
  }
  if (answer->outcome == IntakeOutcome::too_large) {
    TRY(util::write_file_atomic(m_dir / (m.id + ".reason"), answer->reason + "\n", 0600));
    TRY(log("release-failed", id, actor, answer->reason));
    return out;
  }
  if (!answer->case_id.empty()) {
    TRY(note_on_case(answer->case_id, id, actor, m.reason));
  }
  std::error_code ec;
  for (const char* ext : {".eml", ".reason", ".project"}) {
    fs::remove(m_dir / (m.id + ext), ec);
  }
  TRY(util::sync_directory(m_dir));
  out.released = true;
  TRY(log("released", id, actor,
          fmt::format("{} {} <{}>", to_string(answer->outcome), answer->case_id.empty() ? "-" : answer->case_id,
                      answer->message_id)));
  return out;
}

Result<void> Quarantine::discard(std::string_view id, std::string_view actor, std::string_view why) {
  std::string reason(util::trim(why));
  if (reason.empty() || reason.size() > k_max_why) {
    return make_error(ErrorCode::invalid_argument, "why: say why the message is discarded (1 to 2,000 bytes)");
  }
  TRY_ASSIGN(QuarantinedMessage m, find(id));
  fs::path to = m_dir / "discarded";
  std::error_code ec;
  fs::create_directories(to, ec);
  nlohmann::json record = {{"id", m.id},        {"discarded_at", util::format_timestamp(m_clock.now())},
                           {"by", actor},       {"why", reason},
                           {"reason", m.reason}, {"sha256", m.sha256}};
  TRY(util::write_file_atomic(to / (m.id + ".discard"),
                              record.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", 0600));
  for (const char* ext : {".reason", ".project", ".eml"}) {  // .eml last: it is what makes the id listed
    fs::rename(m_dir / (m.id + ext), to / (m.id + ext), ec);
    if (ec && ec != std::errc::no_such_file_or_directory) {
      return make_error(ErrorCode::io_error, fmt::format("cannot move {} to {}: {}", m.id, to.string(), ec.message()));
    }
    ec.clear();
  }
  TRY(util::sync_directory(to));
  TRY(util::sync_directory(m_dir));
  return log("discarded", id, actor, reason);
}

Intake::OnQuarantine quarantine_notice(core::Store& store, TeamMailer& team,
                                       std::function<void(const std::string&)> report) {
  return [&store, &team, report = std::move(report)](const std::string& id, const std::string& reason,
                                                     std::string_view raw, const std::string& project) {
    QuarantineNotice n{id, project, reason, util::sha256_hex(raw), header_value(raw, "From"),
                       header_value(raw, "Subject")};
    auto told = store.write([&](core::StoreTx& tx) -> Result<void> { return team.notify_quarantined(tx, n); });
    if (!told && report) {
      report(fmt::format("quarantined {}, but the team's notice failed: {}", id, told.error().message()));
    }
  };
}

}  // namespace embargo::mail
