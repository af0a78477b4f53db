#include <regex>

#include <fmt/format.h>
#include <toml.hpp>

#include <embargo/config/project_settings.hpp>
#include <embargo/config/release_layout_config.hpp>
#include <embargo/config/toml_get.hpp>

namespace embargo::config {

namespace rel = core::release;

namespace {

// A relative path without "." or ".." parts, without leading or trailing
// slash; "" only when `may_be_empty`.
Result<void> check_path(const std::string& path, const std::string& key, bool may_be_empty) {
  auto bad = [&](const char* why) {
    return make_error(ErrorCode::invalid_argument, fmt::format("config: {} = \"{}\" {}", key, path, why));
  };
  if (path.empty()) {
    return may_be_empty ? Result<void>() : bad("must not be empty");
  }
  if (path.front() == '/' || path.back() == '/') {
    return bad("must be a relative path without leading or trailing '/'");
  }
  std::size_t start = 0;
  while (true) {
    auto end = path.find('/', start);
    std::string part = path.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (part.empty() || part == "." || part == "..") {
      return bad("must not have empty, '.' or '..' parts");
    }
    if (end == std::string::npos) {
      return {};
    }
    start = end + 1;
  }
}

bool inside(const std::string& path, const std::string& dir) {
  return dir.empty() || path == dir || path.starts_with(dir + "/");
}

Result<std::vector<rel::LayoutAddition>> parse_additions(const toml::value& t) {
  if (!t.at("add").is_array()) {
    return make_error(ErrorCode::invalid_argument,
                      "config: release.layout.add must be an array of tables "
                      "([[release.layout.add]])");
  }
  std::vector<rel::LayoutAddition> out;
  for (const auto& item : t.at("add").as_array()) {
    if (!item.is_table()) {
      return make_error(ErrorCode::invalid_argument, "config: release.layout.add entries must be tables");
    }
    rel::LayoutAddition a;
    TRY_ASSIGN(a.from, get_or<std::string>(item, "release.layout.add", "from", ""));
    TRY_ASSIGN(a.to, get_or<std::string>(item, "release.layout.add", "to", ""));
    TRY_ASSIGN(a.exclude, get_or<std::vector<std::string>>(item, "release.layout.add", "exclude", {}));
    TRY(check_path(a.from, "release.layout.add.from", false));
    TRY(check_path(a.to, "release.layout.add.to", true));
    out.push_back(std::move(a));
  }
  return out;
}

Result<void> check_pattern(const std::string& p, const char* key, bool may_be_empty) {
  if (p.empty() && may_be_empty) {
    return {};
  }
  try {
    if (std::regex(p).mark_count() < 1) {
      return make_error(ErrorCode::invalid_argument, fmt::format("config: {} '{}' has no group", key, p));
    }
  } catch (const std::regex_error& e) {
    return make_error(ErrorCode::invalid_argument, fmt::format("config: {} '{}' is not a regex: {}", key, p, e.what()));
  }
  return {};
}

// The documentation keys, when there is a documentation command: a
// directory that is exported but not shipped, files, tools, a time limit.
Result<void> check_docs(const rel::ReleaseLayout& l) {
  if (l.docs_timeout_seconds < 1 || l.docs_timeout_seconds > 86400) {
    return make_error(ErrorCode::invalid_argument, "config: release.layout.docs_timeout_seconds must be 1 to 86400");
  }
  if (l.docs_command.empty()) {
    return {};
  }
  TRY(check_path(l.docs_dir, "release.layout.docs_dir", false));
  TRY(check_path(l.docs_to, "release.layout.docs_to", true));
  std::vector<std::string> shipped{l.top};
  for (const auto& a : l.add) {
    shipped.push_back(a.from);
  }
  for (const auto& dir : shipped) {
    if (inside(l.docs_dir, dir)) {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("config: release.layout.docs_dir \"{}\" is inside \"{}\", which the tarball "
                                    "ships: the documentation command's work files would ship too",
                                    l.docs_dir, dir));
    }
  }
  if (l.docs_files.empty()) {
    return make_error(ErrorCode::invalid_argument,
                      "config: release.layout.docs_files must name the files the documentation command makes");
  }
  for (const auto& f : l.docs_files) {
    TRY(check_path(f, "release.layout.docs_files", false));
  }
  for (const auto& t : l.docs_tools) {
    if (t.empty() || (t.find('/') != std::string::npos && t.front() != '/')) {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("config: release.layout.docs_tools \"{}\" must be a program name (looked up on "
                                    "PATH) or an absolute path",
                                    t));
    }
  }
  return {};
}

