#pragma once

// The keys `embargo setup` puts into a data directory's GnuPG home: the
// team's key pair made here, or keys imported from files (the team's secret
// key, the lists' public keys). The home is created (mode 0700) if missing.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/util/result.hpp>
#include <embargo/util/secret.hpp>

namespace embargo::pgp {

// A new ed25519 key (signs) with a cv25519 subkey (encrypts) for `user_id`
// ("Name <address>"), protected by `passphrase` (none when empty). Its
// fingerprint. IOError naming GnuPG's problem.
Result<std::string> make_key_pair(const std::filesystem::path& home, std::string_view user_id,
                                  util::SensitiveString passphrase);

// Imports every key in `file` (armored or binary, public or secret; a secret
// key protected by `passphrase`). The primary fingerprints it held;
// InvalidArgument when it held none.
Result<std::vector<std::string>> import_key_file(const std::filesystem::path& home, const std::filesystem::path& file,
                                                 util::SensitiveString passphrase);

}  // namespace embargo::pgp
