// libFuzzer target for the release builder's parsers of outside input: the
// checksum files of a release directory, version strings, tag names and the
// version file of a tree. The first byte picks the parser.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <embargo/core/release/release_manifest.hpp>
#include <embargo/core/release/release_version.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace embargo::core::release;
  if (size == 0) {
    return 0;
  }
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  static const ReleaseSettings settings;
  switch (data[0] % 4) {
    case 0:
      (void)parse_manifest("00-sizes.txt", text, "SIZE");
      (void)parse_manifest("00-sha256sums.txt", text, "SHA256");
      break;
    case 1:
      if (auto v = parse_release_version(text)) {
        // A parsed version prints back to a form that parses to the same.
        auto again = parse_release_version(v->text());
        if (!again || again->text() != v->text()) {
          __builtin_trap();
        }
      }
      break;
    case 2:
      (void)version_from_tag(text, settings.tag_patterns);
      break;
    default: {
      ReleaseVersion v{4, 99, 1, {}, {}};
      (void)check_version_file("version.sh", text, v, settings);
      break;
    }
  }
  return 0;
}
