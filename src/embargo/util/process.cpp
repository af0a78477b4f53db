// run_process: fork, then in the child only async-signal-safe calls
// (setpgid, sigaction, dup2, chdir, close_range, execvp after pointing
// `environ` at the prepared environment); a close-on-exec pipe tells the
// parent why the child could not start (nothing arrives when execvp
// succeeds). The parent polls waitid(WNOWAIT) so that the group is killed
// while its leader is still a zombie (its pid, the group's id, cannot be
// reused until it is reaped).

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <thread>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <embargo/util/process.hpp>

extern char** environ;

namespace embargo::util {

namespace {

using SteadyClock = std::chrono::steady_clock;

enum Stage : int { stage_cwd = 1, stage_exec = 2, stage_setup = 3 };

// Fds the child uses, moved above 2 so that dup2 onto 0-2 cannot clobber them.
struct ChildFds {
  int in;
  int out;
  int err;  // the close-on-exec pipe's write end
};

[[noreturn]] void child_fail(int fd, int stage) {
  std::array<int, 2> why = {stage, errno};
  (void)!::write(fd, why.data(), sizeof why);
  ::_exit(127);
}

void close_from(int first, int except) {
  if (except > first && ::close_range(static_cast<unsigned>(first), static_cast<unsigned>(except - 1), 0) != 0) {
    for (int fd = first; fd < except; ++fd) {
      ::close(fd);
    }
  }
  int from = std::max(first, except + 1);
  if (::close_range(static_cast<unsigned>(from), ~0U, 0) != 0) {
    for (int fd = from; fd < 65536; ++fd) {
      ::close(fd);
    }
  }
}

[[noreturn]] void run_child(ChildFds fds, const char* cwd, char** argv, char** envp) {
  ::setpgid(0, 0);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig != SIGKILL && sig != SIGSTOP) {
      ::sigaction(sig, &dfl, nullptr);
    }
  }
  int in = ::fcntl(fds.in, F_DUPFD_CLOEXEC, 10);
  int out = ::fcntl(fds.out, F_DUPFD_CLOEXEC, 10);
  int err = ::fcntl(fds.err, F_DUPFD_CLOEXEC, 10);
  if (err < 0) {
    ::_exit(127);
  }
  if (in < 0 || out < 0 || ::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(out, 2) < 0) {
    child_fail(err, stage_setup);
  }
  if (cwd != nullptr && ::chdir(cwd) != 0) {
    child_fail(err, stage_cwd);
  }
  close_from(3, err);
  environ = envp;
  ::execvp(argv[0], argv);
  child_fail(err, stage_exec);
}

std::vector<char*> pointers(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (const std::string& s : strings) {
    out.push_back(const_cast<char*>(s.c_str()));
  }
  out.push_back(nullptr);
  return out;
}

Error start_error(const ProcessRequest& r, int stage, int err) {
  if (stage == stage_cwd) {
    return Error(ErrorCode::io_error,
                 fmt::format("cannot run {}: cwd {}: {}", r.argv[0], r.cwd.string(), std::strerror(err)));
  }
  if (stage == stage_exec) {
    return Error(ErrorCode::not_found, fmt::format("cannot run {}: {}", r.argv[0], std::strerror(err)));
  }
  return Error(ErrorCode::io_error,
               fmt::format("cannot run {}: setting up its stdin and output: {}", r.argv[0], std::strerror(err)));
}

// True once the child has exited (left as a zombie: not reaped).
bool exited(pid_t pid) {
  siginfo_t info{};
  while (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    if (errno != EINTR) {
      return true;  // ECHILD: nothing to wait for
    }
  }
  return info.si_pid == pid;
}

// Waits for the child, killing its group on the time limit; reaps it.
ProcessOutcome wait_for(pid_t pid, const ProcessRequest& r) {
  ProcessOutcome o;
  const SteadyClock::time_point start = SteadyClock::now();
  const SteadyClock::time_point deadline = start + r.timeout;
  SteadyClock::time_point kill_at{};
  bool killed = false;
  auto pause = std::chrono::milliseconds(2);
  while (!exited(pid)) {
    SteadyClock::time_point now = SteadyClock::now();
    if (!o.timed_out && now >= deadline) {
      o.timed_out = true;
      ::kill(-pid, SIGTERM);
      kill_at = now + r.kill_grace;
    } else if (o.timed_out && !killed && now >= kill_at) {
      ::kill(-pid, SIGKILL);
      killed = true;
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
  ::kill(-pid, SIGKILL);  // what it left running in its group
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  o.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start);
  if (WIFEXITED(status)) {
    o.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    o.signal = WTERMSIG(status);
  }
  return o;
}

class Fd {
 public:
  explicit Fd(int fd = -1) : m_fd(fd) {}
  ~Fd() { reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return m_fd; }
  void reset() {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
    m_fd = -1;
  }

 private:
  int m_fd;
};

}  // namespace

