#include <embargo/core/release/release_docs.hpp>

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <sys/stat.h>
#include <unistd.h>

namespace embargo::core::release {

namespace {

bool docs_tool_found(const std::string& tool, const std::string& path) {
  if (tool.find('/') != std::string::npos) {
    struct stat st {};
    return ::stat(tool.c_str(), &st) == 0;
  }
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find(':', start);
    if (end == std::string::npos) {
      end = path.size();
    }
    std::string dir = path.substr(start, end - start);
    std::string file = (dir.empty() ? std::string(".") : dir) + "/" + tool;
    struct stat st {};
    if (::stat(file.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(file.c_str(), X_OK) == 0) {
      return true;
    }
    start = end + 1;
  }
  return false;
}

std::string docs_member(const ReleaseLayout& layout, const std::string& file) {
  return layout.docs_to.empty() ? file : layout.docs_to + "/" + file;
}

}  // namespace

std::vector<std::string> missing_tools(const std::vector<std::string>& tools, const std::string& path) {
  std::vector<std::string> out;
  for (const auto& tool : tools) {
    if (!docs_tool_found(tool, path)) {
      out.push_back(tool);
    }
  }
  return out;
}

DocsRun plan_docs(const ReleaseLayout& layout, DocsStep step) {
  DocsRun d;
  d.configured = !layout.docs_command.empty();
  if (!d.configured) {
    return d;
  }
  for (const auto& f : layout.docs_files) {
    d.members.push_back(docs_member(layout, f));
  }
  std::sort(d.members.begin(), d.members.end(), tar_order_less);
  if (step == DocsStep::off) {
    d.skipped = "--no-docs";
    return d;
  }
  const char* path = std::getenv("PATH");
  auto missing = missing_tools(layout.docs_tools, path != nullptr ? path : "");
  if (!missing.empty()) {
    d.skipped = fmt::format("{} not found (release.layout.docs_tools)", fmt::join(missing, ", "));
  }
  return d;
}

std::string docs_summary(const DocsRun& docs) {
  if (!docs.configured) {
    return {};
  }
  if (!docs.skipped.empty()) {
    return "documentation skipped: " + docs.skipped;
  }
  if (!docs.run.ran) {
    return fmt::format("documentation (release.layout.docs_command, not run here) would add: {}",
                       fmt::join(docs.members, ", "));
  }
  return fmt::format("documentation made in {:.2f} s: {}", docs.run.seconds, fmt::join(docs.members, ", "));
}

}  // namespace embargo::core::release
