// embargo demo: the throwaway keys, the configuration, the private
// repository and the reports (demo.hpp).

#include <fmt/format.h>

#include <embargo/cli/demo.hpp>
#include <embargo/pgp/key_maker.hpp>
#include <embargo/util/file.hpp>
#include <embargo/util/subprocess.hpp>

namespace embargo::cli {

namespace fs = std::filesystem;

namespace {

fs::path gnupg_home(const DemoRun& run) { return run.data / "gnupg"; }

// Runs a shell script in DATA/demo with GNUPGHOME set to the data directory's
// home and no git configuration of the user's.
Result<void> run_script(const DemoRun& run, const std::string& what, const std::string& script) {
  util::SubprocessOptions o;
  o.command = script;
  o.cwd = run.data / "demo";
  o.env = {{"GNUPGHOME", gnupg_home(run).string()}, {"GIT_CONFIG_GLOBAL", "/dev/null"}, {"GIT_CONFIG_NOSYSTEM", "1"}};
  o.isolate_network = false;
  o.timeout = std::chrono::seconds(60);
  TRY_ASSIGN(util::SubprocessResult r, util::run_subprocess(o));
  if (!r.ok()) {
    return make_error(ErrorCode::io_error, fmt::format("{}: {}\n{}", what, r.describe(o.timeout),
                                                       util::tail_lines(r.output, 10)));
  }
  return {};
}

// Replaces the whole line starting with `start` (each one); an error when none does.
Result<void> set_line(std::string& text, const std::string& start, const std::string& line) {
  bool found = false;
  for (std::size_t at = 0; (at = text.find(start, at)) != std::string::npos;) {
    if (at != 0 && text[at - 1] != '\n') {
      at += start.size();
      continue;
    }
    std::size_t end = text.find('\n', at);
    text.replace(at, end == std::string::npos ? std::string::npos : end - at, line);
    at += line.size();
    found = true;
  }
  if (!found) {
    return make_error(ErrorCode::conflict, fmt::format("embargo.toml: no line '{}' to set", start));
  }
  return {};
}

constexpr const char* k_lists = R"(
[[mail.lists]]
name = "distros"
address = "distros@vs.openwall.org"
policy = "encrypt"
keys = ["{}"]
download_user = "distros"

[[mail.lists]]
name = "announce"
address = "exim-announce@exim.org"
policy = "sign"

[[mail.lists]]
name = "oss-security"
address = "oss-security@lists.openwall.com"
policy = "clearsign"
)";

}  // namespace

Result<DemoKeys> make_demo_keys(const DemoRun& run) {
  DemoKeys keys;
  const fs::path home = gnupg_home(run);
  TRY_ASSIGN(keys.team, pgp::create_key(home, "Exim Security Team (demo) <security@example.org>", true));
  TRY_ASSIGN(keys.distros, pgp::create_key(home, "distros list (demo) <distros@vs.openwall.org>", true));
  TRY_ASSIGN(keys.maintainer, pgp::create_key(home, "Exim Maintainer (demo) <maintainer@example.org>", false));
  TRY_ASSIGN(std::string armored, pgp::export_public_key(home, keys.maintainer));
  TRY(util::write_file_atomic(run.data / "demo" / "maintainers.asc", armored, 0644));
  // The report form encrypts in the browser to this key (http/web/report_encryption.hpp).
  TRY_ASSIGN(std::string team, pgp::export_public_key(home, keys.team));
  TRY(util::write_file_atomic(run.data / "report-key.asc", team, 0644));
  return keys;
}

