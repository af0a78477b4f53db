// Planner throughput: Planner::propose over 100,000 random inputs (now,
// fix-ready up to 10 days later, exploitation, an optional reporter
// deadline), spread over ten years so that every daylight-saving change of
// the release zone is crossed. Reports plans/s (items_per_second).
//
//   cmake -S . -B build -G Ninja -DENABLE_BENCHMARKS=ON && ninja -C build bench_planner
//   nice build/bin/bench_planner

#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include <embargo/core/planner/planner.hpp>

namespace {

using namespace embargo;
using namespace embargo::core::planner;

constexpr std::size_t k_inputs = 100000;

std::vector<ProposeRequest> random_requests() {
  std::mt19937_64 rng(20260302);
  util::Timestamp start = *util::parse_timestamp("2026-01-01T00:00Z");
  std::uniform_int_distribution<long> minute_in_decade(0, 10L * 365 * 24 * 60);
  std::uniform_int_distribution<long> fix_delay(0, 10L * 24 * 60);
  std::uniform_int_distribution<int> exploitation(0, 2);
  std::uniform_int_distribution<int> deadline_days(-1, 30);  // -1: no deadline
  std::vector<ProposeRequest> out;
  out.reserve(k_inputs);
  for (std::size_t i = 0; i < k_inputs; ++i) {
    ProposeRequest r;
    r.now = start + std::chrono::minutes(minute_in_decade(rng));
    r.fix_ready = r.now + std::chrono::minutes(fix_delay(rng));
    r.exploitation = static_cast<core::Exploitation>(exploitation(rng));
    if (int d = deadline_days(rng); d >= 0) {
      date::year_month_day ymd{std::chrono::floor<date::days>(r.now) + date::days(d)};
      r.reporter_deadline = util::Date{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                                       static_cast<unsigned>(ymd.day())};
    }
    out.push_back(r);
  }
  return out;
}

void bm_propose(benchmark::State& state) {
  Planner planner = *Planner::create(Policy{});
  std::vector<ProposeRequest> requests = random_requests();
  std::size_t i = 0;
  std::size_t failing = 0;
  for (auto _ : state) {
    Plan plan = planner.propose(requests[i]);
    failing += plan.ok() ? 0 : 1;
    benchmark::DoNotOptimize(plan);
    i = i + 1 == requests.size() ? 0 : i + 1;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["failing_share"] =
      benchmark::Counter(static_cast<double>(failing) / static_cast<double>(state.iterations()));
}
// Exactly one pass over the 100,000 inputs per repetition.
BENCHMARK(bm_propose)->Iterations(k_inputs)->Repetitions(3)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
