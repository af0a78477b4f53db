#pragma once

// `embargo demo` (issue 26): a whole release rehearsed in a new data
// directory with the commands a team uses, run in this process (run_cli) on
// a replayed clock (EMBARGO_NOW), and the release's steps run by the same
// job runner and steps as embargod's (scheduler::JobRunner, ReleaseSteps).
// Nothing leaves the machine: mail goes to the file sink [smtp] url =
// "file:mail-out" (mail/file_transport.hpp), publishing to directories in
// the data directory, and no CVE record or push is configured.
//
// demo_command.cpp runs the story; demo_setup.cpp makes the throwaway keys,
// the configuration, the private repository and the reports;
// demo_release_day.cpp runs a case's release steps up to a time.

#include <filesystem>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <embargo/cli/context.hpp>
#include <embargo/util/result.hpp>
#include <embargo/util/time.hpp>

namespace embargo::cli {

// Registers `embargo demo` (called by add_all_commands).
void add_demo_command(CLI::App& app, Context& ctx);

struct DemoRun {
  std::filesystem::path data;  // the new data directory (absolute)
  std::string url;             // where embargod will listen, for [http] public_url
  bool verbose = false;        // print each command's output too
};

// Runs `embargo --data DIR ARGS...` in this process at time `at` (as
// EMBARGO_NOW), printing the command line; its standard output, or an error
// with its error output when it exits non-zero.
Result<std::string> demo_cli(const DemoRun& run, util::Timestamp at, const std::vector<std::string>& args);

struct DemoKeys {
  std::string team;        // the team's key (sign + encrypt)
  std::string distros;     // the distros list's key (encrypt)
  std::string maintainer;  // signs the release tags
};

// Makes the throwaway keys in DATA/gnupg (no passphrase) and writes the
// maintainers' public key to DATA/demo/maintainers.asc and the team's to
// DATA/report-key.asc (the report form's in-browser encryption).
Result<DemoKeys> make_demo_keys(const DemoRun& run);
// Fills in embargo.toml: the keys, the lists, the mail sink, the publishing
// directories, public_url and a quick [release.test].
Result<void> configure_demo(const DemoRun& run, const DemoKeys& keys);
// DATA/demo/repo: a private repository laid out like Exim's with signed
// tags exim-4.99, exim-4.99.1 and exim-4.99.2.
Result<void> make_demo_repo(const DemoRun& run, const DemoKeys& keys);
// Writes the three reports (a.eml plain, b.eml encrypted to the team key,
// c.eml plain) into DATA/demo/reports/.
Result<void> write_demo_reports(const DemoRun& run, const DemoKeys& keys);

// Runs the due release steps of every case, and flushes the outbox, at each
// due time up to `until` (the clock jumps from one to the next).
Result<int> run_release_until(const DemoRun& run, util::Timestamp until);

}  // namespace embargo::cli
