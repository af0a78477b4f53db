// embargo doctor: the mail server, the publish directories, the public URL,
// the secrets' modes and the store (doctor.hpp).

#include <embargo/cli/doctor.hpp>

#include <cerrno>
#include <cstring>
#include <optional>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <embargo/core/timeline_audit.hpp>
#include <embargo/cveapi/http_client.hpp>
#include <embargo/mail/notice_mailer.hpp>
#include <embargo/mail/smtp_probe.hpp>
#include <embargo/storage/store_check.hpp>

namespace embargo::cli::doctor {

namespace fs = std::filesystem;

namespace {

fs::path under(const fs::path& data, const std::string& p) {
  return fs::path(p).is_absolute() ? fs::path(p) : data / p;
}

Finding check_writable(const fs::path& data, const std::string& key, const std::string& dir) {
  if (dir.empty()) {
    return skip(fmt::format("[publish] {} not set: the release skips that step", key));
  }
  fs::path p = under(data, dir);
  std::error_code ec;
  if (!fs::is_directory(p, ec)) {
    return fail(fmt::format("[publish] {} {} does not exist", key, p.string()),
                fmt::format("mkdir -p {} (as the user embargo runs as)", p.string()));
  }
  fs::path probe = p / fmt::format(".embargo-doctor-{}", ::getpid());
  int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    return fail(fmt::format("[publish] {} {} is not writable: {}", key, p.string(), std::strerror(errno)),
                fmt::format("give the user embargo runs as write access to {}", p.string()));
  }
  ::close(fd);
  fs::remove(probe, ec);
  return ok(fmt::format("[publish] {} {} is writable", key, p.string()));
}

// A secret file or directory whose mode is not exactly `want`.
std::optional<Finding> wrong_mode(const fs::path& p, mode_t want) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) {
    return std::nullopt;
  }
  mode_t mode = st.st_mode & 0777;
  if (mode == want) {
    return std::nullopt;
  }
  return fail(fmt::format("secrets: {} has mode {:04o}, must be {:04o}", p.string(), mode, want),
              fmt::format("chmod {:o} {}", want, p.string()));
}

}  // namespace

Findings check_smtp(const fs::path& data, const config::ConfigFile& config) {
  const config::MailConfig& mail = config.mail;
  auto password = mail::secret_from("EMBARGO_SMTP_PASSWORD", data, mail.smtp.password_file);
  if (!password) {
    return {fail("smtp password: " + password.error().message(),
                 "fix [smtp] password_file (mode 0600), or set EMBARGO_SMTP_PASSWORD")};
  }
  auto reply = mail::probe_smtp(mail.smtp, *password, mail.team_address);
  if (!reply) {
    std::string fix = reply.error().code() == ErrorCode::unauthorized
                          ? "let the server relay for " + mail.team_address + " (or set [smtp] user and a password)"
                          : "check [smtp] url and starttls, and that the server runs and this host may connect";
    return {fail(reply.error().message(), fix)};
  }
  return {ok(fmt::format("smtp {} accepts mail from {} ({})", mail.smtp.url, mail.team_address, *reply))};
}

Findings check_publish_dirs(const fs::path& data, const config::ConfigFile& config) {
  return {check_writable(data, "web_dir", config.publish.web_dir),
          check_writable(data, "files_dir", config.publish.files_dir)};
}

Findings check_public_url(const config::ConfigFile& config) {
  const std::string& url = config.http.public_url;
  if (url.empty()) {
    return {skip("[http] public_url not set: fix notices need [mail] download_url")};
  }
  cveapi::HttpClient client;
  auto response = client.send({"GET", url, {}, {}}, 10);
  if (!response) {
    return {fail(fmt::format("public URL {} does not answer: {}", url, response.error().message()),
                 "start embargod (or the proxy in front of it), or correct [http] public_url")};
  }
  if (response->status >= 500) {
    return {fail(fmt::format("public URL {} answers {}", url, response->status),
                 "look at embargod's log (or the proxy's) for the error")};
  }
  return {ok(fmt::format("public URL {} answers ({})", url, response->status))};
}

Findings check_secrets(const fs::path& data, const config::ConfigFile& config) {
  Findings out;
  fs::path dir = data / "secrets";
  std::error_code ec;
  if (fs::is_directory(dir, ec)) {
    if (auto bad = wrong_mode(dir, 0700)) {
      out.push_back(*bad);
    }
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (auto bad = wrong_mode(entry.path(), 0600)) {
        out.push_back(*bad);
      }
    }
  }
  for (const std::string* file : {&config.mail.passphrase_file, &config.mail.smtp.password_file}) {
    if (!file->empty()) {
      if (auto bad = wrong_mode(under(data, *file), 0600)) {
        out.push_back(*bad);
      }
    }
  }
  if (out.empty()) {
    out.push_back(ok("secrets: the directory is 0700 and its files 0600"));
  }
  return out;
}

Findings check_store(core::Store& store) {
  Findings out;
  auto health = storage::check_store(store);
  if (!health) {
    return {fail("store: " + health.error().message(), "restore the last backup (`embargo backup`)")};
  }
  if (health->integrity != "ok") {
    out.push_back(fail("store integrity: " + health->integrity, "restore the last backup (`embargo backup`)"));
  } else {
    out.push_back(ok(fmt::format("store ({}) integrity ok", health->kind)));
  }
  if (health->schema_version != health->known_version) {
    out.push_back(fail(fmt::format("store schema version {}, this embargo knows {}", health->schema_version,
                                   health->known_version),
                       "run the embargo that matches the store, or upgrade"));
  } else {
    out.push_back(ok(fmt::format("migrations current (schema version {})", health->schema_version)));
  }
  core::AuditReport report;
  auto read = store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(report, core::audit_timelines(tx, ""));
    return {};
  });
  if (!read) {
    out.push_back(fail("timeline verify: " + read.error().message(), "run `embargo timeline verify` for details"));
  } else if (!report.breaks.empty()) {
    const auto& b = report.breaks.front();
    out.push_back(fail(fmt::format("timeline verify: {} entry {}: {} ({} cases broken)", b.case_id, b.seq, b.reason,
                                   report.breaks.size()),
                       "compare with a backup; `embargo timeline verify` lists every break"));
  } else {
    out.push_back(ok(fmt::format("timeline verify: {} entries in {} cases", report.entries, report.cases)));
  }
  return out;
}

}  // namespace embargo::cli::doctor
