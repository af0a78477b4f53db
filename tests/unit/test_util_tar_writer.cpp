#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>

#include <embargo/util/compressor.hpp>
#include <embargo/util/file.hpp>
#include <embargo/util/tar_writer.hpp>

#include "testutil.hpp"

using namespace embargo::util;
using testutil::unwrap;

namespace {

std::string make_tar(std::uint64_t* counted = nullptr) {
  std::string out;
  TarWriter tar([&](std::string_view b) { out.append(b); });
  unwrap(tar.add_directory("pkg-1.0", 0755, 1700000000));
  unwrap(tar.add_file("pkg-1.0/README", 0644, 1700000000, "hello\n"));
  unwrap(tar.add_file("pkg-1.0/configure", 0755, 1700000000, "#!/bin/sh\n"));
  std::string long_name = "pkg-1.0/" + std::string(120, 'd') + "/" + std::string(110, 'f');
  unwrap(tar.add_file(long_name, 0644, 1700000000, std::string(1000, 'x')));
  unwrap(tar.add_symlink("pkg-1.0/link", std::string(150, 't'), 1700000000));
  tar.finish();
  if (counted != nullptr) {
    TarWriter count([](std::string_view) {});
    unwrap(count.add_directory("pkg-1.0", 0755, 1700000000));
    unwrap(count.count_file("pkg-1.0/README", 0644, 1700000000, 6));
    unwrap(count.count_file("pkg-1.0/configure", 0755, 1700000000, 10));
    unwrap(count.count_file(long_name, 0644, 1700000000, 1000));
    unwrap(count.add_symlink("pkg-1.0/link", std::string(150, 't'), 1700000000));
    count.finish();
    *counted = count.bytes_written();
  }
  return out;
}

std::string run(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) {
    out.append(buf, n);
  }
  CHECK(::pclose(p) == 0);
  return out;
}

// The line of `listing` that contains `needle`.
std::string line_of(const std::string& listing, const std::string& needle) {
  auto at = listing.find(needle);
  if (at == std::string::npos) {
    return {};
  }
  auto start = listing.rfind('\n', at);
  start = start == std::string::npos ? 0 : start + 1;
  return listing.substr(start, listing.find('\n', at) - start);
}

}  // namespace

TEST_CASE("TarWriter") {
  testutil::TempDir dir;
  std::uint64_t counted = 0;
  std::string tar = make_tar(&counted);
  CHECK(tar.size() % 10240 == 0);
  CHECK(counted == tar.size());
  CHECK(make_tar() == tar);  // same input, same bytes
  unwrap(write_file_atomic(dir.path() / "t.tar", tar));

  SUBCASE("GNU tar reads names, modes, owners, long names and links") {
    std::string listing = run("tar --numeric-owner --utc -tvf " + (dir.path() / "t.tar").string());
    CHECK(line_of(listing, "pkg-1.0/\n") .find("drwxr-xr-x 0/0 ") == 0);
    CHECK(line_of(listing, "pkg-1.0/README").find("-rw-r--r-- 0/0 ") == 0);
    CHECK(line_of(listing, "pkg-1.0/configure").find("-rwxr-xr-x 0/0 ") == 0);
    CHECK(line_of(listing, "pkg-1.0/README").find(" 6 2023-11-14 22:13 ") != std::string::npos);
    CHECK(listing.find(std::string(110, 'f')) != std::string::npos);
    CHECK(listing.find("pkg-1.0/link -> " + std::string(150, 't')) != std::string::npos);
  }
  SUBCASE("invalid paths are refused") {
    TarWriter t([](std::string_view) {});
    CHECK(!t.add_file("", 0644, 0, "x"));
    CHECK(!t.add_file(std::string("a\0b", 3), 0644, 0, "x"));
  }
}

TEST_CASE("Compressor") {
  testutil::TempDir dir;
  std::string tar = make_tar();
  for (Compression c : {Compression::gzip, Compression::bzip2, Compression::xz}) {
    CAPTURE(to_string(c));
    auto path = dir.path() / ("t.tar." + std::string(to_string(c)));
    CompressorOptions options;
    options.xz_threads = 2;
    options.xz_block_size = 4096;  // several blocks, to exercise the threaded encoder
    auto comp = unwrap(Compressor::create(c, path, options));
    unwrap(comp->write(tar.substr(0, 5000)));
    unwrap(comp->write(tar.substr(5000)));
    unwrap(comp->finish());
    std::string tool = c == Compression::gzip ? "gzip" : c == Compression::bzip2 ? "bzip2" : "xz";
    CHECK(run(tool + " -dc " + path.string()) == tar);
    // The same bytes again, and (xz) with another thread count.
    auto again = dir.path() / ("again." + std::string(to_string(c)));
    options.xz_threads = 1;
    auto comp2 = unwrap(Compressor::create(c, again, options));
    unwrap(comp2->write(tar));
    unwrap(comp2->finish());
    CHECK(unwrap(read_file(again)) == unwrap(read_file(path)));
    CHECK(!Compressor::create(c, path, options));  // exists: refused
  }
  SUBCASE("gzip header: mtime 0, no name") {
    std::string gz = unwrap(read_file(dir.path() / "t.tar.gz"));
    REQUIRE(gz.size() > 10);
    CHECK(gz.substr(3, 5) == std::string(5, '\0'));  // no FNAME flag, mtime 0
  }
  SUBCASE("parse_compression") {
    CHECK(unwrap(parse_compression("bz2")) == Compression::bzip2);
    CHECK(!parse_compression("zip"));
  }
}
