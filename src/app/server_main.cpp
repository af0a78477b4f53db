// embargod: the server. For now it opens the data directory, checks the
// store, and waits for SIGTERM or SIGINT to stop cleanly; the HTTP server,
// mail intake and scheduler come with their issues.

#include <csignal>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include <embargo/config/data_dir.hpp>

namespace {

int serve(const std::string& data_dir) {
  auto dir = embargo::config::open_data_dir(data_dir);
  if (!dir) {
    std::cerr << "embargod: " << dir.error().message() << '\n';
    return 1;
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::cerr << "embargod: data directory " << data_dir << " open (project " << dir->config.project.project_name
            << "); waiting for SIGTERM\n";
  int received = 0;
  sigwait(&signals, &received);
  std::cerr << "embargod: signal " << received << " received, stopping\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"embargod: the embargo server", "embargod"};
  std::string data_dir;
  app.add_option("--data", data_dir, "Data directory")->envname("EMBARGO_DATA")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  try {
    return serve(data_dir);
  } catch (const std::exception& e) {
    std::cerr << "embargod: fatal: " << e.what() << '\n';
    return 1;
  }
}
