// The store at the size of a busy project's whole history: 100,000 cases and
// 1,000,000 timeline entries in SQLite, filled through CaseService (so every
// entry is really hash-chained). Reports:
//   import         wall time to create all of it (printed before the table)
//   case_show      one `case show`: case + vulnerabilities + whole timeline,
//                  each sample one operation, median and p99 over samples
//   list_by_state  `case list --state confirmed` (about 1/8 of the cases)
//   verify_all     `timeline verify` of every entry; entries/s as a counter
//
// Usage: bench_store [--dir DIR] [--cases N] [benchmark flags]
// DIR (default /tmp/embargo-bench-store) is reused when it already holds a
// filled store, so the command-line timing script can share it.

#include <algorithm>
#include <chrono>
#include <cstring>
#include <iostream>
#include <random>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <embargo/config/data_dir.hpp>
#include <embargo/core/case_service.hpp>
#include <embargo/core/timeline_audit.hpp>

using namespace embargo;

namespace {

std::string g_dir = "/tmp/embargo-bench-store";
int g_cases = 100000;
constexpr int k_entries_per_case = 10;
config::DataDir* g_data = nullptr;

void die(const Error& e) {
  std::cerr << "bench_store: " << e.message() << '\n';
  std::exit(1);
}

// One transaction per 1,000 cases: the import path of a migration, not of
// interactive commands (those commit, and fsync, once each).
void fill(config::DataDir& dir) {
  util::FixedClock clock(*util::parse_timestamp("2026-01-05T09:00:00Z"));
  core::CaseService service(dir.config.project, clock);
  constexpr std::array<core::CaseState, 8> k_states{
      core::CaseState::reported, core::CaseState::confirmed,  core::CaseState::fixing, core::CaseState::notified,
      core::CaseState::fix_shared, core::CaseState::public_, core::CaseState::closed, core::CaseState::rejected};
  auto start = std::chrono::steady_clock::now();
  for (int batch = 0; batch < g_cases / 1000; ++batch) {
    auto r = dir.store->write([&](core::StoreTx& tx) -> Result<void> {
      for (int i = 0; i < 1000; ++i) {
        core::NewCase input;
        input.title = fmt::format("bug {} in the {} parser", batch * 1000 + i, i % 2 ? "header" : "body");
        input.reporter = core::Reporter{"Jane Roe", "jane@example.org", "Jane Roe (Example Lab)", false, {}, {}};
        input.impact = core::ImpactClass::rce;
        TRY_ASSIGN(core::Case c, service.create(tx, input, "alice"));
        core::NewVulnerability v;
        v.title = "heap overflow";
        v.cwe = "CWE-787";
        v.affected = ">=4.92,<4.99.1";
        TRY(service.add_vulnerability(tx, c.id, v, "alice"));
        for (int n = 2; n < k_entries_per_case; ++n) {
          TRY(service.add_note(tx, c.id, fmt::format("note {}: reproduced on 4.9{} with the reporter's file", n, n),
                               "bob"));
        }
        TRY_ASSIGN(c, tx.get_case(c.id));
        c.state = k_states[static_cast<std::size_t>(i) % k_states.size()];
        TRY(tx.update_case(c));
      }
      return {};
    });
    if (!r) {
      die(r.error());
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << fmt::format("import: {} cases, {} timeline entries in {:.1f} s ({:.0f} entries/s)\n", g_cases,
                           g_cases * k_entries_per_case, seconds, g_cases * k_entries_per_case / seconds);
}

void open_or_fill() {
  static config::DataDir dir;
  auto opened = config::open_data_dir(g_dir);
  if (opened) {
    dir = std::move(*opened);
    std::cout << "reusing the store in " << g_dir << '\n';
  } else {
    std::filesystem::remove_all(g_dir);
    auto made = config::init_data_dir(g_dir, {});
    if (!made) {
      die(made.error());
    }
    dir = std::move(*made);
    fill(dir);
  }
  g_data = &dir;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

void BM_case_show(benchmark::State& state) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> pick(1, g_cases);
  for (auto _ : state) {
    std::string id = fmt::format("EMB-2026-{:04}", pick(rng));
    auto r = g_data->store->read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(core::Case c, tx.get_case(id));
      TRY_ASSIGN(auto vulns, tx.list_vulnerabilities(id));
      TRY_ASSIGN(auto entries, core::load_timeline(tx, id));
      benchmark::DoNotOptimize(c);
      benchmark::DoNotOptimize(vulns);
      benchmark::DoNotOptimize(entries);
      return {};
    });
    if (!r) {
      state.SkipWithError(r.error().message().c_str());
    }
  }
}
BENCHMARK(BM_case_show)->Iterations(1)->Repetitions(2000)->ReportAggregatesOnly(true)
    ->ComputeStatistics("p99", [](const std::vector<double>& v) { return percentile(v, 0.99); })
    ->Unit(benchmark::kMicrosecond);

void BM_list_by_state(benchmark::State& state) {
  std::size_t listed = 0;
  for (auto _ : state) {
    auto r = g_data->store->read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(auto cases, tx.list_cases({core::CaseState::confirmed, 0}));
      listed = cases.size();
      return {};
    });
    if (!r) {
      state.SkipWithError(r.error().message().c_str());
    }
  }
  state.counters["cases"] = static_cast<double>(listed);
}
BENCHMARK(BM_list_by_state)->Iterations(1)->Repetitions(30)->ReportAggregatesOnly(true)
    ->Unit(benchmark::kMillisecond);

void BM_verify_all(benchmark::State& state) {
  std::int64_t entries = 0;
  for (auto _ : state) {
    auto r = g_data->store->read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(core::AuditReport report, core::audit_timelines(tx, ""));
      if (!report.breaks.empty()) {
        return make_error(ErrorCode::corruption, "the chain is broken");
      }
      entries = report.entries;
      return {};
    });
    if (!r) {
      state.SkipWithError(r.error().message().c_str());
    }
  }
  state.counters["entries/s"] = benchmark::Counter(static_cast<double>(entries) * static_cast<double>(state.iterations()),
                                                   benchmark::Counter::kIsRate);
}
BENCHMARK(BM_verify_all)->Iterations(1)->Repetitions(3)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> rest{argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
      g_dir = argv[++i];
    } else if (std::strcmp(argv[i], "--cases") == 0 && i + 1 < argc) {
      g_cases = std::max(1000, std::atoi(argv[++i]) / 1000 * 1000);
    } else {
      rest.push_back(argv[i]);
    }
  }
  open_or_fill();
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
