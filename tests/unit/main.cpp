#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <filesystem>
#include <iostream>

int main(int argc, char** argv) {
  // Tests write temporary files; never into the source tree.
  if (std::filesystem::exists("CMakeLists.txt") && std::filesystem::exists("src/embargo")) {
    std::cerr << "unittest: run from the build directory, not the source tree\n";
    return 1;
  }
  doctest::Context context(argc, argv);
  return context.run();
}
