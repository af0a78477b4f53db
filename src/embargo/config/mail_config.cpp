#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <toml.hpp>

#include <embargo/config/mail_config.hpp>
#include <embargo/config/toml_get.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::config {

namespace {

tl::unexpected<Error> bad(std::string_view where, std::string_view message) {
  return make_error(ErrorCode::invalid_argument, fmt::format("config: {}{}", where, message));
}

Result<ListPolicy> parse_policy(std::string_view text, std::string_view where) {
  for (auto p : {ListPolicy::encrypt, ListPolicy::sign, ListPolicy::clearsign}) {
    if (to_string(p) == text) {
      return p;
    }
  }
  return bad(where, fmt::format(".policy '{}' is not one of encrypt, sign, clearsign", text));
}

Result<core::Recipient> parse_recipient(const toml::value& t, const std::string& where, const MailList& list) {
  core::Recipient r;
  r.list = list.name;
  TRY_ASSIGN(r.name, get_or<std::string>(t, where.c_str(), "name", ""));
  TRY_ASSIGN(r.contacts, get_or<std::vector<std::string>>(t, where.c_str(), "contacts", {}));
  TRY_ASSIGN(r.keys, get_or<std::vector<std::string>>(t, where.c_str(), "keys", {}));
  TRY_ASSIGN(r.users, get_or<std::vector<std::string>>(t, where.c_str(), "users", {}));
  TRY_ASSIGN(r.important, get_or<bool>(t, where.c_str(), "important", false));
  if (auto ok = core::validate_recipient_name(r.name); !ok) {
    return bad(where, ".name: " + ok.error().message());
  }
  for (const auto& c : r.contacts) {
    if (c.find('@') == std::string::npos) {
      return bad(where, fmt::format(".contacts: '{}' is not a mail address", c));
    }
  }
  return r;
}

Result<void> parse_recipients(const toml::value& t, const std::string& where, MailList& l) {
  if (!t.is_table() || !t.contains("recipients")) {
    return {};
  }
  if (!t.at("recipients").is_array()) {
    return bad(where, ".recipients must be an array of tables ([[mail.lists.recipients]])");
  }
  const auto& array = t.at("recipients").as_array();
  for (std::size_t i = 0; i < array.size(); ++i) {
    TRY_ASSIGN(core::Recipient r, parse_recipient(array[i], fmt::format("{}.recipients[{}]", where, i), l));
    l.recipients.push_back(std::move(r));
  }
  return {};
}

// The Openwall lists' rules: defaults for what the list's entry leaves out,
// and a refusal of what the list would refuse or must not get.
Result<void> apply_openwall_preset(const toml::value& t, const std::string& where, MailList& l) {
  if (l.openwall == OpenwallList::oss_security) {
    if (l.policy == ListPolicy::encrypt) {
      return bad(where, fmt::format(".policy: {} is a public list; use clearsign or sign, not encrypt", l.address));
    }
    return {};
  }
  TRY_ASSIGN(l.subject_tag, get_or<std::string>(t, where.c_str(), "subject_tag", "[vs]"));
  if (l.subject_tag.find("[vs]") == std::string::npos) {
    return bad(where, fmt::format(".subject_tag must contain [vs]: {} refuses every message whose subject lacks it "
                                  "(550 5.7.1 Missing the [vs] anti-spam tag)",
                                  l.address));
  }
  if (l.policy != ListPolicy::encrypt) {
    return bad(where, fmt::format(".policy must be encrypt: {} is a private list whose members receive encrypted "
                                  "mail (give its published key in keys)",
                                  l.address));
  }
  TRY_ASSIGN(l.max_embargo_days, get_or<int>(t, where.c_str(), "max_embargo_days", 14));
  if (l.max_embargo_days < 1 || l.max_embargo_days > 14) {
    return bad(where, fmt::format(".max_embargo_days must be from 1 to 14: {} publishes what it holds after 14 days",
                                  l.address));
  }
  TRY_ASSIGN(l.exploit_post_days, get_or<int>(t, where.c_str(), "exploit_post_days", 7));
  if (l.exploit_post_days < 1 || l.exploit_post_days > 7) {
    return bad(where, fmt::format(".exploit_post_days must be from 1 to 7: exploit material shared with {} must be "
                                  "posted to oss-security within 7 days of the public disclosure",
                                  l.address));
  }
  return {};
}

Result<MailList> parse_list(const toml::value& t, std::size_t index) {
  std::string where = fmt::format("mail.lists[{}]", index);
  MailList l;
  TRY_ASSIGN(l.name, get_or<std::string>(t, where.c_str(), "name", ""));
  TRY_ASSIGN(l.address, get_or<std::string>(t, where.c_str(), "address", ""));
  l.openwall = openwall_list_of(l.address);
  bool is_public = l.openwall == OpenwallList::oss_security;
  TRY_ASSIGN(std::string policy, get_or<std::string>(t, where.c_str(), "policy", is_public ? "clearsign" : "encrypt"));
  TRY_ASSIGN(l.policy, parse_policy(policy, where));
  TRY_ASSIGN(l.keys, get_or<std::vector<std::string>>(t, where.c_str(), "keys", {}));
  TRY_ASSIGN(l.download_user, get_or<std::string>(t, where.c_str(), "download_user", ""));
  TRY_ASSIGN(l.important, get_or<bool>(t, where.c_str(), "important", false));
  TRY_ASSIGN(l.subject_tag, get_or<std::string>(t, where.c_str(), "subject_tag", ""));
  TRY_ASSIGN(l.max_embargo_days, get_or<int>(t, where.c_str(), "max_embargo_days", 0));
  if (l.max_embargo_days < 0) {
    return bad(where, ".max_embargo_days must not be negative (0: no limit)");
  }
  TRY_ASSIGN(l.exploit_post_days, get_or<int>(t, where.c_str(), "exploit_post_days", 0));
  if (l.exploit_post_days < 0) {
    return bad(where, ".exploit_post_days must not be negative (0: no such rule)");
  }
  if (l.subject_tag.find_first_of("\r\n") != std::string::npos) {
    return bad(where, ".subject_tag must be one line");
  }
  if (l.openwall != OpenwallList::none) {
    TRY(apply_openwall_preset(t, where, l));
  }
  if (l.name.empty() || l.name == "reporter") {
    return bad(where, ".name must be set (and \"reporter\" is reserved for the case's reporter)");
  }
  if (l.address.find('@') == std::string::npos) {
    return bad(where, ".address must be a mail address");
  }
  if (l.policy == ListPolicy::encrypt && l.keys.empty()) {
    return bad(where, ".keys must name at least one key when policy is encrypt");
  }
  if (auto ok = core::validate_recipient_name(l.name); !ok) {
    return bad(where, ".name: " + ok.error().message());
  }
  TRY(parse_recipients(t, where, l));
  return l;
}

Result<void> parse_smtp(const toml::value& root, SmtpSettings& s) {
  if (!root.contains("smtp")) {
    return {};
  }
  const toml::value& t = root.at("smtp");
  TRY_ASSIGN(s.url, get_or<std::string>(t, "smtp", "url", s.url));
  TRY_ASSIGN(s.starttls, get_or<std::string>(t, "smtp", "starttls", s.starttls));
  TRY_ASSIGN(s.user, get_or<std::string>(t, "smtp", "user", s.user));
  TRY_ASSIGN(s.password_file, get_or<std::string>(t, "smtp", "password_file", s.password_file));
  TRY_ASSIGN(s.ca_file, get_or<std::string>(t, "smtp", "ca_file", s.ca_file));
  TRY_ASSIGN(s.timeout_seconds, get_or<int>(t, "smtp", "timeout_seconds", s.timeout_seconds));
  if (s.url.starts_with("file:")) {
    if (s.url.size() == 5) {
      return bad("smtp.url", " file: needs a directory (file:DIR)");
    }
  } else if (!s.url.starts_with("smtp://") && !s.url.starts_with("smtps://")) {
    return bad("smtp.url", " must start with smtp://, smtps:// or file:");
  }
  if (s.starttls != "none" && s.starttls != "try" && s.starttls != "required") {
    return bad("smtp.starttls", " must be none, try or required");
  }
  return {};
}

Result<void> parse_mail_section(const toml::value& t, MailConfig& c) {
  TRY_ASSIGN(c.team_address, get_or<std::string>(t, "mail", "team_address", c.team_address));
  TRY_ASSIGN(c.team_name, get_or<std::string>(t, "mail", "team_name", c.team_name));
  TRY_ASSIGN(c.portal_url, get_or<std::string>(t, "mail", "portal_url", c.portal_url));
  TRY_ASSIGN(c.download_url, get_or<std::string>(t, "mail", "download_url", c.download_url));
  TRY_ASSIGN(c.max_message_bytes, get_or<std::int64_t>(t, "mail", "max_message_bytes", c.max_message_bytes));
  TRY_ASSIGN(c.max_per_sender_per_hour, get_or<int>(t, "mail", "max_per_sender_per_hour", c.max_per_sender_per_hour));
  TRY_ASSIGN(c.deliver_on_intake, get_or<bool>(t, "mail", "deliver_on_intake", c.deliver_on_intake));
  TRY_ASSIGN(c.receipt_grace_seconds, get_or<int>(t, "mail", "receipt_grace_seconds", c.receipt_grace_seconds));
  TRY_ASSIGN(c.flush_interval_seconds, get_or<int>(t, "mail", "flush_interval_seconds", c.flush_interval_seconds));
  if (c.flush_interval_seconds < 0 || c.flush_interval_seconds > 86400) {
    return bad("mail.flush_interval_seconds", " must be from 0 (off) to 86400");
  }
  TRY_ASSIGN(c.gnupg_home, get_or<std::string>(t, "mail", "gnupg_home", c.gnupg_home));
  TRY_ASSIGN(c.signing_key, get_or<std::string>(t, "mail", "signing_key", c.signing_key));
  TRY_ASSIGN(c.passphrase_file, get_or<std::string>(t, "mail", "passphrase_file", c.passphrase_file));
  TRY_ASSIGN(c.recipient_warning_hours, get_or<int>(t, "mail", "recipient_warning_hours", c.recipient_warning_hours));
  if (c.recipient_warning_hours < 0 || c.recipient_warning_hours > 24 * 365) {
    return bad("mail.recipient_warning_hours", " must be from 0 to 8760");
  }
  TRY_ASSIGN(std::string reporter_encryption, get_or<std::string>(t, "mail", "reporter_encryption", "when-possible"));
  if (reporter_encryption == "when-possible") {
    c.reporter_encryption = ReporterEncryption::when_possible;
  } else if (reporter_encryption == "required") {
    c.reporter_encryption = ReporterEncryption::required;
  } else {
    return bad("mail.reporter_encryption",
               fmt::format(" '{}' is not one of when-possible, required", reporter_encryption));
  }
  TRY_ASSIGN(c.bugs_address, get_or<std::string>(t, "mail", "bugs_address", c.bugs_address));
  if (!c.bugs_address.empty() && c.bugs_address.find('@') == std::string::npos) {
    return bad("mail.bugs_address", fmt::format(" '{}' is not a mail address", c.bugs_address));
  }
  if (c.team_address.find('@') == std::string::npos) {
    return bad("mail.team_address", " must be a mail address");
  }
  if (c.portal_url.find("{token}") == std::string::npos) {
    return bad("mail.portal_url", " must contain {token}");
  }
  if (c.max_message_bytes <= 0 || c.max_per_sender_per_hour <= 0 || c.receipt_grace_seconds < 0) {
    return bad("mail",
               ": max_message_bytes and max_per_sender_per_hour must be positive, "
               "receipt_grace_seconds not negative");
  }
  if (t.contains("lists")) {
    if (!t.at("lists").is_array()) {
      return bad("mail.lists", " must be an array of tables ([[mail.lists]])");
    }
    const auto& array = t.at("lists").as_array();
    for (std::size_t i = 0; i < array.size(); ++i) {
      TRY_ASSIGN(MailList l, parse_list(array[i], i));
      if (c.list(l.name)) {
        return bad("mail.lists", fmt::format(": the name {} is used twice", l.name));
      }
      c.lists.push_back(std::move(l));
    }
    std::vector<std::string> names;
    for (const auto& r : c.recipients()) {
      if (std::find(names.begin(), names.end(), r.name) != names.end()) {
        return bad("mail.lists", fmt::format(": the recipient name {} is used twice", r.name));
      }
      names.push_back(r.name);
    }
  }
  return {};
}

}  // namespace

