// Parse + score throughput of CVSS vectors (issue 4 asks for 5 million v3.1 and 1 million v4.0
// vectors a second on one core). Each benchmark walks a fixed list of distinct vectors, made from
// the metric tables with a fixed seed, so the figures do not depend on one vector's branch path.
//
//   cmake -S . -B build -G Ninja -DENABLE_BENCHMARKS=ON && ninja -C build bench_cvss
//   nice build/bin/bench_cvss

#include <cstdint>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include <embargo/core/cvss/cvss.hpp>
#include <embargo/core/cvss/cvss_json.hpp>
#include <embargo/core/cvss/vector_parser.hpp>

namespace {

namespace cvss = embargo::core::cvss;

constexpr std::size_t k_vectors = 4096;

std::string_view prefix_of(cvss::Version v) {
  switch (v) {
    case cvss::Version::v2_0:
      return "";
    case cvss::Version::v3_0:
      return "CVSS:3.0/";
    case cvss::Version::v3_1:
      return "CVSS:3.1/";
    case cvss::Version::v4_0:
      return "CVSS:4.0/";
  }
  return "";
}

// Random valid vectors of `version`, in the specification's order: every base metric, and each
// other metric with probability `optional_percent`.
std::vector<std::string> make_vectors(cvss::Version version, unsigned optional_percent) {
  std::uint64_t seed = 0x9e3779b97f4a7c15ULL;
  auto next = [&seed](std::uint64_t n) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (seed >> 33) % n;
  };
  auto table = cvss::metric_table(version);
  std::vector<std::string> out;
  out.reserve(k_vectors);
  while (out.size() < k_vectors) {
    std::string text(prefix_of(version));
    for (const cvss::MetricDef& def : table) {
      if (def.group != cvss::Group::base && next(100) >= optional_percent) {
        continue;
      }
      if (text.size() > prefix_of(version).size()) {
        text += '/';
      }
      text += def.abbr;
      text += ':';
      text += def.values[next(def.values.size())].abbr;
    }
    out.push_back(std::move(text));
  }
  return out;
}

void parse_and_score(benchmark::State& state, cvss::Version version, unsigned optional_percent) {
  const std::vector<std::string> vectors = make_vectors(version, optional_percent);
  std::size_t i = 0;
  for (auto _ : state) {
    auto scored = cvss::score_vector(vectors[i]);
    benchmark::DoNotOptimize(scored);
    i = (i + 1) % vectors.size();
  }
  state.SetItemsProcessed(state.iterations());
}

void parse_only(benchmark::State& state, cvss::Version version, unsigned optional_percent) {
  const std::vector<std::string> vectors = make_vectors(version, optional_percent);
  std::size_t i = 0;
  for (auto _ : state) {
    auto parsed = cvss::parse_vector(vectors[i]);
    benchmark::DoNotOptimize(parsed);
    i = (i + 1) % vectors.size();
  }
  state.SetItemsProcessed(state.iterations());
}

// What `embargo cvss score --format json -` does per line, minus the I/O.
void score_to_json(benchmark::State& state, cvss::Version version) {
  const std::vector<std::string> vectors = make_vectors(version, 30);
  std::size_t i = 0;
  for (auto _ : state) {
    auto scored = cvss::score_vector(vectors[i]);
    std::string line = cvss::to_report_json(*scored, vectors[i]).dump();
    benchmark::DoNotOptimize(line);
    i = (i + 1) % vectors.size();
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK_CAPTURE(parse_and_score, v3_1_base, cvss::Version::v3_1, 0);
BENCHMARK_CAPTURE(parse_and_score, v3_1_all_groups, cvss::Version::v3_1, 50);
BENCHMARK_CAPTURE(parse_and_score, v4_0_base, cvss::Version::v4_0, 0);
BENCHMARK_CAPTURE(parse_and_score, v4_0_all_groups, cvss::Version::v4_0, 50);
BENCHMARK_CAPTURE(parse_and_score, v3_0_all_groups, cvss::Version::v3_0, 50);
BENCHMARK_CAPTURE(parse_and_score, v2_0_all_groups, cvss::Version::v2_0, 50);
BENCHMARK_CAPTURE(parse_only, v3_1_base, cvss::Version::v3_1, 0);
BENCHMARK_CAPTURE(parse_only, v4_0_base, cvss::Version::v4_0, 0);
BENCHMARK_CAPTURE(score_to_json, v3_1, cvss::Version::v3_1);
BENCHMARK_CAPTURE(score_to_json, v4_0, cvss::Version::v4_0);

}  // namespace

BENCHMARK_MAIN();
