// Runs every file named on the command line (or every file in the named
// directories) through LLVMFuzzerTestOneInput once: the fuzz targets' seeds
// as an ordinary test, built with g++ for CI, which does not run the fuzzer.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  int count = 0;
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path arg(argv[i]);
    auto run = [&](const std::filesystem::path& file) {
      std::ifstream in(file, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      ++count;
    };
    if (std::filesystem::is_directory(arg)) {
      for (const auto& e : std::filesystem::directory_iterator(arg)) {
        run(e.path());
      }
    } else {
      run(arg);
    }
  }
  std::cout << count << " inputs ran\n";
  return count > 0 ? 0 : 1;
}
