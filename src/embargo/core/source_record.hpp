#pragma once

#include <string>

#include <embargo/util/time.hpp>

namespace embargo::core {

// A document a vulnerability was imported from (a CVE record), kept whole so
// that nothing the importer does not map is lost, with a snapshot of the
// fields it mapped (to tell later which ones the team changed).
struct SourceRecord {
  std::string case_id;
  int ordinal = 0;
  std::string format;    // "cve"
  std::string document;  // the original JSON text
  std::string snapshot;  // JSON of the mapped fields at import
  util::Timestamp imported_at{};
};

}  // namespace embargo::core
