#pragma once

// The key that seals the Digest HA1 values of usercodes (util::SecretBox).
// It lives OUTSIDE the database, in <data>/secrets/usercode.key (32 random
// bytes, mode 0600, in a 0700 directory), made on first use. A database
// backup (`embargo backup`) does not contain it; back it up separately, or
// after losing it rotate every usercode (Basic keeps working: it checks the
// argon2id hash, which needs no key). Operators may move the file elsewhere
// (e.g. a tmpfs or a separate volume) and point EMBARGO_USERCODE_KEY at it.

#include <filesystem>
#include <memory>

#include <embargo/util/result.hpp>
#include <embargo/util/secret_box.hpp>

namespace embargo::config {

// The key file's path: $EMBARGO_USERCODE_KEY, or <data>/secrets/usercode.key.
std::filesystem::path usercode_key_path(const std::filesystem::path& data_dir);

// Loads the key, creating it when `create` and it does not exist. Refuses a
// key file that group or others may read (InvalidArgument), or that is not
// exactly 32 bytes (Corruption). NotFound when missing and !create.
Result<std::unique_ptr<util::SecretBox>> load_usercode_key(const std::filesystem::path& data_dir, bool create);

// The key that seals users' TOTP secrets (core/totp_enrolment.hpp), the same
// way: $EMBARGO_TOTP_KEY or <data>/secrets/totp.key, made by embargod on start.
// Losing it turns every second factor unusable: `embargo user totp-reset NAME`.
std::filesystem::path totp_key_path(const std::filesystem::path& data_dir);
Result<std::unique_ptr<util::SecretBox>> load_totp_key(const std::filesystem::path& data_dir, bool create);

// The key that seals outbox bodies (storage/outbox_seal.hpp): they may hold
// a reporter's portal link or a download password. $EMBARGO_OUTBOX_KEY or
// <data>/secrets/outbox.key, made when the data directory is opened. Losing
// it makes the queued and sent messages unreadable (nothing else): what is
// still queued must be sent again (`embargo notice send ... --again`).
std::filesystem::path outbox_key_path(const std::filesystem::path& data_dir);
Result<std::unique_ptr<util::SecretBox>> load_outbox_key(const std::filesystem::path& data_dir, bool create);

// Each of the above: the key at `path`; `what` and `maker` name it in errors.
Result<std::unique_ptr<util::SecretBox>> load_key_file(const std::filesystem::path& path, bool create,
                                                       std::string_view what, std::string_view maker);

}  // namespace embargo::config
