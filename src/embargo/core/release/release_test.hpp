#pragma once

// `embargo release test OUT`: the seed's "Build and use this tarball
// yourself". The built tarball is unpacked into a private scratch directory
// and the project's build-and-test command runs in its top directory
// ([release.test]), without network, with a time limit, its output kept;
// the output must contain the expected text (Exim: `exim -bV` printing
// "Exim version 4.98.2"). The scratch directory is removed afterwards.
//
// Exim's command makes Local/Makefile from src/EDITME with settings for
// this machine (binaries, configuration and spool under the scratch
// directory, EXIM_USER=ref:nobody, OpenSSL), runs make, then the built
// exim -bV.

#include <filesystem>
#include <string>

#include <embargo/util/result.hpp>

namespace embargo::core::release {

struct ReleaseTestSettings {
  // /bin/sh -c in the unpacked top directory, with EMBARGO_TEST_DIR (the
  // scratch directory, for files outside the tree), EMBARGO_VERSION and
  // EMBARGO_PACKAGE set. "" = no test is configured.
  std::string command;
  int timeout_seconds = 1800;
  // Must appear in the output; {version} is the release's version.
  std::string expect = "Exim version {version}";
  bool isolate_network = true;

  static ReleaseTestSettings exim();
};

struct ReleaseTestReport {
  std::string tarball;  // file name in the output directory
  std::string version;
  bool ok = false;
  std::string found;    // the output line with the expected text
  std::string problem;  // why it failed: "exit status 2", "no line has ..."
  std::string output;
  double seconds = 0;
  // "release tested: exim-4.98.2.tar.gz: build and test ok (85 s): Exim version 4.98.2 #1 ..."
  std::string summary() const;
};

// A failed test is a report with ok = false, not an error. Errors:
// NotFound when `out_dir` holds no <package>-<version>.tar.{gz,xz,bz2};
// InvalidArgument when no command is configured or the tarball does not
// unpack; IOError for the scratch directory.
Result<ReleaseTestReport> test_release(const std::filesystem::path& out_dir, const std::string& package,
                                       const ReleaseTestSettings& settings);

}  // namespace embargo::core::release
