// util/process.hpp: a program run without a shell, its exit code, its
// output, its environment and working directory, no stdin, programs that
// cannot start, and the time limit that kills its whole process group; and
// the tail of an output file.

#include <csignal>
#include <fstream>
#include <thread>

#include <doctest/doctest.h>

#include <embargo/util/file.hpp>
#include <embargo/util/process.hpp>

#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;
namespace fs = std::filesystem;

namespace {

struct Fixture {
  testutil::TempDir dir;

  util::ProcessRequest sh(const std::string& script) {
    util::ProcessRequest r;
    r.argv = {"/bin/sh", "-c", script};
    r.env = {"PATH=/usr/bin:/bin", "FOO=bar baz"};
    r.output = dir.path() / "out.log";
    return r;
  }
  std::string output() { return unwrap(util::read_file(dir.path() / "out.log")); }
};

// True while `pid` exists and is not a zombie.
bool alive(const std::string& pid) {
  std::ifstream stat("/proc/" + pid + "/stat");
  std::string line;
  if (!std::getline(stat, line)) {
    return false;
  }
  auto close = line.rfind(')');
  return close != std::string::npos && line.size() > close + 2 && line[close + 2] != 'Z';
}

// True once `pid` is gone or a zombie; a SIGKILLed process may take a
// moment to die, so this looks for up to 10 s.
bool dies(const std::string& pid) {
  for (int i = 0; i < 1000; ++i) {
    if (!alive(pid)) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace

TEST_CASE("run_process") {
  Fixture f;
  SUBCASE("exit code, stdout and stderr into the output file") {
    auto o = unwrap(util::run_process(f.sh("echo out; echo err >&2; exit 3")));
    CHECK(o.exit_code == 3);
    CHECK_FALSE(o.ok());
    CHECK_FALSE(o.timed_out);
    CHECK(f.output() == "out\nerr\n");
    o = unwrap(util::run_process(f.sh("true")));
    CHECK(o.ok());
    CHECK(f.output().empty());  // truncated
  }
  SUBCASE("argv as given, no shell; the environment as given; the working directory") {
    util::ProcessRequest r = f.sh("");
    r.argv = {"printf", "%s|", "a b", "$FOO", "*"};
    CHECK(unwrap(util::run_process(r)).ok());
    CHECK(f.output() == "a b|$FOO|*|");
    CHECK(unwrap(util::run_process(f.sh("echo \"$FOO\"; echo \"${HOME-unset}\"; pwd"))).ok());
    r = f.sh("echo \"$FOO\"; echo \"${HOME-unset}\"; pwd");
    fs::create_directories(f.dir.path() / "work");
    r.cwd = f.dir.path() / "work";
    CHECK(unwrap(util::run_process(r)).ok());
    CHECK(f.output() == "bar baz\nunset\n" + fs::canonical(f.dir.path() / "work").string() + "\n");
  }
  SUBCASE("stdin is /dev/null") {
    CHECK(unwrap(util::run_process(f.sh("cat; echo done"))).ok());
    CHECK(f.output() == "done\n");
  }
  SUBCASE("only fds 0-2 are open") {
    CHECK(unwrap(util::run_process(f.sh("ls /proc/self/fd | wc -l"))).ok());
    CHECK(f.output() == "4\n");  // 0, 1, 2 and ls's own directory fd
  }
  SUBCASE("a signal") {
    auto o = unwrap(util::run_process(f.sh("kill -TERM $$")));
    CHECK(o.signal == SIGTERM);
    CHECK_FALSE(o.ok());
  }
  SUBCASE("cannot start: no program, unknown program, bad cwd") {
    util::ProcessRequest r = f.sh("");
    r.argv.clear();
    CHECK(util::run_process(r).error().code() == ErrorCode::invalid_argument);
    r.argv = {"no-such-program-here"};
    auto e = util::run_process(r);
    REQUIRE_FALSE(e.has_value());
    CHECK(e.error().code() == ErrorCode::not_found);
    CHECK(e.error().message() == "cannot run no-such-program-here: No such file or directory");
    r = f.sh("true");
    r.cwd = f.dir.path() / "missing";
    e = util::run_process(r);
    REQUIRE_FALSE(e.has_value());
    CHECK(e.error().code() == ErrorCode::io_error);
    CHECK(e.error().message().find("missing: No such file or directory") != std::string::npos);
  }
  SUBCASE("the time limit kills the whole process group") {
    util::ProcessRequest r = f.sh("sleep 60 & echo $! > child.pid; echo started; wait");
    r.cwd = f.dir.path();
    r.timeout = std::chrono::milliseconds(300);
    auto o = unwrap(util::run_process(r));
    CHECK(o.timed_out);
    CHECK_FALSE(o.ok());
    CHECK(o.signal == SIGTERM);
    CHECK(f.output() == "started\n");
    std::string pid = unwrap(util::read_file(f.dir.path() / "child.pid"));
    pid.pop_back();
    CHECK(dies(pid));
  }
  SUBCASE("what a program leaves running in its group is killed when it exits") {
    util::ProcessRequest r = f.sh("sleep 60 & echo $! > child.pid");
    r.cwd = f.dir.path();
    CHECK(unwrap(util::run_process(r)).ok());
    std::string pid = unwrap(util::read_file(f.dir.path() / "child.pid"));
    pid.pop_back();
    CHECK(dies(pid));
  }
}

TEST_CASE("tail_of_file") {
  testutil::TempDir dir;
  fs::path p = dir.path() / "log";
  SUBCASE("the last lines") {
    unwrap(util::write_file_atomic(p, "one\ntwo\r\nthree\nfour\n\n"));
    CHECK(util::tail_of_file(p, 2, 1000) == "three\nfour");
    CHECK(util::tail_of_file(p, 10, 1000) == "one\ntwo\nthree\nfour");
  }
  SUBCASE("at most max_bytes, from a line start") {
    unwrap(util::write_file_atomic(p, "aaaaaaaaaa\nbbb\ncc\n"));
    CHECK(util::tail_of_file(p, 10, 8) == "bbb\ncc");
    CHECK(util::tail_of_file(p, 10, 7) == "bbb\ncc");  // starts right at a line
    CHECK(util::tail_of_file(p, 10, 6) == "cc");
    CHECK(util::tail_of_file(p, 10, 3) == "cc");
  }
  SUBCASE("control characters and bytes that are not UTF-8 become '?'") {
    unwrap(util::write_file_atomic(p, "\x1b[31mred\x1b[0m\tx \xff\xfe caf\xc3\xa9\n"));
    CHECK(util::tail_of_file(p, 1, 100) == "?[31mred?[0m\tx ?? caf\xc3\xa9");
  }
  SUBCASE("empty or missing") {
    unwrap(util::write_file_atomic(p, ""));
    CHECK(util::tail_of_file(p, 5, 100).empty());
    CHECK(util::tail_of_file(dir.path() / "none", 5, 100).empty());
  }
}
