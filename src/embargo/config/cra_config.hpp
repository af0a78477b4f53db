#pragma once

// [cra] in embargo.toml or a project's settings file (issue 25): the EU
// Cyber Resilience Act's reporting clock (Article 14, applying since
// 2026-09-11). A project is not a manufacturer, but the distributions and
// vendors that ship it are; with the clock on, a case whose exploitation is
// "active" shows their three deadlines among its disclosure duties
// (notice/cra_clock.hpp) and `embargo report cra` renders the facts each
// stage needs.

#include <string>
#include <vector>

#include <embargo/config/toml_fwd.hpp>
#include <embargo/util/result.hpp>

namespace embargo::config {

struct CraConfig {
  bool enabled = false;
  // Recipients ([[mail.lists.recipients]] names) that ship the project as
  // manufacturers: `embargo report cra` addresses its reports to their
  // contacts. Checked against the lists' recipients when the file is read.
  std::vector<std::string> manufacturers;
};

// InvalidArgument names the key and the problem.
Result<CraConfig> parse_cra_config(const toml::value& root);
std::string default_cra_config_text();

}  // namespace embargo::config
