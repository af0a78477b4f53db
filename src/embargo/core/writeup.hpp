#pragma once

// The after-the-fact account of a case (`embargo report write-up`, issue 12):
// what happened when, for "explaining ourselves to the community" once the
// embargo is over. Built from the hash-chained timeline: each step with its
// time (UTC) and the time since the report, in Markdown or a standalone HTML
// page (every value escaped).
//
// By default the account leaves out what was never meant for the public:
// internal notes, messages with the reporter, received mail, access and
// usercode changes, field edits and refused status replies (`include_private`
// keeps them, one line each). Only a credit line the reporter accepted is
// named (core/credit.hpp).

#include <string>
#include <string_view>
#include <vector>

#include <embargo/core/case.hpp>
#include <embargo/core/timeline.hpp>
#include <embargo/core/vulnerability.hpp>

namespace embargo::core {

struct WriteUpInput {
  const Case& c;
  const std::vector<Vulnerability>& vulns;
  const std::vector<TimelineEntry>& timeline;
  std::string project_name;
  bool include_private = false;
};

// True for the entry kinds the account leaves out by default.
bool is_private_kind(std::string_view kind);

std::string write_up_markdown(const WriteUpInput& in);
std::string write_up_html(const WriteUpInput& in);

// "3d 4h 05m" between two times (`to` >= `from`), "0m" for less than a minute.
std::string elapsed_text(util::Timestamp from, util::Timestamp to);

}  // namespace embargo::core
