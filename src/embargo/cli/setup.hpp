#pragma once

// `embargo setup`: the few values a team must give, as flags or asked for
// on a terminal (setup_prompt.cpp), applied to an existing data directory
// (setup_command.cpp): embargo.toml edited in place (config_edit.hpp), keys
// made or imported into its GnuPG home, then `embargo doctor`.

#include <string>
#include <vector>

#include <embargo/cli/context.hpp>

namespace embargo::cli::setup {

struct Values {
  std::string team_address;
  std::string team_name;
  // The team's key: one of these three.
  std::string signing_key;  // a fingerprint already in the GnuPG home
  std::string import_key;   // a file with the team's secret key
  bool make_key = false;    // make one here
  // NAME (an Openwall preset: distros, linux-distros, oss-security) or NAME=ADDRESS.
  std::vector<std::string> lists;
  std::vector<std::string> list_keys;  // NAME=FILE: a list's public key(s)
  // NAME=encrypt|sign|clearsign: how notices to list NAME go. Without one:
  // clearsign for oss-security's address, encrypt (which needs a key) otherwise.
  std::vector<std::string> list_policies;
  std::string smtp_url;
  std::string starttls;  // none | try | required
  std::string public_url;
  std::string web_dir;
  std::string files_dir;
  std::string mta = "exim";  // exim | postfix | none
  bool offline = false;      // doctor without the network checks
  bool no_doctor = false;
};

// The Openwall list `name` names ("distros" -> distros@vs.openwall.org), or "".
std::string openwall_address(std::string_view name);

// Asks on the terminal for each value the flags left out, showing the
// current configuration's value as the default. REQUIRES: stdin is a terminal.
void ask_missing(Context& ctx, const config::ConfigFile& current, Values& v);

// The Exim router and transport (or the Postfix line) that pipe mail for
// `team_address` into `embargo intake mail` for `data_dir`; "" for "none".
std::string mta_text(const std::string& mta, const std::string& team_address, const std::string& data_dir);

}  // namespace embargo::cli::setup
