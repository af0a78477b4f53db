#include <embargo/core/release/tarball_writer.hpp>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include <embargo/util/tar_writer.hpp>

namespace embargo::core::release {

namespace {

constexpr std::size_t k_chunk_size = 1 << 20;
constexpr std::size_t k_queue_depth = 8;
constexpr std::uint64_t k_max_xz_threads = 16;

using Chunk = std::shared_ptr<const std::string>;

// A bounded single-producer single-consumer queue. A null chunk ends the
// stream; close() makes push fail when the consumer gave up.
class ChunkQueue {
 public:
  bool push(Chunk chunk) {
    std::unique_lock lock(m_mutex);
    m_not_full.wait(lock, [&] { return m_items.size() < k_queue_depth || m_closed; });
    if (m_closed) {
      return false;
    }
    m_items.push_back(std::move(chunk));
    m_not_empty.notify_one();
    return true;
  }
  Chunk pop() {
    std::unique_lock lock(m_mutex);
    m_not_empty.wait(lock, [&] { return !m_items.empty(); });
    Chunk c = std::move(m_items.front());
    m_items.pop_front();
    m_not_full.notify_one();
    return c;
  }
  void close() {
    std::lock_guard lock(m_mutex);
    m_closed = true;
    m_not_full.notify_all();
  }

 private:
  std::mutex m_mutex;
  std::condition_variable m_not_full;
  std::condition_variable m_not_empty;
  std::deque<Chunk> m_items;  // guarded by m_mutex
  bool m_closed = false;      // guarded by m_mutex
};

struct Consumer {
  util::Compression format;
  std::filesystem::path path;
  ChunkQueue queue;
  std::optional<Error> error;  // written by the consumer thread only, read after join
  std::thread thread;
};

void run_consumer(Consumer& c, const util::CompressorOptions& options) {
  auto comp = util::Compressor::create(c.format, c.path, options);
  if (!comp) {
    c.error = comp.error();
    c.queue.close();
    return;
  }
  while (Chunk chunk = c.queue.pop()) {
    if (auto r = (*comp)->write(*chunk); !r) {
      c.error = r.error();
      c.queue.close();
      return;
    }
  }
  if (auto r = (*comp)->finish(); !r) {
    c.error = r.error();
  }
}

int mode_of(TreeEntry::Kind kind) { return kind == TreeEntry::Kind::executable ? 0755 : 0644; }

// Feeds the whole tree through `tar`.
Result<void> walk_into(const TarballJob& job, util::TarWriter& tar, bool load_content) {
  TRY(tar.add_directory(job.prefix, 0755, job.mtime));
  TRY(job.walk(load_content, [&](const TreeEntry& e, std::string_view content) -> Result<void> {
    std::string path = job.prefix + "/" + e.path;
    switch (e.kind) {
      case TreeEntry::Kind::directory:
      case TreeEntry::Kind::submodule:
        return tar.add_directory(path, 0755, job.mtime);
      case TreeEntry::Kind::symlink:
        return tar.add_symlink(path, content, job.mtime);
      case TreeEntry::Kind::file:
      case TreeEntry::Kind::executable:
        if (!load_content) {
          return tar.count_file(path, mode_of(e.kind), job.mtime, e.size);
        }
        return tar.add_file(path, mode_of(e.kind), job.mtime, content);
    }
    return {};
  }));
  tar.finish();
  return {};
}

}  // namespace

Result<std::uint64_t> measure_tarball(const TarballJob& job) {
  util::TarWriter tar([](std::string_view) {});
  // Symlink targets are needed for long-link pax headers, so links are read
  // even here; they are small.
  TRY(walk_into(job, tar, false));
  return tar.bytes_written();
}

Result<std::vector<std::string>> write_tarballs(const TarballJob& job) {
  util::CompressorOptions options;
  options.xz_block_size = job.xz_block_size;
  options.xz_threads = job.threads;
  if (options.xz_block_size == 0 || options.xz_threads == 0) {
    TRY_ASSIGN(std::uint64_t size, measure_tarball(job));
    constexpr std::uint64_t k_mib = 1 << 20;
    if (options.xz_block_size == 0) {
      std::uint64_t part = (size + k_auto_xz_blocks - 1) / k_auto_xz_blocks;
      options.xz_block_size = std::max<std::uint64_t>(k_mib, (part + k_mib - 1) / k_mib * k_mib);
    }
    if (options.xz_threads == 0) {
      std::uint64_t blocks = (size + options.xz_block_size - 1) / options.xz_block_size;
      options.xz_threads = static_cast<std::uint32_t>(std::clamp<std::uint64_t>(blocks, 1, k_max_xz_threads));
    }
  }
  std::vector<std::unique_ptr<Consumer>> consumers;
  std::vector<std::string> names;
  for (auto f : job.formats) {
    auto c = std::make_unique<Consumer>();
    c->format = f;
    names.push_back(fmt::format("{}.tar.{}", job.base_name, util::to_string(f)));
    c->path = job.dir / names.back();
    consumers.push_back(std::move(c));
  }
  for (auto& c : consumers) {
    c->thread = std::thread([&c = *c, options] { run_consumer(c, options); });
  }
  auto chunk = std::make_shared<std::string>();
  chunk->reserve(k_chunk_size);
  bool consumers_ok = true;
  auto flush = [&] {
    Chunk shared = std::move(chunk);
    for (auto& c : consumers) {
      consumers_ok = c->queue.push(shared) && consumers_ok;
    }
    chunk = std::make_shared<std::string>();
    chunk->reserve(k_chunk_size);
  };
  util::TarWriter tar([&](std::string_view bytes) {
    chunk->append(bytes);
    if (chunk->size() >= k_chunk_size) {
      flush();
    }
  });
  auto walked = walk_into(job, tar, true);
  if (!chunk->empty()) {
    flush();
  }
  for (auto& c : consumers) {
    c->queue.push(nullptr);
    c->thread.join();
  }
  TRY(walked);
  for (auto& c : consumers) {
    if (c->error) {
      return tl::unexpected(*c->error);
    }
  }
  return names;
}

}  // namespace embargo::core::release
