#pragma once

// OSV 1.7 (data/schemas/osv) for a source-only project: no package (OSV ties
// a package to an ecosystem; the product is named in database_specific), the
// affected versions as an ECOSYSTEM-less range of introduced/fixed events on
// the project's own version numbers, a GIT range when the fixing commit is
// known, the CVE as the id (OSV ids need a known database prefix) and the
// case's other identifiers as aliases.

#include <nlohmann/json.hpp>

#include <embargo/core/advisory/advisory_input.hpp>

namespace embargo::core::advisory {

struct OsvExtras {
  std::string fix_commit;  // full hash of the fixing commit in the public repository, if known
  util::Timestamp modified{};
};

// InvalidArgument if the vulnerability has no CVE identifier.
Result<nlohmann::json> osv_record(const AdvisoryInput& in, const OsvExtras& extras);

}  // namespace embargo::core::advisory
