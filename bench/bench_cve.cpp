// Issue 9: validate and convert generated CVE records. Each record is a
// variation of a real one (CVE-2019-10149, with its CNA container): new id,
// description and version range per record, so nothing is cached between
// records. One operation is the whole path of `embargo import cve` and
// `export cve` for one record, on one thread:
//   parse the JSON text -> validate against CVE 5.1.1 -> map to a case and a
//   vulnerability -> overlay the team's fields back -> serialise.
// Reports records/s (the issue aims for 20,000/s on one core).
//
// Usage: bench_cve [benchmark flags]   (run from the build directory)

#include <fstream>
#include <iostream>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <embargo/core/advisory/cve_import.hpp>
#include <embargo/schema/json_schema.hpp>

using namespace embargo;
using Json = nlohmann::json;

namespace {

constexpr int k_records = 100000;

Json base_record() {
  std::ifstream in(std::string(EMBARGO_BENCH_DATA_DIR) + "/cve/CVE-2019-10149.json");
  if (!in) {
    std::cerr << "bench_cve: cannot read tests/data/cve/CVE-2019-10149.json\n";
    std::exit(1);
  }
  return Json::parse(in);
}

// The JSON texts of `n` distinct, valid records.
std::vector<std::string> generate(int n) {
  Json base = base_record();
  std::vector<std::string> out;
  out.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    Json r = base;
    r["cveMetadata"]["cveId"] = fmt::format("CVE-2026-{}", 10000 + i);
    r["containers"]["cna"]["descriptions"][0]["value"] =
        fmt::format("Improper validation of recipient address {} in deliver_message() allows remote code execution.", i);
    Json& versions = r["containers"]["cna"]["affected"][0]["versions"];
    versions = Json::array({{{"version", fmt::format("4.{}", 80 + i % 10)},
                             {"lessThan", fmt::format("4.{}.{}", 90 + i % 10, i % 7)},
                             {"status", "affected"},
                             {"versionType", "custom"}}});
    out.push_back(r.dump());
  }
  return out;
}

std::shared_ptr<const schema::SchemaSet> load_schemas() {
  auto dir = schema::find_schema_dir();
  auto set = dir ? schema::SchemaSet::load(*dir) : tl::unexpected(dir.error());
  if (!set) {
    std::cerr << "bench_cve: " << set.error().message() << '\n';
    std::exit(1);
  }
  return *set;
}

// 1000 generated records, parsed.
const std::vector<Json>& parsed_records() {
  static const std::vector<Json> parsed = [] {
    std::vector<Json> out;
    for (const std::string& text : generate(1000)) {
      out.push_back(Json::parse(text));
    }
    return out;
  }();
  return parsed;
}

// What `import cve` maps and `export cve` writes back, for one record.
Json convert(Json record) {
  auto mapped = core::advisory::map_cve_record(record);
  core::Vulnerability v;
  v.title = mapped->vuln.title;
  v.description = mapped->vuln.description;
  v.affected = mapped->vuln.affected;
  core::Case c;
  core::AdvisoryConfig config;
  return core::advisory::overlay_cve_record(std::move(record), core::advisory::managed_fields(v), {c, v, config, {}});
}

void BM_validate_and_convert(benchmark::State& state) {
  static const std::vector<std::string> texts = generate(k_records);
  static const auto schemas = load_schemas();
  std::size_t i = 0;
  std::int64_t invalid = 0;
  for (auto _ : state) {
    Json record = Json::parse(texts[i++ % texts.size()]);
    invalid += schemas->validate(schema::SchemaKind::cve_record, record).empty() ? 0 : 1;
    benchmark::DoNotOptimize(convert(std::move(record)).dump());
  }
  if (invalid != 0) {
    state.SkipWithError("generated records failed the schema");
  }
  state.counters["records/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_validate_and_convert)->Iterations(k_records)->Unit(benchmark::kMicrosecond);

// The stages apart, to show where a record's time goes.
void BM_validate_only(benchmark::State& state) {
  static const auto schemas = load_schemas();
  const std::vector<Json>& parsed = parsed_records();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(schemas->validate(schema::SchemaKind::cve_record, parsed[i++ % parsed.size()]));
  }
  state.counters["records/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_validate_only)->Unit(benchmark::kMicrosecond);

// valijson alone, as validate() ran before the compiled schema.
void BM_validate_valijson(benchmark::State& state) {
  static const auto schemas = load_schemas();
  const std::vector<Json>& parsed = parsed_records();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(schemas->valijson_problems(schema::SchemaKind::cve_record, parsed[i++ % parsed.size()]));
  }
  state.counters["records/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_validate_valijson)->Unit(benchmark::kMicrosecond);

void BM_parse_only(benchmark::State& state) {
  static const std::vector<std::string> texts = generate(1000);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(Json::parse(texts[i++ % texts.size()]));
  }
}
BENCHMARK(BM_parse_only)->Unit(benchmark::kMicrosecond);

// Includes copying the parsed record, which the whole path moves instead.
void BM_convert_only(benchmark::State& state) {
  const std::vector<Json>& parsed = parsed_records();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(convert(parsed[i++ % parsed.size()]));
  }
}
BENCHMARK(BM_convert_only)->Unit(benchmark::kMicrosecond);

void BM_dump_only(benchmark::State& state) {
  const std::vector<Json>& parsed = parsed_records();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(parsed[i++ % parsed.size()].dump());
  }
}
BENCHMARK(BM_dump_only)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
