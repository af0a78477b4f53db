#pragma once

// `embargo doctor`: the checks it runs over a data directory, each a small
// function returning what it found. A check never fails the program: what
// goes wrong (an unreachable server, a missing key) is its finding.

#include <filesystem>
#include <string>
#include <vector>

#include <embargo/cli/context.hpp>
#include <embargo/config/config_file.hpp>
#include <embargo/core/store.hpp>

namespace embargo::cli::doctor {

struct Finding {
  enum class Status { ok, skip, fail };
  Status status = Status::ok;
  std::string what;  // "signing key 0xABC... can sign", "list distros: no usable encryption key for ..."
  std::string fix;   // for a failure: what to try
};

using Findings = std::vector<Finding>;

inline Finding ok(std::string what) { return {Finding::Status::ok, std::move(what), {}}; }
inline Finding skip(std::string what) { return {Finding::Status::skip, std::move(what), {}}; }
inline Finding fail(std::string what, std::string fix) {
  return {Finding::Status::fail, std::move(what), std::move(fix)};
}

// The team's signing key can sign; each encrypting list has keys that can
// encrypt (doctor_keys.cpp).
Findings check_keys(const std::filesystem::path& data, const config::ConfigFile& config);
// The SMTP server takes MAIL FROM the team address (no message is sent).
Findings check_smtp(const std::filesystem::path& data, const config::ConfigFile& config);
// [publish] web_dir and files_dir exist and are writable.
Findings check_publish_dirs(const std::filesystem::path& data, const config::ConfigFile& config);
// [http] public_url answers a GET (any status below 500).
Findings check_public_url(const config::ConfigFile& config);
// <data>/secrets is 0700 and every file in it 0600; so are the password files.
Findings check_secrets(const std::filesystem::path& data, const config::ConfigFile& config);
// The store's integrity and schema version, and every case's timeline chain.
Findings check_store(core::Store& store);

// Runs every check over ctx's data directory and prints one line per check
// (the fix under each failure); k_exit_error when any failed. `offline`
// skips SMTP and the public URL (doctor_command.cpp).
Result<int> run(Context& ctx, bool offline);

}  // namespace embargo::cli::doctor
