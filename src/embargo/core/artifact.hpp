#pragma once

#include <cstdint>
#include <string>

#include <embargo/util/time.hpp>

namespace embargo::core {

// A release file recorded on a case (tarball, patch, checksum list, signature).
// The bytes live in the content-addressed file store; this is the record.
struct Artifact {
  std::string case_id;
  std::string name;    // file name as published, e.g. "exim-4.99.1.tar.xz"
  std::string sha256;  // hex of the content
  std::int64_t size = 0;
  // True when a detached signature over this file verified when it was
  // recorded. The state machine needs a signed release for `fix-shared`.
  bool signature_verified = false;
  util::Timestamp created_at{};
};

}  // namespace embargo::core
