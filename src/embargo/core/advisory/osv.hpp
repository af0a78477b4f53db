#pragma once

// OSV 1.7 (data/schemas/osv). The package comes from advisory.purl when its
// purl type has an OSV ecosystem (pkg:pypi -> PyPI, pkg:npm -> npm, ...:
// ecosystem, name and purl); a source-only project (pkg:github/Exim/exim, or
// no purl) has no OSV ecosystem, and OSV requires one in a package, so it is
// described by its repository instead: the GIT range on advisory.repository_url,
// with the purl in database_specific. The affected versions are an
// ECOSYSTEM range of introduced/fixed events on the project's own version
// numbers; the GIT range has the introducing commit (or "0") and the fixing
// commit when they are known. The CVE is the id (OSV ids need a known
// database prefix); the vulnerability's other identifiers (a GCVE) and a CVE
// the reporter obtained are aliases.

#include <nlohmann/json.hpp>

#include <embargo/core/advisory/advisory_input.hpp>

namespace embargo::core::advisory {

struct OsvExtras {
  std::string fix_commit;         // full hash of the fixing commit in the public repository, if known
  std::string introduced_commit;  // full hash of the commit that introduced the bug, if known
  util::Timestamp modified{};
};

// InvalidArgument if the vulnerability has no CVE identifier or its affected
// versions are unknown.
Result<nlohmann::json> osv_record(const AdvisoryInput& in, const OsvExtras& extras);

// The OSV ecosystem of a purl's type ("pkg:pypi/x" -> "PyPI"); empty if OSV has none.
std::string osv_ecosystem(std::string_view purl);

}  // namespace embargo::core::advisory
