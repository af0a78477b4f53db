#pragma once

// Running a program with a time limit (the release's [[publish.steps]],
// scheduler/step_command.hpp). No shell: argv goes to execvp. The program
// gets /dev/null as stdin, `output` as stdout and stderr, only fds 0-2, the
// default signal dispositions and mask, and its own process group; when the
// time limit passes the group gets SIGTERM, then SIGKILL after `kill_grace`.
// When the program exits, whatever it left running in its group is killed
// too, so nothing it started outlives the step.
//
// Safe to call from a multi-threaded process: everything the child needs is
// prepared before fork(), and the child makes only async-signal-safe calls.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <embargo/util/result.hpp>

namespace embargo::util {

struct ProcessRequest {
  std::vector<std::string> argv;       // argv[0] is looked up in the environment's PATH unless it has a '/'
  std::filesystem::path cwd;           // empty: the caller's
  std::vector<std::string> env;        // the whole environment, "NAME=value"
  std::filesystem::path output;        // created or truncated; stdout and stderr
  std::chrono::milliseconds timeout{std::chrono::seconds(300)};
  std::chrono::milliseconds kill_grace{std::chrono::seconds(2)};
};

struct ProcessOutcome {
  int exit_code = -1;      // when it exited by itself
  int signal = 0;          // the signal that ended it (also after a timeout)
  bool timed_out = false;  // the time limit passed and the group was killed
  std::chrono::milliseconds elapsed{0};

  bool ok() const { return !timed_out && signal == 0 && exit_code == 0; }
};

// Runs the program to its end or its time limit. The program's own failure
// (an exit code, a signal, the timeout) is in the outcome; an error means it
// could not be started: InvalidArgument for an empty argv, NotFound when
// argv[0] cannot be found or executed, IOError for cwd, output and fork
// problems (each message names the program or the path).
Result<ProcessOutcome> run_process(const ProcessRequest& request);

// The last `max_lines` lines of the file (at most `max_bytes` bytes, cut at
// a line start when it can), with control characters other than newline
// and tab and bytes that are not UTF-8 replaced by '?', and without a
// trailing newline. "" when the file is empty or missing.
std::string tail_of_file(const std::filesystem::path& path, std::size_t max_lines, std::size_t max_bytes);

}  // namespace embargo::util
