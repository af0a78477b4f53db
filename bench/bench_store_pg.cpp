// Case creation rate, PostgreSQL against SQLite: one write transaction per
// case through CaseService (counter, case row, first timeline entry), on one
// connection and on two at once (two nodes). items_per_second is cases/s.
//
// Usage: bench_store_pg --pg URL [--dir DIR] [benchmark flags]
// URL names an empty database (bench/store_pg.sh starts a server and makes
// one); DIR (default a new temporary directory) holds the SQLite file.

#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <embargo/core/case_service.hpp>
#include <embargo/storage/open_store.hpp>

using namespace embargo;

namespace {

std::string g_pg_url;
std::filesystem::path g_dir;

void create_cases(benchmark::State& state, const std::string& url) {
  auto store = storage::open_store(url, g_dir, {true, 30000});
  if (!store) {
    state.SkipWithError(store.error().message().c_str());
    return;
  }
  core::ProjectConfig config;
  util::SystemClock clock;
  core::CaseService service(config, clock);
  core::NewCase input;
  input.title = "heap overflow in string_vformat";
  input.reporter.name = "Jane";
  input.reporter.email = "jane@example.org";
  for (auto _ : state) {
    auto r = (*store)->write([&](core::StoreTx& tx) { return service.create(tx, input, "bench").map([](auto) {}); });
    if (!r) {
      state.SkipWithError(r.error().message().c_str());
      return;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_create_case_sqlite(benchmark::State& state) {
  create_cases(state, "sqlite:bench.db");
}
void BM_create_case_postgres(benchmark::State& state) {
  create_cases(state, g_pg_url);
}

BENCHMARK(BM_create_case_sqlite)->Iterations(300)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_create_case_postgres)->Iterations(300)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> rest{argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--pg") == 0 && i + 1 < argc) {
      g_pg_url = argv[++i];
    } else if (std::strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
      g_dir = argv[++i];
    } else {
      rest.push_back(argv[i]);
    }
  }
  if (g_pg_url.empty()) {
    std::cerr << "usage: bench_store_pg --pg URL [--dir DIR] [benchmark flags]\n";
    return 2;
  }
  if (g_dir.empty()) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "embargo-bench-pg-XXXXXX").string();
    g_dir = ::mkdtemp(tmpl.data());
  }
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  std::filesystem::remove_all(g_dir);
  return 0;
}
