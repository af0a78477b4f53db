// libFuzzer target for the CVSS vector parser and scorers (any version), and the JSON forms.
// Checks invariants, not just the absence of crashes:
// - the fast parser and the general one (detail::parse_vector_slowly) agree: same vector, or the
//   same error message;
// - an error message is never empty; a vector that parses scores within 0..10;
// - its JSON serialises, and the error object too (invalid UTF-8 replaced, never thrown).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include <embargo/core/cvss/cvss.hpp>
#include <embargo/core/cvss/cvss_json.hpp>
#include <embargo/core/cvss/vector_parser.hpp>

namespace {

namespace cvss = embargo::core::cvss;

void check(bool ok) {
  if (!ok) {
    std::abort();
  }
}

void check_score(const std::optional<double>& score) {
  check(!score || (*score >= 0.0 && *score <= 10.0));
}

void check_parsers_agree(std::string_view text) {
  auto fast = cvss::parse_vector(text);
  auto slow = cvss::detail::parse_vector_slowly(text);
  check(fast.has_value() == slow.has_value());
  if (fast) {
    check(fast->version == slow->version && fast->values == slow->values);
  } else {
    check(fast.error().message() == slow.error().message());
  }
}

std::string dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check_parsers_agree(text);
  auto scored = cvss::score_vector(text);
  if (!scored) {
    check(!scored.error().message().empty());
    (void)dump(cvss::error_json(text, scored.error().message()));
    return 0;
  }
  check_score(scored->base);
  check_score(scored->temporal);
  check_score(scored->environmental);
  (void)dump(cvss::to_report_json(*scored, text));
  (void)dump(cvss::to_first_json(*scored, text));
  return 0;
}
