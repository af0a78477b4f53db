#pragma once

// The [mail], [smtp] and [[mail.lists]] sections of embargo.toml (issue 6).
// Secrets are never here: the PGP passphrase and the SMTP password come from
// the environment (EMBARGO_PGP_PASSPHRASE, EMBARGO_SMTP_PASSWORD) or from
// files that these settings name.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/config/toml_fwd.hpp>
#include <embargo/core/recipient.hpp>
#include <embargo/util/result.hpp>

namespace embargo::config {

// How a list receives notices.
enum class ListPolicy {
  encrypt,    // PGP/MIME multipart/encrypted (signed inside) to the list's keys
  sign,       // PGP/MIME multipart/signed
  clearsign,  // inline clearsigned text, for public lists such as oss-security
};

std::string_view to_string(ListPolicy policy);

// The Openwall lists whose published rules embargo knows
// (../shared/reference/openwall-lists.md): the private distros and
// linux-distros lists (subject tag "[vs]", encrypted, at most 14 days) and
// the public oss-security list (clearsigned or signed, never encrypted).
enum class OpenwallList { none, distros, linux_distros, oss_security };

// The Openwall list at `address` (case-insensitive), or none.
OpenwallList openwall_list_of(std::string_view address);
// "distros", "linux-distros", "oss-security", "".
std::string_view to_string(OpenwallList list);

struct MailList {
  std::string name;  // how commands name it: "distros"
  std::string address;
  ListPolicy policy = ListPolicy::encrypt;
  std::vector<std::string> keys;  // fingerprints in the GnuPG home to encrypt to
  std::string download_user;      // the usercode of this list on the embargo server
  // Named distributions or vendors under this list ([[mail.lists.recipients]]:
  // name, contacts, keys, users, important), issue 12.
  std::vector<core::Recipient> recipients;
  // The list itself as a recipient ([mail.lists] important = true).
  bool important = false;
  // Put at the front of every notice's subject to this list when the subject
  // lacks it. The Openwall distros lists refuse a subject without "[vs]".
  std::string subject_tag;
  // The longest embargo the list accepts, counted from the first message sent
  // to it (0: no limit); the disclosure duties check it.
  int max_embargo_days = 0;
  // Exploit material shared with this list must be posted publicly (to
  // oss-security) within this many days of the public disclosure (0: no
  // such rule); the disclosure duties remind of it.
  int exploit_post_days = 0;
  // Which Openwall list the address is (openwall_preset), or none.
  OpenwallList openwall = OpenwallList::none;

  // The list's user name in the download area: download_user, else name.
  const std::string& usercode() const { return download_user.empty() ? name : download_user; }
};

// How mail to a reporter is protected (mail.reporter_encryption, issue 23).
// Either way it is encrypted to the reporter's key when one is known; the
// setting decides what an acknowledgement without it may carry.
enum class ReporterEncryption {
  when_possible,  // the portal link in clear text, unless the report itself came encrypted
  required,       // no portal link unless the acknowledgement is encrypted
};

struct SmtpSettings {
  std::string url = "smtp://127.0.0.1:25";  // smtps:// for implicit TLS
  std::string starttls = "try";             // none | try | required
  std::string user;
  std::string password_file;  // relative to the data directory; or EMBARGO_SMTP_PASSWORD
  std::string ca_file;        // extra CA bundle, for a private relay
  int timeout_seconds = 60;
};

struct MailConfig {
  std::string team_address = "security@example.org";
  std::string team_name = "Example Security Team";
  std::string portal_url = "https://security.example.org/portal/open?t={token}";
  // Where the fix notice says the case's files are, when not embargod's own
  // download area at [http] public_url; {case} is replaced.
  std::string download_url;
  std::int64_t max_message_bytes = 26214400;
  int max_per_sender_per_hour = 30;
  bool deliver_on_intake = true;
  int receipt_grace_seconds = 600;
  // embargod's outbox delivery: every this many seconds (0: off).
  int flush_interval_seconds = 5;
  std::string gnupg_home = "gnupg";
  std::string signing_key;      // fingerprint of the team's key
  std::string passphrase_file;  // or EMBARGO_PGP_PASSPHRASE
  std::vector<MailList> lists;
  SmtpSettings smtp;

  // The planner warns when the release is this close and an important
  // recipient has not answered (mail.recipient_warning_hours).
  int recipient_warning_hours = 48;

  ReporterEncryption reporter_encryption = ReporterEncryption::when_possible;
  // The public bug route (seed 000: bugs@ beside security@): where `case
  // move CASE rejected --forward` sends a report that is not a security
  // issue. Empty: the text is printed for pasting into a tracker.
  std::string bugs_address;

  // Every recipient: each list itself (contact: its address, keys: its keys),
  // then the named ones under it, in configuration order.
  std::vector<core::Recipient> recipients() const;

  // The list called `name`; NotFound names the configured ones.
  Result<const MailList*> list(std::string_view name) const;
};

// Reads the sections from a parsed file; InvalidArgument names the key.
Result<MailConfig> parse_mail_config(const toml::value& root);

// The commented sections for `embargo init`.
std::string default_mail_config_text();

}  // namespace embargo::config