Result<void> configure_demo(const DemoRun& run, const DemoKeys& keys) {
  const fs::path toml = run.data / "embargo.toml";
  TRY_ASSIGN(std::string text, util::read_file(toml));
  std::string host_port = run.url.substr(run.url.find("://") + 3);
  TRY(set_line(text, "signing_key = \"\"", fmt::format("signing_key = \"{}\"", keys.team)));
  TRY(set_line(text, "url = \"smtp://", "url = \"file:mail-out\""));
  TRY(set_line(text, "# public_url = ", fmt::format("public_url = \"{}\"", run.url)));
  TRY(set_line(text, "listen = ", fmt::format("listen = \"{}\"", host_port)));
  TRY(set_line(text, "# web_dir = ", "web_dir = \"web\""));
  TRY(set_line(text, "# files_dir = ", "files_dir = \"pub\""));
  TRY(set_line(text, "web_url = ", fmt::format("web_url = \"file://{}/web/\"", run.data.string())));
  TRY(set_line(text, "files_url = ", fmt::format("files_url = \"file://{}/pub/\"", run.data.string())));
  TRY(set_line(text, "fix_lists = ", "fix_lists = [\"distros\"]"));
  TRY(set_line(text, "heads_up_lists = ", "heads_up_lists = [\"oss-security\"]"));
  TRY(set_line(text, "announce_lists = ", "announce_lists = [\"announce\", \"oss-security\"]"));
  // Five days from fix to release, so that the embargoed case's fix is out whatever the weekday.
  TRY(set_line(text, "packager_window_preferred_hours = ", "packager_window_preferred_hours = 120"));
  // The demo's tiny program instead of Exim's build (which needs Exim's sources).
  TRY(set_line(text, "[release.test]", "[release.test]\ncommand = \"cc -o exim src/exim.c && ./exim\""));
  text += fmt::format(k_lists, keys.distros);
  return util::write_file_atomic(toml, text, 0600);
}

Result<void> make_demo_repo(const DemoRun& run, const DemoKeys& keys) {
  return run_script(run, "making the demo repository", fmt::format(R"SH(set -e
G="git -C repo -c user.name=Maintainer -c user.email=maintainer@example.org -c user.signingkey={}"
git init -q -b main repo
mkdir -p repo/src/src repo/src/scripts repo/doc/doc-txt
printf '#!/bin/sh\n. ./version.sh\necho "#define EXIM_RELEASE_VERSION \\"$EXIM_RELEASE_VERSION\\"" >version.h\n' \
  >repo/src/scripts/reversion
chmod 755 repo/src/scripts/reversion
printf '#include <stdio.h>\n#include "version.h"\nint main(void) {{ printf("Exim version %%s\\n", EXIM_RELEASE_VERSION); return 0; }}\n' \
  >repo/src/src/exim.c
for v in 4.99 4.99.1 4.99.2; do
  echo "Exim $v" >>repo/doc/doc-txt/ChangeLog
  $G add -A && $G commit -q -m "Exim $v" && $G tag -s -m "Exim $v" "exim-$v"
done
)SH", keys.maintainer));
}

Result<void> write_demo_reports(const DemoRun& run, const DemoKeys& keys) {
  return run_script(run, "writing the demo reports", fmt::format(R"SH(set -e
mkdir -p reports/a reports/b reports/c
cat >reports/a/1.eml <<'EOF'
From: Jane Roe <jane@example.net>
To: Exim Security Team <security@example.org>
Subject: heap overflow in BDAT chunk handling
Message-ID: <report-a@example.net>

A long BDAT chunk overflows a heap buffer in receive.c (4.92 up to 4.99).
Reproducer attached on request. Please credit Jane Roe of Example Labs.
EOF
printf 'A use after free in the ACL expansion cache can be reached\nremotely (4.99.1). Details follow once you confirm.\n' |
  gpg --batch --quiet --trust-model always --armor --encrypt -r {} >reports/b.asc
{{ printf 'From: Max Mustermann <max@example.com>\nTo: security@example.org\n'
  printf 'Subject: use after free in ACL expansion\nMessage-ID: <report-b@example.com>\n\n'
  cat reports/b.asc; }} >reports/b/1.eml
cat >reports/c/1.eml <<'EOF'
From: Sam Doe <sam@example.com>
To: security@example.org
Subject: crash with an overlong HELO
Message-ID: <report-c@example.com>

exim -bh with an overlong HELO argument crashes. Not sure it is exploitable.
EOF
)SH", keys.team));
}

}  // namespace embargo::cli
