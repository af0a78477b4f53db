// libFuzzer target (issue 9): the compiled schema must give valijson's answer.
// SchemaSet::validate() trusts CompiledSchema::accepts() for valid documents,
// so a document it accepts and valijson refuses would let a bad record in.
// Input: one byte choosing the schema (CVE record, CNA container, OSV, CSAF),
// then a JSON document. Aborts on a disagreement or an exception.
//
// The custom mutator changes the document as JSON (fuzz/json_mutator.hpp):
// byte-level mutations of a real record rarely leave valid JSON.
//   build-fuzz/bin/fuzz_schema_agree fuzz/corpus/schema_agree

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <embargo/schema/compiled_schema.hpp>
#include <embargo/schema/json_schema.hpp>

#include "json_mutator.hpp"

using namespace embargo::schema;

namespace {

constexpr SchemaKind k_kinds[] = {SchemaKind::cve_record, SchemaKind::cve_cna_container, SchemaKind::osv,
                                  SchemaKind::csaf};

const SchemaSet& schemas() {
  static const auto set = [] {
    auto dir = find_schema_dir();
    auto loaded = dir ? SchemaSet::load(*dir) : tl::unexpected(dir.error());
    if (!loaded) {
      std::fprintf(stderr, "fuzz_schema_agree: %s\n", loaded.error().message().c_str());
      std::abort();
    }
    return *loaded;
  }();
  return *set;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) {
    return 0;
  }
  SchemaKind kind = k_kinds[data[0] % 4];
  nlohmann::json doc = nlohmann::json::parse(data + 1, data + size, nullptr, false);
  if (doc.is_discarded() || SchemaSet::too_deep(doc)) {
    return 0;
  }
  const CompiledSchema* compiled = schemas().compiled(kind);
  if (compiled == nullptr) {
    std::fprintf(stderr, "fuzz_schema_agree: schema %d did not compile\n", data[0] % 4);
    std::abort();
  }
  bool fast = compiled->accepts(doc);
  bool reference = schemas().valijson_problems(kind, doc).empty();
  if (fast != reference) {
    std::fprintf(stderr, "fuzz_schema_agree: compiled %d, valijson %d\n", fast, reference);
    std::abort();
  }
  return 0;
}

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t max_size,
                                              unsigned int seed) {
  if (size < 2) {
    return size;
  }
  nlohmann::json doc = nlohmann::json::parse(data + 1, data + size, nullptr, false);
  if (doc.is_discarded()) {
    return size;
  }
  static const auto values = fuzz::mutation_values();
  std::mt19937 rng(seed);
  fuzz::mutate(doc, rng, values);
  std::string text = doc.dump();
  if (text.size() + 1 > max_size) {
    return size;
  }
  std::memcpy(data + 1, text.data(), text.size());
  return text.size() + 1;
}
