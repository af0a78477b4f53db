#pragma once

// The embargoed download area of a case (seed step 13): the files of a fixed
// release, offered to the lists under embargo through one usercode per list,
// between an opening time and a release time, with every download recorded.
//
// Usercodes: the user name is the list name ("distros"), unique per case; the
// case id is in every URL (/embargo/CASE/...) and in the Digest realm
// ("embargo CASE"), so the same list name in two cases names two usercodes
// with two passwords. The password is stored only as argon2id; Digest needs
// H(user:realm:password) (HA1), which is stored sealed (util::SecretBox)
// under a key kept outside the database (config/secret_key.hpp).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <embargo/util/result.hpp>
#include <embargo/util/time.hpp>

namespace embargo::util {
class SecretBox;
}

namespace embargo::core {

struct Usercode {
  std::string case_id;
  std::string list;               // the user name, e.g. "distros"
  std::string password_hash;      // argon2id, self-describing string
  std::string ha1_md5_sealed;     // SecretBox-sealed hex HA1 for Digest MD5
  std::string ha1_sha256_sealed;  // ... for Digest SHA-256
  int generation = 1;             // +1 on every rotation
  util::Timestamp created_at{};
  std::optional<util::Timestamp> revoked_at;

  bool revoked() const { return revoked_at.has_value(); }
};

// What happens to the download area at the release time.
enum class AtRelease { publish, close };
std::string_view to_string(AtRelease a);
Result<AtRelease> parse_at_release(std::string_view text);

struct DownloadWindow {
  std::string case_id;
  util::Timestamp opens_at{};
  util::Timestamp releases_at{};
  AtRelease at_release = AtRelease::publish;
};

enum class WindowPhase {
  not_open,   // before opens_at: nothing is served
  open,       // the usercodes of the case may download
  published,  // released, files public at /public/CASE/FILE
  closed,     // released and closed: nothing is served
};
std::string_view to_string(WindowPhase p);
WindowPhase phase_at(const DownloadWindow& w, util::Timestamp now);

class StoreTx;  // core/store.hpp
// True when case `case_id` has usercode `user` and it is not revoked: what a
// fix notice to that list and a schedule naming it in fix_lists need.
Result<bool> has_live_usercode(StoreTx& tx, std::string_view case_id, std::string_view user);

// InvalidArgument unless opens_at < releases_at.
Result<void> validate_window(const DownloadWindow& w);

// One served download (a GET that sent bytes).
struct Download {
  std::string case_id;
  std::string usercode;  // list name, or "" for a public download
  std::string file;
  std::int64_t bytes = 0;
  int status = 200;
  util::Timestamp at{};
  std::string address;
};

// A list name as a usercode: 1-64 of [a-z0-9._-], starting with a letter or
// digit (no ':' which Basic uses as separator, no quotes for Digest).
Result<void> validate_list_name(std::string_view name);
// A published file name: 1-200 bytes, no '/', '\\', control characters or
// quotes, not starting with '.', so that no name can mean a path.
Result<void> validate_file_name(std::string_view name);

// The Digest realm of a case's usercodes. Part of HA1: never change it.
std::string usercode_realm(std::string_view case_id);

// A usercode with a new random password (returned in `password`, shown once).
struct IssuedUsercode {
  Usercode usercode;
  std::string password;
};
Result<IssuedUsercode> issue_usercode(std::string_view case_id, std::string_view list, const util::SecretBox& box,
                                      util::Timestamp now, int generation = 1);

// The associated data binding a sealed HA1 to its row and algorithm.
std::string ha1_context(std::string_view case_id, std::string_view list, std::string_view algorithm);

// Length of generated passwords (~5.9 bits per character: ~141 bits).
inline constexpr std::size_t k_usercode_password_length = 24;

}  // namespace embargo::core
