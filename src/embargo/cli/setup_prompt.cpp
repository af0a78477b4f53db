// embargo setup: the questions asked on a terminal, and the MTA snippet it
// prints (setup.hpp).

#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include <embargo/cli/setup.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::cli::setup {

namespace {

// Asks `question`; the answer, or `fallback` for an empty one.
std::string ask(Context& ctx, std::string_view question, const std::string& fallback) {
  ctx.out() << question << (fallback.empty() ? "" : fmt::format(" [{}]", fallback)) << ": " << std::flush;
  std::string line;
  if (!std::getline(std::cin, line)) {
    return fallback;
  }
  std::string answer(util::trim(line));
  return answer.empty() ? fallback : answer;
}

void ask_team_key(Context& ctx, const config::ConfigFile& current, Values& v) {
  if (!v.signing_key.empty() || !v.import_key.empty() || v.make_key) {
    return;
  }
  std::string fallback = current.mail.signing_key.empty() ? "make" : current.mail.signing_key;
  std::string answer = ask(ctx, "The team's signing key: 'make' one, a key file to import, or a fingerprint", fallback);
  if (answer == "make") {
    v.make_key = true;
  } else if (std::filesystem::exists(answer)) {
    v.import_key = answer;
  } else {
    v.signing_key = answer;
  }
}

void ask_lists(Context& ctx, const config::ConfigFile& current, Values& v) {
  if (!v.lists.empty()) {
    return;
  }
  for (const auto& l : current.mail.lists) {
    ctx.out() << fmt::format("Configured list: {} <{}>\n", l.name, l.address);
  }
  while (true) {
    std::string list = ask(ctx, "Add a list (distros, linux-distros, oss-security, or NAME=ADDRESS; empty: done)", "");
    if (list.empty()) {
      return;
    }
    std::string name = list.substr(0, list.find('='));
    std::string policy = openwall_address(name).empty() || list.find('=') != std::string::npos
                             ? ask(ctx, fmt::format("  notices to {}: encrypt, sign or clearsign", name), "encrypt")
                             : std::string(name == "oss-security" ? "clearsign" : "encrypt");
    v.list_policies.push_back(name + "=" + policy);
    if (policy == "encrypt") {
      std::string file = ask(ctx, fmt::format("  file with {}'s public key (notices to it are encrypted)", name), "");
      if (file.empty()) {
        ctx.out() << fmt::format("  {} left out: add it again with its key\n", name);
        continue;
      }
      v.list_keys.push_back(name + "=" + file);
    }
    v.lists.push_back(list);
  }
}

}  // namespace

std::string openwall_address(std::string_view name) {
  if (name == "distros" || name == "linux-distros") {
    return fmt::format("{}@vs.openwall.org", name);
  }
  if (name == "oss-security") {
    return "oss-security@lists.openwall.com";
  }
  return "";
}

void ask_missing(Context& ctx, const config::ConfigFile& current, Values& v) {
  auto value = [&](std::string& field, std::string_view question, const std::string& now) {
    if (field.empty()) {
      field = ask(ctx, question, now);
    }
  };
  value(v.team_address, "The team's address (reports come to it, notices go from it)", current.mail.team_address);
  value(v.team_name, "The team's name", current.mail.team_name);
  ask_team_key(ctx, current, v);
  ask_lists(ctx, current, v);
  value(v.smtp_url, "SMTP server for outgoing mail (smtp://HOST:PORT or smtps://...)", current.mail.smtp.url);
  value(v.public_url, "The address people reach embargod at (https://...; empty: none yet)", current.http.public_url);
  value(v.web_dir, "Directory the advisory pages are published into (empty: none)", current.publish.web_dir);
  value(v.files_dir, "Directory the release files are published into (empty: none)", current.publish.files_dir);
  v.mta = ask(ctx, "The MTA that delivers the team's mail (exim, postfix, none)", v.mta);
}

std::string mta_text(const std::string& mta, const std::string& team_address, const std::string& data_dir) {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  std::string program = ec ? "/usr/local/bin/embargo" : self.string();
  std::string data = std::filesystem::absolute(data_dir, ec).string();
  auto at = team_address.find('@');
  std::string local = team_address.substr(0, at);
  std::string domain = at == std::string::npos ? "+local_domains" : team_address.substr(at + 1);
  if (mta == "exim") {
    return fmt::format(R"(Exim: put the router in the routers section (before dnslookup) and the transport in the
transports section; exit codes 73 and 75 are retried.

  embargo_intake:
    driver = accept
    local_parts = {}
    domains = {}
    transport = embargo_pipe

  embargo_pipe:
    driver = pipe
    command = {} intake mail --data {}
    user = embargo
    temp_errors = 73:75
    return_fail_output
)",
                       local, domain, program, data);
  }
  if (mta == "postfix") {
    return fmt::format(R"(Postfix: deliver {} to a dedicated local user (e.g. with virtual_alias_maps) and set in
main.cf (or, for that user alone, put the quoted line in its ~/.forward):

  mailbox_command = {} intake mail --data {}
  "|{} intake mail --data {}"
)",
                       team_address, program, data, program, data);
  }
  return "";
}

}  // namespace embargo::cli::setup
