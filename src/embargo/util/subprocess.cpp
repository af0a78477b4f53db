#include <embargo/util/subprocess.hpp>

#include <cerrno>
#include <cstring>
#include <system_error>

#include <fmt/format.h>

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace embargo::util {

std::string SubprocessResult::describe(std::chrono::seconds timeout) const {
  if (timed_out) {
    return fmt::format("killed after the time limit of {} s", timeout.count());
  }
  if (signal != 0) {
    return fmt::format("ended by signal {}", signal);
  }
  return fmt::format("exit status {}", exit_code);
}

std::string tail_lines(const std::string& text, std::size_t max_lines) {
  std::size_t at = text.size();
  if (at > 0 && text[at - 1] == '\n') {
    --at;
  }
  for (std::size_t n = 0; n < max_lines; ++n) {
    auto nl = text.rfind('\n', at == 0 ? 0 : at - 1);
    if (nl == std::string::npos || at == 0) {
      return text;
    }
    at = nl;
  }
  return text.substr(at + 1);
}

namespace {

// Everything the child needs, made before fork(): after it, only
// async-signal-safe calls.
struct ChildPlan {
  std::vector<std::string> env_strings;
  std::vector<char*> envp;
  std::string cwd;
  std::string command;
  std::string uid_map;
  std::string gid_map;
  bool isolate = false;
};

ChildPlan make_plan(const SubprocessOptions& o) {
  ChildPlan p;
  auto skipped = [&](std::string_view entry) {
    auto name = entry.substr(0, entry.find('='));
    for (const auto& [k, v] : o.env) {
      if (k == name) {
        return true;
      }
    }
    for (const auto& k : o.unset_env) {
      if (k == name) {
        return true;
      }
    }
    return false;
  };
  for (char** e = environ; *e != nullptr; ++e) {
    if (!skipped(*e)) {
      p.env_strings.emplace_back(*e);
    }
  }
  for (const auto& [k, v] : o.env) {
    p.env_strings.push_back(k + "=" + v);
  }
  for (auto& s : p.env_strings) {
    p.envp.push_back(s.data());
  }
  p.envp.push_back(nullptr);
  p.cwd = o.cwd.string();
  p.command = o.command;
  p.uid_map = fmt::format("{} {} 1\n", ::getuid(), ::getuid());
  p.gid_map = fmt::format("{} {} 1\n", ::getgid(), ::getgid());
  p.isolate = o.isolate_network;
  return p;
}

void say(int fd, const char* a, const char* b) {
  auto w = [&](const char* s) {
    if (::write(fd, s, std::strlen(s)) < 0) {
      return;
    }
  };
  w(a);
  w(b);
  w("\n");
}

bool write_proc(const char* path, const char* text, std::size_t size) {
  int fd = ::open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    return false;
  }
  bool ok = ::write(fd, text, size) == static_cast<ssize_t>(size);
  ::close(fd);
  return ok;
}

[[noreturn]] void run_child(const ChildPlan& p, int out_fd) {
  ::setpgid(0, 0);
  int null_fd = ::open("/dev/null", O_RDONLY);
  ::dup2(null_fd, 0);
  ::dup2(out_fd, 1);
  ::dup2(out_fd, 2);
  if (p.isolate) {
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0) {
      say(2, "embargo: cannot run the command without network (user namespaces refused): ", std::strerror(errno));
      ::_exit(126);
    }
    if (!write_proc("/proc/self/setgroups", "deny", 4) ||
        !write_proc("/proc/self/uid_map", p.uid_map.data(), p.uid_map.size()) ||
        !write_proc("/proc/self/gid_map", p.gid_map.data(), p.gid_map.size())) {
      say(2, "embargo: cannot map the user into the network-less namespace: ", std::strerror(errno));
      ::_exit(126);
    }
  }
  if (::chdir(p.cwd.c_str()) != 0) {
    say(2, "embargo: cannot enter the command's directory: ", std::strerror(errno));
    ::_exit(126);
  }
  const char* argv[] = {"/bin/sh", "-c", p.command.c_str(), nullptr};
  ::execve("/bin/sh", const_cast<char* const*>(argv), p.envp.data());
  say(2, "embargo: cannot run /bin/sh: ", std::strerror(errno));
  ::_exit(127);
}

void take_status(SubprocessResult& r, int status) {
  if (WIFEXITED(status)) {
    r.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    r.signal = WTERMSIG(status);
  }
}

// Reads what is available; false at end of file.
bool drain(int fd, SubprocessResult& r, std::size_t max_output) {
  char buf[65536];
  ssize_t n = ::read(fd, buf, sizeof buf);
  if (n <= 0) {
    return n < 0 && (errno == EAGAIN || errno == EINTR);
  }
  std::size_t keep = std::min<std::size_t>(static_cast<std::size_t>(n), max_output - std::min(max_output, r.output.size()));
  r.output.append(buf, keep);
  r.output_dropped += static_cast<std::size_t>(n) - keep;
  return true;
}

}  // namespace

Result<SubprocessResult> run_subprocess(const SubprocessOptions& options) {
  ChildPlan plan = make_plan(options);
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return make_error(ErrorCode::io_error, fmt::format("pipe: {}", std::strerror(errno)));
  }
  auto start = std::chrono::steady_clock::now();
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return make_error(ErrorCode::io_error, fmt::format("fork: {}", std::strerror(errno)));
  }
  if (pid == 0) {
    run_child(plan, fds[1]);
  }
  ::setpgid(pid, pid);  // also in the child; whichever runs first
  ::close(fds[1]);
  ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
  SubprocessResult r;
  auto deadline = start + options.timeout;
  bool open = true;
  bool exited = false;
  while (true) {
    int status = 0;
    if (!exited && ::waitpid(pid, &status, WNOHANG) == pid) {
      exited = true;
      take_status(r, status);
      ::kill(-pid, SIGKILL);  // what it left running in the background
    }
    if (exited && !open) {
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      r.timed_out = !exited;
      ::kill(-pid, SIGKILL);
      if (!exited) {
        ::waitpid(pid, &status, 0);
        take_status(r, status);
      }
      // What is left in the pipe; bounded, in case something outside the
      // process group still holds it open.
      for (int i = 0; open && i < 50; ++i) {
        pollfd p{fds[0], POLLIN, 0};
        if (::poll(&p, 1, 20) > 0) {
          open = drain(fds[0], r, options.max_output);
        }
      }
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    if (open && ::poll(&p, 1, 100) > 0) {
      open = drain(fds[0], r, options.max_output);
    } else if (!open) {
      ::usleep(20000);
    } else if (exited) {
      open = drain(fds[0], r, options.max_output);  // nothing more is coming once the group is dead
    }
  }
  ::close(fds[0]);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace embargo::util
