// Intake's files and its group commit (intake.hpp: receive_batch).
//
// Files are content-addressed (<data>/files/ab/abcdef...). One message at a
// time, each is written durably (util::write_file_atomic). In a batch they are
// written without fsync and made durable together before the store commits,
// by concurrent fsyncs of the files and then of their directories
// (util::sync_paths), which flush only our files, unlike syncfs(); a crash before that may leave a renamed but incomplete file,
// so an existing file is trusted only when its content has the right sha256.

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <embargo/mail/intake.hpp>
#include <embargo/mail/intake_parts.hpp>
#include <embargo/util/file.hpp>
#include <embargo/util/sha256.hpp>

namespace embargo::mail {

namespace fs = std::filesystem;

namespace {

// Temporary file and rename, no fsync: FileSync::sync makes it durable.
Result<void> write_file_unsynced(const fs::path& path, std::string_view bytes) {
  fs::path tmp = path;
  tmp += fmt::format(".tmp{}", ::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return make_error(ErrorCode::io_error, fmt::format("cannot create {}: {}", tmp.string(), std::strerror(errno)));
  }
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      int saved = errno;
      ::close(fd);
      return make_error(ErrorCode::io_error, fmt::format("cannot write {}: {}", tmp.string(), std::strerror(saved)));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
    return make_error(ErrorCode::io_error, fmt::format("cannot write {}: {}", path.string(), std::strerror(errno)));
  }
  return {};
}

// True if `path` exists with content of digest `sha`.
bool complete_copy(const fs::path& path, const std::string& sha) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return false;
  }
  auto content = util::read_file(path);
  return content && util::sha256_hex(*content) == sha;
}

}  // namespace

void Intake::FileSync::wrote(const fs::path& file, bool new_dir) {
  m_files.push_back(file);
  m_dirs.insert(file.parent_path());
  if (new_dir) {
    m_dirs.insert(file.parent_path().parent_path());
  }
}

Result<void> Intake::FileSync::sync() {
  TRY(util::sync_paths(m_files));
  TRY(util::sync_paths({m_dirs.begin(), m_dirs.end()}));
  m_files.clear();
  m_dirs.clear();
  return {};
}

Result<std::string> Intake::store_file(std::string_view bytes, FileSync* batch) {
  std::string sha = util::sha256_hex(bytes);
  fs::path files = m_data_dir / "files";
  fs::path dir = files / sha.substr(0, 2);
  fs::path path = dir / sha;
  if (complete_copy(path, sha)) {
    return sha;
  }
  std::error_code ec;
  bool created = fs::create_directories(dir, ec);
  if (ec) {
    return make_error(ErrorCode::io_error, fmt::format("cannot create {}: {}", dir.string(), ec.message()));
  }
  if (batch != nullptr) {
    TRY(write_file_unsynced(path, bytes));
    batch->wrote(path, created);
    return sha;
  }
  if (created) {
    TRY(util::sync_directory(files));
  }
  TRY(util::write_file_atomic(path, bytes, 0600));
  return sha;
}

Result<std::vector<Result<IntakeResult>>> Intake::receive_batch(const std::vector<std::string_view>& raws) {
  FileSync sync;
  std::vector<Prepared> prepared;
  prepared.reserve(raws.size());
  for (std::string_view raw : raws) {
    TRY_ASSIGN(Prepared p, prepare(raw, &sync));
    prepared.push_back(std::move(p));
  }
  TRY(sync.sync());
  std::vector<Result<IntakeResult>> answers;
  TRY(m_store.write([&](core::StoreTx& tx) -> Result<void> {
    answers.clear();  // the store may run this again after a busy retry
    for (const Prepared& p : prepared) {
      if (p.done) {
        answers.emplace_back(*p.done);
        continue;
      }
      TRY_ASSIGN(auto over, over_rate(tx, p));
      if (over) {
        answers.emplace_back(make_error(ErrorCode::busy, *over));
        continue;
      }
      TRY_ASSIGN(IntakeResult r, record_in(tx, p));
      answers.emplace_back(std::move(r));
    }
    return {};
  }));
  return answers;
}

}  // namespace embargo::mail
