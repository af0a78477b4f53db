#pragma once

// Makes a new OpenPGP key in a GnuPG home, without a passphrase and without
// expiry: an Ed25519 primary key for signing and certifying and, when asked,
// a Curve25519 encryption subkey. For throwaway keys (`embargo demo`); a
// team's real key is made with GnuPG itself, with a passphrase.

#include <filesystem>
#include <string>
#include <string_view>

#include <embargo/util/result.hpp>

namespace embargo::pgp {

// The new key's fingerprint. IOError when GnuPG is missing or refuses.
Result<std::string> create_key(const std::filesystem::path& home, std::string_view user_id, bool encryption_subkey);

// The public key of `fingerprint`, ASCII armored. NotFound when absent.
Result<std::string> export_public_key(const std::filesystem::path& home, std::string_view fingerprint);

}  // namespace embargo::pgp
