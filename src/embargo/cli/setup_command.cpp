// embargo setup: configures an existing data directory (made by `embargo
// init`) for a real project: the team's address, name and key, the lists
// and their keys, SMTP, the public URL and publish directories; prints what
// the MTA needs and ends with `embargo doctor` (setup.hpp).

#include <ostream>

#include <fmt/format.h>
#include <unistd.h>

#include <embargo/cli/commands.hpp>
#include <embargo/cli/doctor.hpp>
#include <embargo/cli/setup.hpp>
#include <embargo/config/config_edit.hpp>
#include <embargo/mail/notice_mailer.hpp>
#include <embargo/pgp/key_setup.hpp>
#include <embargo/util/file.hpp>

namespace embargo::cli {

namespace fs = std::filesystem;

namespace {

fs::path under(const fs::path& data, const std::string& p) {
  return fs::path(p).is_absolute() ? fs::path(p) : data / p;
}

// The fingerprint of the team's key: given, imported or made.
Result<std::string> team_key(Context& ctx, const config::DataDir& dir, const setup::Values& v) {
  const config::MailConfig& mail = dir.config.mail;
  fs::path home = under(dir.path, mail.gnupg_home);
  TRY_ASSIGN(util::SensitiveString passphrase,
             mail::secret_from("EMBARGO_PGP_PASSPHRASE", dir.path, mail.passphrase_file));
  if (v.make_key) {
    std::string user_id = fmt::format("{} <{}>", v.team_name, v.team_address);
    bool protect = !passphrase.empty();
    TRY_ASSIGN(std::string fpr, pgp::make_key_pair(home, user_id, std::move(passphrase)));
    ctx.out() << fmt::format("Made the team's key {} for {}{}\n", fpr, user_id,
                             !protect ? " (no passphrase: set EMBARGO_PGP_PASSPHRASE to protect one)" : "");
    return fpr;
  }
  if (!v.import_key.empty()) {
    TRY_ASSIGN(auto fprs, pgp::import_key_file(home, v.import_key, std::move(passphrase)));
    ctx.out() << fmt::format("Imported the team's key {} from {}\n", fprs.front(), v.import_key);
    return fprs.front();
  }
  return v.signing_key.empty() ? mail.signing_key : v.signing_key;
}

// How notices to `list` go: its --list-policy, or the default (setup.hpp).
Result<config::ListPolicy> policy_of(const setup::Values& v, const config::MailList& list) {
  for (const auto& lp : v.list_policies) {
    if (!lp.starts_with(list.name + "=")) {
      continue;
    }
    std::string_view value = std::string_view(lp).substr(list.name.size() + 1);
    for (auto p : {config::ListPolicy::encrypt, config::ListPolicy::sign, config::ListPolicy::clearsign}) {
      if (value == config::to_string(p)) {
        return p;
      }
    }
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("--list-policy {}: give encrypt, sign or clearsign after {}=", lp, list.name));
  }
  bool is_public = config::openwall_list_of(list.address) == config::OpenwallList::oss_security;
  return is_public ? config::ListPolicy::clearsign : config::ListPolicy::encrypt;
}

// The [[mail.lists]] entry for `spec` (NAME or NAME=ADDRESS), with the keys --list-key gave it.
Result<config::MailList> list_of(const config::DataDir& dir, const setup::Values& v, const std::string& spec) {
  config::MailList list;
  auto eq = spec.find('=');
  list.name = spec.substr(0, eq);
  list.address = eq == std::string::npos ? setup::openwall_address(list.name) : spec.substr(eq + 1);
  if (list.name.empty() || list.address.empty()) {
    return make_error(
        ErrorCode::invalid_argument,
        fmt::format("--list {}: give NAME=ADDRESS, or one of distros, linux-distros, oss-security", spec));
  }
  if (dir.config.mail.list(list.name)) {
    return make_error(ErrorCode::conflict, fmt::format("--list {}: a list of that name is configured already; edit "
                                                       "embargo.toml to change it",
                                                       list.name));
  }
  TRY_ASSIGN(list.policy, policy_of(v, list));
  for (const auto& lk : v.list_keys) {
    if (lk.starts_with(list.name + "=")) {
      fs::path home = under(dir.path, dir.config.mail.gnupg_home);
      TRY_ASSIGN(auto fprs, pgp::import_key_file(home, lk.substr(list.name.size() + 1), util::SensitiveString()));
      list.keys.insert(list.keys.end(), fprs.begin(), fprs.end());
    }
  }
  if (list.policy == config::ListPolicy::encrypt && list.keys.empty()) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("--list {}: notices to it are encrypted; give its public key with --list-key {}=FILE",
                                  list.name, list.name));
  }
  return list;
}

// Sets `key` in `[section]` when `value` was given; quoted as a TOML string.
Result<void> set_if(std::string& text, std::string_view section, std::string_view key, const std::string& value) {
  if (!value.empty()) {
    TRY_ASSIGN(text, config::set_config_value(text, section, key, config::toml_quote(value)));
  }
  return {};
}

