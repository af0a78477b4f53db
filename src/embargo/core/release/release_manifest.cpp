#include <embargo/core/release/release_manifest.hpp>

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include <embargo/util/file.hpp>
#include <embargo/util/file_digest.hpp>

namespace embargo::core::release {

namespace fs = std::filesystem;

std::string format_sizes(const std::vector<ManifestEntry>& entries) {
  std::string out;
  for (const auto& e : entries) {
    out += fmt::format("SIZE ({}) = {}\n", e.name, e.size);
  }
  return out;
}

std::string format_sums(std::string_view label, const std::vector<ManifestEntry>& entries, bool sha512) {
  std::string out;
  for (const auto& e : entries) {
    out += fmt::format("{} ({}) = {}\n", label, e.name, sha512 ? e.sha512 : e.sha256);
  }
  return out;
}

Result<std::map<std::string, std::string>> parse_manifest(std::string_view file_name, std::string_view text,
                                                          std::string_view label) {
  std::map<std::string, std::string> out;
  std::size_t line_no = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    start = end == std::string_view::npos ? text.size() : end + 1;
    ++line_no;
    auto bad = [&](std::string_view why) {
      return make_error(ErrorCode::invalid_argument, fmt::format("{} line {}: {}", file_name, line_no, why));
    };
    std::string lead = fmt::format("{} (", label);
    auto close = line.rfind(") = ");
    if (line.substr(0, lead.size()) != lead || close == std::string_view::npos || close < lead.size()) {
      return bad(fmt::format("expected '{} (FILE) = VALUE'", label));
    }
    std::string name(line.substr(lead.size(), close - lead.size()));
    std::string value(line.substr(close + 4));
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
      return bad(fmt::format("'{}' is not a plain file name", name));
    }
    if (value.empty()) {
      return bad("no value");
    }
    if (!out.emplace(name, value).second) {
      return bad(fmt::format("{} is listed twice", name));
    }
  }
  return out;
}

namespace {

using Manifest = std::map<std::string, std::string>;

Result<Manifest> load_manifest(const fs::path& dir, const char* name, std::string_view label) {
  TRY_ASSIGN(std::string text, util::read_file(dir / name));
  return parse_manifest(name, text, label);
}

void check_signature(const fs::path& dir, const std::string& name, Signer& keys, VerifyReport& report,
                     bool& good) {
  auto sig = util::read_file(dir / (name + ".asc"));
  if (!sig) {
    report.problems.push_back(fmt::format("{}: no signature {}.asc", name, name));
    good = false;
    return;
  }
  auto check = keys.verify_file(dir / name, *sig);
  if (!check) {
    report.problems.push_back(fmt::format("{}.asc: {}", name, check.error().message()));
    good = false;
  } else if (!check->good) {
    report.problems.push_back(fmt::format("{}.asc: {}", name, check->problem));
    good = false;
  }
}

}  // namespace

Result<VerifyReport> verify_release_dir(const fs::path& dir, Signer& keys) {
  TRY_ASSIGN(Manifest sizes, load_manifest(dir, k_sizes_file, "SIZE"));
  TRY_ASSIGN(Manifest sha256, load_manifest(dir, k_sha256_file, "SHA256"));
  TRY_ASSIGN(Manifest sha512, load_manifest(dir, k_sha512_file, "SHA512"));
  VerifyReport report;
  std::set<std::string> known = {k_sizes_file, k_sha256_file, k_sha512_file};
  for (const auto& [name, size] : sizes) {
    known.insert(name);
    if (!sha256.count(name) || !sha512.count(name)) {
      report.problems.push_back(fmt::format("{}: listed in {} but not in both sums files", name, k_sizes_file));
    }
  }
  for (const auto* m : {&sha256, &sha512}) {
    for (const auto& [name, value] : *m) {
      if (!sizes.count(name)) {
        report.problems.push_back(fmt::format("{}: has a checksum but no size in {}", name, k_sizes_file));
      }
    }
  }
  for (const auto& name : known) {
    bool good = true;
    if (sizes.count(name)) {
      auto d = util::digest_file(dir / name);
      if (!d) {
        report.problems.push_back(d.error().message());
        continue;
      }
      if (fmt::format("{}", d->size) != sizes[name]) {
        report.problems.push_back(fmt::format("{}: size {} but {} lists {}", name, d->size, k_sizes_file, sizes[name]));
        good = false;
      }
      if (sha256.count(name) && d->sha256 != sha256[name]) {
        report.problems.push_back(fmt::format("{}: SHA256 differs from {}", name, k_sha256_file));
        good = false;
      }
      if (sha512.count(name) && d->sha512 != sha512[name]) {
        report.problems.push_back(fmt::format("{}: SHA512 differs from {}", name, k_sha512_file));
        good = false;
      }
    }
    check_signature(dir, name, keys, report, good);
    if (good) {
      report.checked.push_back(name);
    }
  }
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    std::string stem = name.size() > 4 && name.ends_with(".asc") ? name.substr(0, name.size() - 4) : name;
    if (!known.count(stem)) {
      report.problems.push_back(fmt::format("{}: not listed in {}", name, k_sizes_file));
    }
  }
  if (ec) {
    return make_error(ErrorCode::io_error, fmt::format("cannot list {}: {}", dir.string(), ec.message()));
  }
  return report;
}

}  // namespace embargo::core::release
