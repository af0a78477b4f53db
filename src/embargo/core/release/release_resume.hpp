#pragma once

// Finishing a release that a previous run left half-done.
//
// A build publishes its output directory in one rename, so a run that died
// leaves either nothing (its staging directory is removed by the next run) or
// a complete output directory whose later steps (recording on a case) did not
// happen. `embargo release build --resume` takes such a directory over
// instead of refusing it as "not empty": it must hold exactly this release's
// files, every size and hash must match the checksum files, every signature
// must be good and made by one key, and the standalone patch must be the one
// this tag and base give now.

#include <filesystem>
#include <string>
#include <vector>

#include <embargo/core/release/release_builder.hpp>
#include <embargo/core/release/signer.hpp>
#include <embargo/util/result.hpp>

namespace embargo::core::release {

// The files a release of `package` `version` consists of, without the .asc
// signatures, sorted by name.
std::vector<std::string> release_file_names(const std::string& package, const ReleaseVersion& version,
                                            const std::vector<util::Compression>& formats);

// Checks `dir` as described above and fills `report.files` and
// `report.signing_fingerprint`. Conflict naming the first file that is
// missing, extra, changed or badly signed.
Result<void> adopt_release_dir(const std::filesystem::path& dir, const std::vector<std::string>& names,
                               const std::string& patch_name, const std::string& patch_text, Signer& keys,
                               ReleaseReport& report);

}  // namespace embargo::core::release