Result<std::string> edited_config(const config::DataDir& dir, const setup::Values& v, const std::string& key,
                                  const std::vector<config::MailList>& lists) {
  TRY_ASSIGN(std::string text, util::read_file(dir.path / config::k_config_name));
  TRY(set_if(text, "mail", "team_address", v.team_address));
  TRY(set_if(text, "mail", "team_name", v.team_name));
  TRY(set_if(text, "mail", "signing_key", key));
  TRY(set_if(text, "smtp", "url", v.smtp_url));
  TRY(set_if(text, "smtp", "starttls", v.starttls));
  TRY(set_if(text, "publish", "web_dir", v.web_dir));
  TRY(set_if(text, "publish", "files_dir", v.files_dir));
  if (!v.public_url.empty()) {
    std::string url = v.public_url.ends_with('/') ? v.public_url.substr(0, v.public_url.size() - 1) : v.public_url;
    TRY(set_if(text, "http", "public_url", url));
    TRY(set_if(text, "mail", "portal_url", url + "/portal/open?t={token}"));
    TRY(set_if(text, "team", "case_url", url + "/cases/{case}"));
  }
  for (const auto& l : lists) {
    text = config::add_mail_list(text, l);
  }
  return text;
}

// The publish directories, made when missing (they are the team's to fill).
void make_publish_dirs(const config::DataDir& dir, const setup::Values& v) {
  std::error_code ec;
  for (const std::string* d : {&v.web_dir, &v.files_dir}) {
    if (!d->empty()) {
      fs::create_directories(under(dir.path, *d), ec);
    }
  }
}

Result<int> run_setup(Context& ctx, setup::Values v, bool batch) {
  if (ctx.data_dir.empty()) {
    return ctx.fail_usage("setup needs --data DIR (or EMBARGO_DATA)");
  }
  if (!fs::exists(fs::path(ctx.data_dir) / config::k_config_name)) {
    return ctx.fail_usage(
        fmt::format("{} is not a data directory yet: run `embargo init --data {} --project NAME` first", ctx.data_dir,
                    ctx.data_dir));
  }
  TRY_ASSIGN(config::DataDir * dir, ctx.data());
  if (!batch && ::isatty(STDIN_FILENO) == 1) {
    setup::ask_missing(ctx, dir->config, v);
  }
  v.team_address = v.team_address.empty() ? dir->config.mail.team_address : v.team_address;
  v.team_name = v.team_name.empty() ? dir->config.mail.team_name : v.team_name;
  std::vector<config::MailList> lists;
  for (const auto& spec : v.lists) {
    TRY_ASSIGN(config::MailList l, list_of(*dir, v, spec));
    lists.push_back(std::move(l));
  }
  TRY_ASSIGN(std::string key, team_key(ctx, *dir, v));
  TRY_ASSIGN(std::string text, edited_config(*dir, v, key, lists));
  fs::path file = dir->path / config::k_config_name;
  TRY(config::parse_config(text, file.string(), dir->path));
  TRY(util::write_file_atomic(file, text, 0600));
  make_publish_dirs(*dir, v);
  ctx.out() << fmt::format("Wrote {}\n\n", file.string());
  if (std::string mta = setup::mta_text(v.mta, v.team_address, ctx.data_dir); !mta.empty()) {
    ctx.out() << mta << '\n';
  }
  if (v.no_doctor) {
    return k_exit_ok;
  }
  ctx.out() << "Checking the result (embargo doctor):\n";
  return doctor::run(ctx, v.offline);
}

}  // namespace

void add_setup_command(CLI::App& app, Context& ctx) {
  auto v = std::make_shared<setup::Values>();
  auto batch = std::make_shared<bool>(false);
  auto* s = app.add_subcommand("setup", "Configure a data directory for your project, then check it (doctor)");
  s->add_option("--team-address", v->team_address, "The team's address (security@...)");
  s->add_option("--team-name", v->team_name, "The team's name, as notices are signed");
  auto* fpr = s->add_option("--signing-key", v->signing_key, "The team's key: a fingerprint in the GnuPG home");
  auto* imp = s->add_option("--import-key", v->import_key, "The team's key: import it from this file");
  auto* make = s->add_flag("--make-key", v->make_key, "The team's key: make one (ed25519, with an encryption subkey)");
  fpr->excludes(imp)->excludes(make);
  imp->excludes(make);
  s->add_option("--list", v->lists, "A list to notify: distros, linux-distros, oss-security, or NAME=ADDRESS");
  s->add_option("--list-key", v->list_keys, "NAME=FILE: the public key(s) of list NAME, imported");
  s->add_option("--list-policy", v->list_policies,
                "NAME=encrypt|sign|clearsign: how notices to list NAME go (default: encrypt; oss-security clearsign)");
  s->add_option("--smtp", v->smtp_url, "The SMTP server: smtp://HOST:PORT or smtps://HOST:PORT");
  s->add_option("--starttls", v->starttls, "none, try or required")->check(CLI::IsMember({"none", "try", "required"}));
  s->add_option("--public-url", v->public_url, "Where people reach embargod (https://security.example.org)");
  s->add_option("--web-dir", v->web_dir, "Directory the advisory pages are published into");
  s->add_option("--files-dir", v->files_dir, "Directory the release files are published into");
  s->add_option("--mta", v->mta, "exim, postfix or none: print its configuration")
      ->check(CLI::IsMember({"exim", "postfix", "none"}));
  s->add_flag("--batch", *batch, "Ask nothing, even on a terminal");
  s->add_flag("--offline", v->offline, "Doctor skips SMTP and the public URL");
  s->add_flag("--no-doctor", v->no_doctor, "Do not run doctor at the end");
  s->callback([&ctx, v, batch] { run_command(ctx, [&] { return run_setup(ctx, *v, *batch); }); });
}

}  // namespace embargo::cli
