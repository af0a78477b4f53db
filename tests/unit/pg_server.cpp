#include "pg_server.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <pqxx/pqxx>
#include <sys/wait.h>

namespace testutil {

namespace {

const std::string k_script = std::string(EMBARGO_TEST_DATA_DIR) + "/../pg/pg_server";

class Server {
 public:
  Server() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "embargo-pg-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) {
      give_up("cannot make a temporary directory");
    }
    m_dir = tmpl;
    FILE* out = ::popen(fmt::format("bash '{}' start '{}'", k_script, m_dir).c_str(), "r");
    char line[512] = {};
    bool got = out != nullptr && std::fgets(line, sizeof(line), out) != nullptr;
    int status = out == nullptr ? -1 : ::pclose(out);
    if (!got || status != 0) {
      give_up(WIFEXITED(status) && WEXITSTATUS(status) == 125 ? "no PostgreSQL server can be started here"
                                                              : "tests/pg/pg_server failed");
    }
    m_url = line;
    while (!m_url.empty() && (m_url.back() == '\n' || m_url.back() == '\r')) {
      m_url.pop_back();
    }
  }
  ~Server() { stop(); }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::string new_database() {
    std::string name = fmt::format("t{}", ++m_databases);
    pqxx::connection admin(m_url);
    pqxx::nontransaction n(admin);
    n.exec("CREATE DATABASE " + name);
    return m_url.substr(0, m_url.rfind('/') + 1) + name;
  }

 private:
  [[noreturn]] void give_up(const std::string& why) {
    std::cerr << "SKIP: PostgreSQL tests: " << why << "\n";
    stop();
    std::_Exit(125);
  }
  void stop() {
    if (!m_dir.empty()) {
      (void)std::system(fmt::format("bash '{}' stop '{}'", k_script, m_dir).c_str());
      m_dir.clear();
    }
  }

  std::string m_dir;
  std::string m_url;
  int m_databases = 0;
};

}  // namespace

std::string new_pg_database() {
  static Server server;
  return server.new_database();
}

}  // namespace testutil
