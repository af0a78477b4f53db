#include <embargo/core/release/release_test.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>

#include <fmt/format.h>

#include <embargo/util/subprocess.hpp>

namespace embargo::core::release {

namespace fs = std::filesystem;

ReleaseTestSettings ReleaseTestSettings::exim() {
  ReleaseTestSettings s;
  s.command =
      "set -e\n"
      "t=\"$EMBARGO_TEST_DIR\"\n"
      "sed -e \"s,^BIN_DIRECTORY=.*,BIN_DIRECTORY=$t/bin,\" \\\n"
      "    -e \"s,^CONFIGURE_FILE=.*,CONFIGURE_FILE=$t/configure,\" \\\n"
      "    -e \"s,^EXIM_USER=.*,EXIM_USER=ref:nobody,\" \\\n"
      "    -e \"s,^SPOOL_DIRECTORY=.*,SPOOL_DIRECTORY=$t/spool,\" \\\n"
      "    -e \"s,^# *USE_OPENSSL=yes,USE_OPENSSL=yes,\" \\\n"
      "    -e \"s,^# *TLS_LIBS=-lssl -lcrypto\\$,TLS_LIBS=-lssl -lcrypto,\" \\\n"
      "    src/EDITME >Local/Makefile\n"
      "cp src/configure.default \"$t/configure\"\n"
      "if make -j\"$(nproc)\" >\"$t/make.log\" 2>&1; then echo \"build ok\"; else tail -n 40 \"$t/make.log\"; exit 1; fi\n"
      "./build-*/exim -C \"$t/configure\" -bV\n";
  return s;
}

std::string ReleaseTestReport::summary() const {
  if (ok) {
    return fmt::format("release tested: {}: build and test ok ({:.0f} s): {}", tarball, seconds, found);
  }
  return fmt::format("release tested: {}: FAILED ({:.0f} s): {}", tarball, seconds, problem);
}

namespace {

class Scratch {
 public:
  ~Scratch() {
    if (!m_path.empty()) {
      std::error_code ec;
      fs::remove_all(m_path, ec);
    }
  }
  Result<fs::path> make() {
    std::error_code ec;
    fs::path tmp = fs::temp_directory_path(ec);
    std::string pattern = ((ec ? fs::path("/tmp") : tmp) / "embargo-release-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      return make_error(ErrorCode::io_error, fmt::format("cannot create a scratch directory: {}",
                                                         std::generic_category().message(errno)));
    }
    m_path = pattern;
    return m_path;
  }

 private:
  fs::path m_path;
};

// <package>-<version>.tar.<ext> in `dir`, gz first (quickest to unpack).
Result<std::pair<std::string, std::string>> find_tarball(const fs::path& dir, const std::string& package) {
  for (const char* ext : {".tar.gz", ".tar.xz", ".tar.bz2"}) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      std::string name = e.path().filename().string();
      if (name.starts_with(package + "-") && name.ends_with(ext) && e.is_regular_file(ec)) {
        std::string version = name.substr(package.size() + 1, name.size() - package.size() - 1 - std::strlen(ext));
        return std::make_pair(name, version);
      }
    }
    if (ec) {
      return make_error(ErrorCode::not_found, fmt::format("{}: {}", dir.string(), ec.message()));
    }
  }
  return make_error(ErrorCode::not_found,
                    fmt::format("{} holds no {}-VERSION.tar.gz, .tar.xz or .tar.bz2", dir.string(), package));
}

std::string replace_version(std::string text, const std::string& version) {
  for (auto at = text.find("{version}"); at != std::string::npos; at = text.find("{version}", at + version.size())) {
    text.replace(at, 9, version);
  }
  return text;
}

// The first line of `output` containing `needle`.
std::string line_with(const std::string& output, const std::string& needle) {
  auto at = output.find(needle);
  if (at == std::string::npos) {
    return {};
  }
  auto start = output.rfind('\n', at);
  start = start == std::string::npos ? 0 : start + 1;
  auto end = output.find('\n', at);
  return output.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace

Result<ReleaseTestReport> test_release(const fs::path& out_dir, const std::string& package,
                                       const ReleaseTestSettings& settings) {
  if (settings.command.empty()) {
    return make_error(ErrorCode::invalid_argument, "no release test is configured (release.test.command)");
  }
  ReleaseTestReport r;
  TRY_ASSIGN(auto found, find_tarball(out_dir, package));
  r.tarball = found.first;
  r.version = found.second;
  Scratch scratch;
  TRY_ASSIGN(fs::path dir, scratch.make());
  util::SubprocessOptions unpack;
  unpack.command = "tar -xf \"$EMBARGO_TARBALL\"";
  unpack.cwd = dir;
  unpack.env = {{"EMBARGO_TARBALL", fs::absolute(out_dir / r.tarball).string()}};
  unpack.isolate_network = false;
  TRY_ASSIGN(util::SubprocessResult u, util::run_subprocess(unpack));
  fs::path top = dir / (package + "-" + r.version);
  std::error_code ec;
  if (!u.ok() || !fs::is_directory(top, ec)) {
    return make_error(ErrorCode::invalid_argument, fmt::format("{} does not unpack into {}-{}/: {}", r.tarball,
                                                               package, r.version, util::tail_lines(u.output, 10)));
  }
  util::SubprocessOptions o;
  o.command = settings.command;
  o.cwd = top;
  o.env = {{"EMBARGO_TEST_DIR", dir.string()}, {"EMBARGO_VERSION", r.version}, {"EMBARGO_PACKAGE", package}};
  o.timeout = std::chrono::seconds(settings.timeout_seconds);
  o.isolate_network = settings.isolate_network;
  TRY_ASSIGN(util::SubprocessResult t, util::run_subprocess(o));
  r.output = t.output;
  r.seconds = t.seconds;
  std::string expect = replace_version(settings.expect, r.version);
  r.found = expect.empty() ? std::string("(no expected text)") : line_with(t.output, expect);
  if (!t.ok()) {
    r.problem = t.describe(o.timeout);
  } else if (r.found.empty()) {
    r.problem = fmt::format("no line of the output has '{}'", expect);
  }
  r.ok = r.problem.empty();
  return r;
}

}  // namespace embargo::core::release
