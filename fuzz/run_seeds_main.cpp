// A main() for fuzz targets built with g++ (no libFuzzer): runs
// LLVMFuzzerTestOneInput once on each file named on the command line (or
// each file of each directory named), so that CI exercises every target's
// seeds. Exit 0 when all ran; a crash is the failure.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

int run_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    std::cerr << "cannot read " << path << '\n';
    return 1;
  }
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int ran = 0;
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path arg(argv[i]);
    if (std::filesystem::is_directory(arg)) {
      for (const auto& entry : std::filesystem::directory_iterator(arg)) {
        if (entry.is_regular_file()) {
          if (run_file(entry.path()) != 0) {
            return 1;
          }
          ++ran;
        }
      }
    } else if (run_file(arg) != 0) {
      return 1;
    } else {
      ++ran;
    }
  }
  std::cout << "ran " << ran << " inputs\n";
  return ran > 0 ? 0 : 1;
}