std::string_view to_string(ListPolicy policy) {
  switch (policy) {
    case ListPolicy::encrypt:
      return "encrypt";
    case ListPolicy::sign:
      return "sign";
    case ListPolicy::clearsign:
      return "clearsign";
  }
  return "encrypt";
}

OpenwallList openwall_list_of(std::string_view address) {
  std::string a(util::trim(address));
  std::transform(a.begin(), a.end(), a.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (a == "distros@vs.openwall.org") {
    return OpenwallList::distros;
  }
  if (a == "linux-distros@vs.openwall.org") {
    return OpenwallList::linux_distros;
  }
  if (a == "oss-security@lists.openwall.com") {
    return OpenwallList::oss_security;
  }
  return OpenwallList::none;
}

std::string_view to_string(OpenwallList list) {
  switch (list) {
    case OpenwallList::distros:
      return "distros";
    case OpenwallList::linux_distros:
      return "linux-distros";
    case OpenwallList::oss_security:
      return "oss-security";
    case OpenwallList::none:
      return "";
  }
  return "";
}

std::vector<core::Recipient> MailConfig::recipients() const {
  std::vector<core::Recipient> out;
  for (const auto& l : lists) {
    out.push_back(core::Recipient{l.name, l.name, {l.address}, l.keys, {}, l.important});
    out.insert(out.end(), l.recipients.begin(), l.recipients.end());
  }
  return out;
}

Result<const MailList*> MailConfig::list(std::string_view name) const {
  std::string names;
  for (const auto& l : lists) {
    if (l.name == name) {
      return &l;
    }
    names += names.empty() ? l.name : ", " + l.name;
  }
  return make_error(ErrorCode::not_found,
                    fmt::format("list '{}' is not configured (configured: {})", name, names.empty() ? "none" : names));
}

Result<MailConfig> parse_mail_config(const toml::value& root) {
  MailConfig c;
  if (root.contains("mail")) {
    if (!root.at("mail").is_table()) {
      return bad("mail", " must be a table");
    }
    TRY(parse_mail_section(root.at("mail"), c));
  }
  TRY(parse_smtp(root, c.smtp));
  return c;
}

std::string default_mail_config_text() {
  return R"(
[mail]
# The team's address: the MTA pipes it into `embargo intake mail`, notices come from it,
# and every notice is also sent to it (the outbox's receipt, see `embargo mail flush`).
team_address = "security@example.org"
team_name = "Example Security Team"
# The reporter's private link in acknowledgements; {token} is replaced.
portal_url = "https://security.example.org/portal/open?t={token}"
# The fix notice links the case's embargoed files at [http] public_url + /embargo/CASE/.
# Set download_url only when they are offered elsewhere ({case} is replaced).
# download_url = "https://security.example.org/embargo/{case}/"
# Larger messages are refused; an encrypted one whose decrypted text is larger is quarantined.
max_message_bytes = 26214400
max_per_sender_per_hour = 30
# Send acknowledgements from the intake command itself (else `embargo mail flush` sends them).
deliver_on_intake = true
# A notice whose SMTP transaction was cut short is sent again only if its own copy has not
# come back through intake within this many seconds.
receipt_grace_seconds = 600
# embargod delivers the outbox itself every this many seconds, and right after a release
# step finished (0: never; then run `embargo mail flush` from cron).
flush_interval_seconds = 5
# The planner warns when the release is this many hours away (or less) and an important
# recipient has not acknowledged every vulnerability.
recipient_warning_hours = 48
# GnuPG home (relative to this directory) with the team's secret key and the lists' public keys.
gnupg_home = "gnupg"
# Fingerprint of the team's signing key. Its passphrase is never stored here:
# set EMBARGO_PGP_PASSPHRASE or name a file (mode 0600) in passphrase_file.
signing_key = ""
passphrase_file = ""
# Mail to a reporter is encrypted to their key when one is known (the key their report was
# signed with or that came attached, one they pasted in the portal, or `embargo case edit
# CASE --reporter-key FILE`). "when-possible": otherwise the acknowledgement carries the
# private portal link in clear text (never for a report that came encrypted); "required":
# an acknowledgement that is not encrypted never carries the link.
reporter_encryption = "when-possible"
# The public bug address beside security@: `embargo case move CASE rejected --why ... --forward`
# sends a report that is not a security issue there (empty: the text is printed instead).
bugs_address = ""

# One block per list that receives notices. policy: encrypt | sign | clearsign.
# Openwall's lists get their published rules by address: distros@vs.openwall.org and
# linux-distros@vs.openwall.org have subject_tag "[vs]" (the list refuses a subject without it),
# policy "encrypt", max_embargo_days 14 and exploit_post_days 7; oss-security@lists.openwall.com is public
# (policy "clearsign" or "sign"). A list's own templates: templates/lists/NAME/KIND.mustache.
# [[mail.lists]]
# name = "distros"
# address = "distros@vs.openwall.org"
# policy = "encrypt"
# keys = ["<fingerprint of the list's key>"]
# download_user = "distros"
# subject_tag = "[vs]"     # put at the front of every subject that lacks it
# max_embargo_days = 14    # the longest embargo the list accepts, from the first message to it
# exploit_post_days = 7    # exploit material shared with it goes public this many days after the release
# important = false        # the planner warns when the list itself has not acknowledged
# Named distributions or vendors under the list, each with its own status per vulnerability
# (`embargo recipient`): the addresses and keys its status replies may come from, and the
# web logins of its people (they can set only their own recipient's status).
# [[mail.lists.recipients]]
# name = "debian"
# contacts = ["team@security.debian.org"]
# keys = ["<fingerprint>"]
# users = ["debian-sec"]
# important = true

[smtp]
# smtp://host:port (STARTTLS per `starttls`) or smtps://host:port. The password comes from
# EMBARGO_SMTP_PASSWORD or password_file. file:DIR sends nothing: each message is written to
# DIR/<Message-ID>.eml in the data directory (a mail sink for trying embargo, see `embargo demo`).
url = "smtp://127.0.0.1:25"
starttls = "try"
user = ""
password_file = ""
timeout_seconds = 60
)";
}

}  // namespace embargo::config
