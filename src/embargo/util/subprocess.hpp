#pragma once

// Runs one shell command as a child process with a time limit, its output
// (stdout and stderr together) captured, optionally without network: the
// child enters a new user and network namespace of its own (only a loopback
// interface, down), mapping the caller's uid and gid to themselves, so files
// it writes belong to the caller. Used by the release builder's stamping
// step and by `embargo release test`.
//
// The child runs in its own process group; on timeout the whole group gets
// SIGKILL. Nothing here is thread-unsafe beyond fork(2) itself: everything
// the child needs is prepared before the fork.

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <embargo/util/result.hpp>

namespace embargo::util {

struct SubprocessOptions {
  std::string command;  // run as /bin/sh -c COMMAND
  std::filesystem::path cwd;
  // Set on top of the inherited environment; then `unset_env` removed.
  std::vector<std::pair<std::string, std::string>> env;
  std::vector<std::string> unset_env;
  std::chrono::seconds timeout{300};
  bool isolate_network = true;
  std::size_t max_output = 1 << 20;  // bytes kept; the rest is counted, not kept
};

struct SubprocessResult {
  int exit_code = -1;    // when it exited
  int signal = 0;        // when a signal ended it
  bool timed_out = false;
  std::string output;    // stdout and stderr as they came, at most max_output bytes
  std::size_t output_dropped = 0;
  double seconds = 0;
  bool ok() const { return !timed_out && signal == 0 && exit_code == 0; }
  // "exit status 2", "killed after the time limit of 300 s", "signal 9".
  std::string describe(std::chrono::seconds timeout) const;
};

// IOError when the child cannot be started (pipe, fork). A command that
// starts and fails is not an error here: look at the result. When network
// isolation was asked for and the system refuses user namespaces, the child
// exits 126 with a line saying so in its output.
Result<SubprocessResult> run_subprocess(const SubprocessOptions& options);

// The last `max_lines` lines of `text`, for error messages.
std::string tail_lines(const std::string& text, std::size_t max_lines);

}  // namespace embargo::util
