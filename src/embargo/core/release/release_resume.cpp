#include <embargo/core/release/release_resume.hpp>

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include <embargo/core/release/release_manifest.hpp>
#include <embargo/util/file.hpp>
#include <embargo/util/file_digest.hpp>

namespace embargo::core::release {

namespace fs = std::filesystem;

std::vector<std::string> release_file_names(const std::string& package, const ReleaseVersion& version,
                                            const std::vector<util::Compression>& formats) {
  std::vector<std::string> names = {k_sizes_file, k_sha256_file, k_sha512_file,
                                    patch_file_name(package, version), series_file_name(package, version)};
  for (auto f : formats) {
    names.push_back(fmt::format("{}-{}.tar.{}", package, version.text(), util::to_string(f)));
  }
  std::sort(names.begin(), names.end());
  return names;
}

namespace {

tl::unexpected<Error> refuse(const fs::path& dir, const std::string& why) {
  return make_error(ErrorCode::conflict, fmt::format("--resume: {} {}; it is not this release", dir.string(), why));
}

// The directory holds exactly `names` and their .asc files.
Result<void> check_file_set(const fs::path& dir, const std::vector<std::string>& names) {
  std::set<std::string> wanted;
  for (const auto& n : names) {
    wanted.insert(n);
    wanted.insert(n + ".asc");
  }
  std::set<std::string> present;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    present.insert(e.path().filename().string());
  }
  if (ec) {
    return make_error(ErrorCode::io_error, fmt::format("cannot list {}: {}", dir.string(), ec.message()));
  }
  for (const auto& n : present) {
    if (!wanted.count(n)) {
      return refuse(dir, fmt::format("holds {}", n));
    }
  }
  for (const auto& n : wanted) {
    if (!present.count(n)) {
      return refuse(dir, fmt::format("lacks {}", n));
    }
  }
  return {};
}

using Manifest = std::map<std::string, std::string>;

Result<Manifest> load(const fs::path& dir, const char* name, std::string_view label) {
  TRY_ASSIGN(std::string text, util::read_file(dir / name));
  return parse_manifest(name, text, label);
}

// One file: size and hashes as listed (00- files are not listed), signature
// good and by the same key as the others.
Result<ReleaseFile> check_file(const fs::path& dir, const std::string& name, const Manifest (&lists)[3], Signer& keys,
                               std::string& fingerprint) {
  TRY_ASSIGN(util::FileDigest d, util::digest_file(dir / name));
  bool listed = !name.starts_with("00-");
  if (listed && (lists[0].count(name) == 0 || lists[0].at(name) != fmt::format("{}", d.size) ||
                 lists[1].count(name) == 0 || lists[1].at(name) != d.sha256 || lists[2].count(name) == 0 ||
                 lists[2].at(name) != d.sha512)) {
    return refuse(dir, fmt::format("has {} with a size or hash that the checksum files do not list", name));
  }
  TRY_ASSIGN(std::string sig, util::read_file(dir / (name + ".asc")));
  TRY_ASSIGN(SignatureCheck check, keys.verify_file(dir / name, sig));
  if (!check.good) {
    return refuse(dir, fmt::format("has {}.asc that does not verify: {}", name, check.problem));
  }
  if (!fingerprint.empty() && check.fingerprint != fingerprint) {
    return refuse(dir, fmt::format("has {}.asc by key {}, the others by {}", name, check.fingerprint, fingerprint));
  }
  fingerprint = check.fingerprint;
  return ReleaseFile{name, d.size, d.sha256, d.sha512, true};
}

}  // namespace

Result<void> adopt_release_dir(const fs::path& dir, const std::vector<std::string>& names,
                               const std::string& patch_name, const std::string& patch_text, Signer& keys,
                               ReleaseReport& report) {
  TRY(check_file_set(dir, names));
  Manifest lists[3];
  TRY_ASSIGN(lists[0], load(dir, k_sizes_file, "SIZE"));
  TRY_ASSIGN(lists[1], load(dir, k_sha256_file, "SHA256"));
  TRY_ASSIGN(lists[2], load(dir, k_sha512_file, "SHA512"));
  for (const Manifest& m : lists) {
    if (m.size() + 3 != names.size()) {
      return refuse(dir, "has checksum files that do not list exactly this release's files");
    }
  }
  TRY_ASSIGN(std::string patch, util::read_file(dir / patch_name));
  if (patch != patch_text) {
    return refuse(dir, fmt::format("has a {} that differs from the tag's patch now", patch_name));
  }
  std::string fingerprint;
  report.files.clear();
  for (const auto& name : names) {
    TRY_ASSIGN(ReleaseFile f, check_file(dir, name, lists, keys, fingerprint));
    report.files.push_back(f);
    TRY_ASSIGN(util::FileDigest d, util::digest_file(dir / (name + ".asc")));
    report.files.push_back({name + ".asc", d.size, d.sha256, d.sha512, false});
  }
  std::sort(report.files.begin(), report.files.end(),
            [](const ReleaseFile& a, const ReleaseFile& b) { return a.name < b.name; });
  report.signing_fingerprint = fingerprint;
  return {};
}

}  // namespace embargo::core::release
