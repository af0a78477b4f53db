// Issue 11: "a due job starts within 1 second of its time". Puts N jobs
// into a SQLite store in a temporary directory, due at moments spread over
// the next SPREAD seconds, runs the scheduler's JobRunner (the thread
// embargod runs, system clock, default 250 ms poll) and measures, for each
// job, how late its step started (step start - due time). Prints the
// distribution. A second JobRunner on its own connection plays a second
// node when NODES=2.
//
//   bench_job_lateness [JOBS=200] [SPREAD_SECONDS=20] [NODES=1] [POLL_MS=250]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include <unistd.h>

#include <embargo/core/case_service.hpp>
#include <embargo/scheduler/job_runner.hpp>
#include <embargo/storage/sqlite/sqlite_store.hpp>

using namespace embargo;

namespace {

int arg(int argc, char** argv, int i, int fallback) {
  return argc > i ? std::atoi(argv[i]) : fallback;
}

std::unique_ptr<storage::sqlite::SqliteStore> open_store(const std::filesystem::path& path) {
  auto store = storage::sqlite::SqliteStore::open(path, {true, 10000});
  if (!store) {
    std::fprintf(stderr, "open: %s\n", store.error().message().c_str());
    std::exit(1);
  }
  return std::move(*store);
}

}  // namespace

int main(int argc, char** argv) {
  const int jobs = arg(argc, argv, 1, 200);
  const int spread_s = arg(argc, argv, 2, 20);
  const int nodes = arg(argc, argv, 3, 1);
  const int poll_ms = arg(argc, argv, 4, 250);
  auto dir = std::filesystem::temp_directory_path() / ("bench-jobs-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto store = open_store(dir / "s.db");
  util::SystemClock clock;
  core::ProjectConfig config;
  core::CaseService service(config, clock);
  std::string case_id;
  auto start = clock.now() + std::chrono::seconds(2);
  auto made = store->write([&](core::StoreTx& tx) -> Result<void> {
    core::NewCase input;
    input.title = "bench";
    input.reporter = *core::parse_reporter("b@example.org");
    TRY_ASSIGN(core::Case c, service.create(tx, input, "bench"));
    case_id = c.id;
    for (int i = 0; i < jobs; ++i) {
      core::Job j;
      j.case_id = c.id;
      j.kind = "bench";
      j.due_at = start + std::chrono::microseconds(static_cast<std::int64_t>(spread_s) * 1000000 * i / jobs);
      TRY(tx.insert_job(j).map([](std::int64_t) {}));
    }
    return {};
  });
  if (!made) {
    std::fprintf(stderr, "setup: %s\n", made.error().message().c_str());
    return 1;
  }
  std::mutex m;
  std::vector<double> lateness_ms;
  auto step = [&](core::StoreTx&, const core::Job& j) -> Result<std::string> {
    double late = std::chrono::duration<double, std::milli>(clock.now() - j.due_at).count();
    std::lock_guard lock(m);
    lateness_ms.push_back(late);
    return std::string("ok");
  };
  std::vector<std::unique_ptr<storage::sqlite::SqliteStore>> stores;
  std::vector<std::unique_ptr<scheduler::JobRunner>> runners;
  for (int n = 0; n < nodes; ++n) {
    stores.push_back(open_store(dir / "s.db"));
    scheduler::RunnerOptions options;
    options.poll = std::chrono::milliseconds(poll_ms);
    runners.push_back(std::make_unique<scheduler::JobRunner>(*stores.back(), service, clock, step, options));
    runners.back()->start();
  }
  while (true) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::lock_guard lock(m);
    if (static_cast<int>(lateness_ms.size()) >= jobs) {
      break;
    }
  }
  for (auto& r : runners) {
    r->stop();
  }
  std::sort(lateness_ms.begin(), lateness_ms.end());
  auto pct = [&](double p) { return lateness_ms[static_cast<std::size_t>(p * (lateness_ms.size() - 1))]; };
  auto over = std::count_if(lateness_ms.begin(), lateness_ms.end(), [](double v) { return v > 1000.0; });
  std::printf("jobs=%zu nodes=%d poll=%dms spread=%ds\n", lateness_ms.size(), nodes, poll_ms, spread_s);
  std::printf("lateness ms: min %.1f  p50 %.1f  p90 %.1f  p99 %.1f  max %.1f  (> 1 s: %ld)\n", lateness_ms.front(),
              pct(0.5), pct(0.9), pct(0.99), lateness_ms.back(), static_cast<long>(over));
  std::filesystem::remove_all(dir);
  return over == 0 ? 0 : 1;
}
