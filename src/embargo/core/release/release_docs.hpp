#pragma once

// The documentation step of a release build ([release.layout] docs_*;
// Exim's: `make` in doc/doc-docbook with xfpt, xmlto and w3m, making
// doc/exim.8, doc/spec.txt and doc/filter.txt of the tarball). The command
// itself runs in the release tree's scratch copy (release_tree.hpp); this
// decides whether it runs and says what happened, for the build's report
// and for `release layout` (which does not run it).

#include <string>
#include <vector>

#include <embargo/core/release/release_layout.hpp>

namespace embargo::core::release {

// A command of the layout that ran in the scratch tree.
struct StampRun {
  bool ran = false;
  std::string command;
  std::string output;
  double seconds = 0;
};

// run: the build; list: `release layout`, which says what the command would
// add without running it; off: `release build --no-docs`.
enum class DocsStep { run, list, off };

struct DocsRun {
  bool configured = false;  // the layout has a documentation command
  std::string skipped;      // why it does not run ("" = it runs or would)
  std::vector<std::string> members;  // what it adds, relative to the top, sorted
  StampRun run;             // when it ran
};

// The tools of `tools` that are missing: a name without '/' not found as
// an executable file in a directory of `path` (a PATH value), an absolute
// path that does not exist.
std::vector<std::string> missing_tools(const std::vector<std::string>& tools, const std::string& path);

// Whether the documentation step runs (by the process's PATH), and what it
// adds.
DocsRun plan_docs(const ReleaseLayout& layout, DocsStep step);

// One line for a report: "documentation skipped: xfpt, xmlto not found
// (release.layout.docs_tools)", "documentation skipped: doc/doc-docbook is
// not a directory at tag exim-4.99 (release.layout.docs_dir)", "documentation made in 63.20 s: doc/exim.8,
// ...", "documentation (not run here) would add: ..."; "" when the layout
// has none.
std::string docs_summary(const DocsRun& docs);

}  // namespace embargo::core::release
