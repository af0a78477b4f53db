// libFuzzer target: what a server answers the CLI (`embargo --server`): any
// bytes as JSON, read as a case, a vulnerability and a timeline entry (and
// each element of a list). Malformed answers must be errors, never an
// exception or a crash.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <embargo/cli/remote.hpp>

namespace {

void read_all(const nlohmann::json& j) {
  (void)embargo::cli::remote::case_from_json(j);
  (void)embargo::cli::remote::vulnerability_from_json(j);
  (void)embargo::cli::remote::entry_from_json(j);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    return 0;
  }
  read_all(j);
  if (j.is_array()) {
    for (const auto& element : j) {
      read_all(element);
    }
  }
  if (j.is_object() && j.contains("vulnerabilities") && j["vulnerabilities"].is_array()) {
    for (const auto& element : j["vulnerabilities"]) {
      read_all(element);
    }
  }
  return 0;
}
