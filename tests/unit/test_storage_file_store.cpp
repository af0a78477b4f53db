#include <doctest/doctest.h>

#include <fstream>

#include <sys/stat.h>

#include <embargo/storage/file_store.hpp>
#include <embargo/util/sha256.hpp>

#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;

namespace {

void write(const std::filesystem::path& p, const std::string& content) { std::ofstream(p, std::ios::binary) << content; }

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST_CASE("FileStore: content-addressed, written once") {
  testutil::TempDir dir;
  storage::FileStore files(dir.path() / "files");
  std::string content(100000, 'x');
  content += "end";
  write(dir.path() / "a.tar.xz", content);

  SUBCASE("stored under ab/<sha256> with its size; adding it again changes nothing") {
    auto stored = unwrap(files.add(dir.path() / "a.tar.xz"));
    CHECK(stored.sha256 == util::sha256_hex(content));
    CHECK(stored.size == static_cast<std::int64_t>(content.size()));
    auto path = unwrap(files.path_of(stored.sha256));
    CHECK(path == dir.path() / "files" / stored.sha256.substr(0, 2) / stored.sha256);
    CHECK(read(path) == content);
    write(dir.path() / "copy", content);
    CHECK(unwrap(files.add(dir.path() / "copy")).sha256 == stored.sha256);
    std::size_t entries = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir.path() / "files")) {
      entries += e.is_regular_file() ? 1 : 0;
    }
    CHECK(entries == 1);  // no temporary file left behind
  }
  SUBCASE("a symlink's target content is stored, not the link") {
    std::filesystem::create_symlink(dir.path() / "a.tar.xz", dir.path() / "link");
    auto stored = unwrap(files.add(dir.path() / "link"));
    auto path = unwrap(files.path_of(stored.sha256));
    CHECK(!std::filesystem::is_symlink(path));
    CHECK(read(path) == content);
  }
  SUBCASE("missing or not a regular file") {
    CHECK(files.add(dir.path() / "missing").error().code() == ErrorCode::not_found);
    CHECK(files.add(dir.path()).error().code() == ErrorCode::invalid_argument);
  }
  SUBCASE("path_of accepts only a sha256, so it never leaves the store") {
    for (std::string bad : {std::string("../../etc/passwd"), std::string(64, 'A'), std::string(63, 'a'),
                            std::string(65, 'a'), std::string(62, 'a') + "/.", std::string()}) {
      CAPTURE(bad);
      CHECK(files.path_of(bad).error().code() == ErrorCode::invalid_argument);
    }
  }
}
