#include <iostream>

#include <embargo/cli/commands.hpp>

int main(int argc, char** argv) { return embargo::cli::run_cli(argc, argv, std::cout, std::cerr); }
