#include "testutil.hpp"

#include <cstdlib>

namespace testutil {

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "embargo-test-XXXXXX").string();
  char* made = ::mkdtemp(tmpl.data());
  REQUIRE(made != nullptr);
  m_path = made;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(m_path, ec);
}

embargo::core::Case case_with_id(const std::string& id) {
  embargo::core::Case c;
  c.id = id;
  c.title = "title of " + id;
  c.reporter.email = "jane@example.org";
  c.created_at = embargo::util::Timestamp(std::chrono::hours(500000));
  c.updated_at = c.created_at;
  return c;
}

}  // namespace testutil