Result<void> check_layout(const rel::ReleaseLayout& l) {
  TRY(check_path(l.top, "release.layout.top", true));
  if (!l.version_file.empty()) {
    TRY(check_path(l.version_file, "release.layout.version_file", false));
    TRY(check_pattern(l.version_pattern, "release.layout.version_pattern", false));
    TRY(check_pattern(l.variant_pattern, "release.layout.variant_pattern", true));
  }
  for (const auto& d : l.empty_dirs) {
    TRY(check_path(d, "release.layout.empty_dirs", false));
  }
  if (l.stamp_timeout_seconds < 1 || l.stamp_timeout_seconds > 86400) {
    return make_error(ErrorCode::invalid_argument, "config: release.layout.stamp_timeout_seconds must be 1 to 86400");
  }
  TRY(check_docs(l));
  if (l.stamp_command.empty()) {
    return {};
  }
  TRY(check_path(l.stamp_dir, "release.layout.stamp_dir", true));
  for (const auto& source : l.sources()) {
    if (inside(l.stamp_dir, source)) {
      return {};
    }
  }
  return make_error(ErrorCode::invalid_argument,
                    fmt::format("config: release.layout.stamp_dir \"{}\" is not inside the top or an added "
                                "directory, so it is not exported for the stamping command",
                                l.stamp_dir));
}

}  // namespace

Result<rel::ReleaseLayout> parse_release_layout(const toml::value& release) {
  rel::ReleaseLayout l = rel::ReleaseLayout::exim();
  if (!release.is_table() || !release.contains("layout")) {
    return l;
  }
  const toml::value& t = release.at("layout");
  if (!t.is_table()) {
    return make_error(ErrorCode::invalid_argument, "config: release.layout must be a table");
  }
  const std::string where = "release.layout";
  TRY_ASSIGN(std::string preset, get_or<std::string>(t, where, "preset", "exim"));
  if (preset == "git-archive") {
    l = rel::ReleaseLayout::git_archive();
  } else if (preset != "exim") {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("config: release.layout.preset '{}' is not one of exim, git-archive", preset));
  }
  TRY_ASSIGN(l.top, get_or<std::string>(t, where, "top", l.top));
  TRY_ASSIGN(l.empty_dirs, get_or<std::vector<std::string>>(t, where, "empty_dirs", l.empty_dirs));
  TRY_ASSIGN(l.stamp_command, get_or<std::string>(t, where, "stamp_command", l.stamp_command));
  TRY_ASSIGN(l.stamp_dir, get_or<std::string>(t, where, "stamp_dir", l.stamp_dir));
  TRY_ASSIGN(l.stamp_timeout_seconds, get_or<int>(t, where, "stamp_timeout_seconds", l.stamp_timeout_seconds));
  TRY_ASSIGN(l.isolate_network, get_or<bool>(t, where, "isolate_network", l.isolate_network));
  TRY_ASSIGN(l.version_file, get_or<std::string>(t, where, "version_file", l.version_file));
  TRY_ASSIGN(l.version_pattern, get_or<std::string>(t, where, "version_pattern", l.version_pattern));
  TRY_ASSIGN(l.variant_pattern, get_or<std::string>(t, where, "variant_pattern", l.variant_pattern));
  TRY_ASSIGN(l.docs_command, get_or<std::string>(t, where, "docs_command", l.docs_command));
  TRY_ASSIGN(l.docs_dir, get_or<std::string>(t, where, "docs_dir", l.docs_dir));
  TRY_ASSIGN(l.docs_tools, get_or<std::vector<std::string>>(t, where, "docs_tools", l.docs_tools));
  TRY_ASSIGN(l.docs_files, get_or<std::vector<std::string>>(t, where, "docs_files", l.docs_files));
  TRY_ASSIGN(l.docs_to, get_or<std::string>(t, where, "docs_to", l.docs_to));
  TRY_ASSIGN(l.docs_timeout_seconds, get_or<int>(t, where, "docs_timeout_seconds", l.docs_timeout_seconds));
  if (t.contains("add")) {
    TRY_ASSIGN(l.add, parse_additions(t));
  }
  TRY(check_layout(l));
  return l;
}

Result<rel::ReleaseTestSettings> parse_release_test(const toml::value& release) {
  rel::ReleaseTestSettings s = rel::ReleaseTestSettings::exim();
  if (!release.is_table() || !release.contains("test")) {
    return s;
  }
  const toml::value& t = release.at("test");
  if (!t.is_table()) {
    return make_error(ErrorCode::invalid_argument, "config: release.test must be a table");
  }
  const std::string where = "release.test";
  TRY_ASSIGN(std::string preset, get_or<std::string>(t, where, "preset", "exim"));
  if (preset == "none") {
    s = rel::ReleaseTestSettings();
  } else if (preset != "exim") {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("config: release.test.preset '{}' is not one of exim, none", preset));
  }
  TRY_ASSIGN(s.command, get_or<std::string>(t, where, "command", s.command));
  TRY_ASSIGN(s.timeout_seconds, get_or<int>(t, where, "timeout_seconds", s.timeout_seconds));
  TRY_ASSIGN(s.expect, get_or<std::string>(t, where, "expect", s.expect));
  TRY_ASSIGN(s.isolate_network, get_or<bool>(t, where, "isolate_network", s.isolate_network));
  if (s.timeout_seconds < 1 || s.timeout_seconds > 86400) {
    return make_error(ErrorCode::invalid_argument, "config: release.test.timeout_seconds must be 1 to 86400");
  }
  return s;
}