Result<ProcessOutcome> run_process(const ProcessRequest& r) {
  if (r.argv.empty() || r.argv.front().empty()) {
    return make_error(ErrorCode::invalid_argument, "run_process: no program given");
  }
  std::vector<char*> argv = pointers(r.argv);
  std::vector<char*> envp = pointers(r.env);
  std::string cwd = r.cwd.string();
  Fd in(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  Fd out(::open(r.output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (in.get() < 0 || out.get() < 0) {
    return make_error(ErrorCode::io_error,
                      fmt::format("cannot run {}: cannot open {}: {}", r.argv[0],
                                  in.get() < 0 ? "/dev/null" : r.output.string(), std::strerror(errno)));
  }
  std::array<int, 2> pipe_fds{};
  if (::pipe2(pipe_fds.data(), O_CLOEXEC) != 0) {
    return make_error(ErrorCode::io_error, fmt::format("cannot run {}: pipe: {}", r.argv[0], std::strerror(errno)));
  }
  Fd read_end(pipe_fds[0]);
  Fd write_end(pipe_fds[1]);
  pid_t pid = ::fork();
  if (pid < 0) {
    return make_error(ErrorCode::io_error, fmt::format("cannot run {}: fork: {}", r.argv[0], std::strerror(errno)));
  }
  if (pid == 0) {
    run_child({in.get(), out.get(), write_end.get()}, cwd.empty() ? nullptr : cwd.c_str(), argv.data(), envp.data());
  }
  ::setpgid(pid, pid);  // also here, so that a kill cannot come before the child's own setpgid
  write_end.reset();
  std::array<int, 2> why{};
  ssize_t got = 0;
  do {
    got = ::read(read_end.get(), why.data(), sizeof why);
  } while (got < 0 && errno == EINTR);
  if (got == static_cast<ssize_t>(sizeof why)) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return tl::unexpected(start_error(r, why[0], why[1]));
  }
  return wait_for(pid, r);
}

namespace {

// Replaces what is not valid UTF-8, and control characters other than
// newline and tab, with '?'.
std::string printable(std::string_view in) {
  std::string out;
  std::size_t i = 0;
  while (i < in.size()) {
    auto c = static_cast<unsigned char>(in[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = n > 0 && i + n <= in.size();
    for (std::size_t k = 1; ok && k < n; ++k) {
      ok = (static_cast<unsigned char>(in[i + k]) >> 6) == 0x2;
    }
    if (ok && n == 2 && c < 0xC2) {
      ok = false;  // overlong
    }
    if (!ok) {
      out += '?';
      ++i;
      continue;
    }
    if (c == '\r') {
      ++i;  // CRLF line ends
      continue;
    }
    if (n == 1 && ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F)) {
      out += '?';
    } else {
      out.append(in.substr(i, n));
    }
    i += n;
  }
  return out;
}

}  // namespace

std::string tail_of_file(const std::filesystem::path& path, std::size_t max_lines, std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in || max_lines == 0 || max_bytes == 0) {
    return {};
  }
  const auto size = static_cast<std::size_t>(in.tellg());
  const std::size_t take = std::min(size, max_bytes);
  const bool cut = take < size;  // then also the byte before, to see if a line starts there
  std::string text(take + (cut ? 1 : 0), '\0');
  in.seekg(static_cast<std::streamoff>(size - text.size()));
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (cut && !text.empty()) {
    auto nl = text.find('\n');
    text.erase(0, nl == std::string::npos || nl + 1 >= text.size() ? 1 : nl + 1);
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
    text.pop_back();
  }
  std::size_t start = text.size();
  std::size_t lines = 0;
  while (start > 0) {
    std::size_t nl = text.rfind('\n', start - 1);
    if (nl == std::string::npos) {
      start = 0;
      break;
    }
    if (++lines == max_lines) {
      start = nl + 1;
      break;
    }
    start = nl;
  }
  return printable(std::string_view(text).substr(start));
}

}  // namespace embargo::util