Result<toml::value> load_release_table(const std::filesystem::path& data_dir, const std::string& project_file) {
  toml::value root;
  try {
    root = toml::parse((data_dir / "embargo.toml").string());
  } catch (const std::exception& e) {
    return make_error(ErrorCode::invalid_argument, fmt::format("config: {}", e.what()));
  }
  if (!project_file.empty()) {
    TRY_ASSIGN(root, merged_project_root(root, data_dir / project_file, project_file));
  }
  if (!root.is_table() || !root.contains("release")) {
    return toml::value(toml::table{});
  }
  return root.at("release");
}

std::string default_release_layout_text() {
  return R"(
# What the release tarball holds. preset = "exim" (the default, as Exim's
# release-process/scripts/mk_exim_release makes it) or "git-archive" (the whole
# repository, as `git archive` packs it); the keys below change the preset.
# Exim's: src/ becomes exim-X/, doc/doc-txt/ goes into doc/ minus the exclusions,
# an empty Local/, and src/src/version.sh, version.h and cnumber.h made by
# `../scripts/reversion release` run in src/src of a private scratch copy of the
# exported tree (SOURCE_DATE_EPOCH = the tag's commit time, no network, a time
# limit; EMBARGO_VERSION, EMBARGO_RELEASE, EMBARGO_VARIANT, EMBARGO_TAG,
# EMBARGO_TAG_TIME (the tagger's time) and EMBARGO_PACKAGE are set). Then,
# unless `release build --no-docs`, docs_dir is not in the tag or one of
# docs_tools is missing (the build then says "documentation skipped: ..."), the
# documentation command runs the same way in docs_dir (Exim's: OS-Fixups, then
# `make spec.txt filter.txt exim.8` in doc/doc-docbook, with `date` at
# EMBARGO_TAG_TIME), and docs_files ship in docs_to (Exim's PDF and PostScript
# tarballs are not made). `embargo release layout` lists the result (without
# running the documentation command).
[release.layout]
preset = "exim"
# top = "src"                          # "" = the whole repository
# empty_dirs = ["Local"]               # relative to the top
# stamp_dir = "src/src"                # a repository path; "" = the root
# stamp_command = "..."                # /bin/sh -c; "" = nothing generated
# stamp_timeout_seconds = 120
# isolate_network = true               # the stamping command runs without network
# version_file = "src/version.h"       # of the built tree, relative to the top ("" = none)
# version_pattern = "\\s*#define\\s+EXIM_RELEASE_VERSION\\s+\"([0-9.]+)\"\\s*"
# variant_pattern = "\\s*#define\\s+EXIM_VARIANT_VERSION\\s+\"(RC[0-9]+|)\"\\s*"
# docs_command = "..."                 # /bin/sh -c in docs_dir; "" = no documentation step
# docs_dir = "doc/doc-docbook"         # a repository path, not inside what ships
# docs_tools = ["make", "perl", "xfpt", "xmlto", "w3m", "/usr/share/xml/docbook/stylesheet/docbook-xsl",
#               "/usr/share/xml/docbook/schema/dtd/4.2/docbookx.dtd"]   # on PATH, or absolute paths
# docs_files = ["exim.8", "spec.txt", "filter.txt"]   # made in docs_dir, each not empty
# docs_to = "doc"                      # where they ship, relative to the top
# docs_timeout_seconds = 1800
# [[release.layout.add]]               # replaces the preset's additions
# from = "doc/doc-txt"
# to = "doc"
# exclude = [".*", "ABOUT", "ChangeLog.0", "test-harness.txt", "rfc*", "draft-ietf-*"]

# `embargo release test OUT`: the built tarball is unpacked into a scratch
# directory and this command runs in its top directory (EMBARGO_TEST_DIR is the
# scratch directory, EMBARGO_VERSION and EMBARGO_PACKAGE are set), without
# network, with a time limit; its output must contain `expect`. preset = "exim"
# (the default: Local/Makefile from src/EDITME for this machine, make, then
# exim -bV must print "Exim version VERSION") or "none".
[release.test]
preset = "exim"
# command = "..."
# timeout_seconds = 1800
# expect = "Exim version {version}"
# isolate_network = true
)";
}

}  // namespace embargo::config
