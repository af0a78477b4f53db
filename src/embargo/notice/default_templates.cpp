// The shipped notice templates (mustache), modelled on Exim's three-stage
// postings (doc/doc-txt/cve-2019-15846/posting-0/1/2.txt) and its
// SecurityReleaseProcess: vague advance notice while no fix exists, the fix
// for packagers behind a usercode, a public heads-up with "<-- NOW", and the
// release announcement with checksums and the signing key.

#include <array>
#include <utility>

#include <embargo/notice/default_templates.hpp>

namespace embargo::notice {

namespace {

constexpr std::string_view k_timeline_table = R"({{#timeline}}
  {{when}}  {{label}}{{#now}}  <-- NOW{{/now}}
{{#locals}}
      {{.}}
{{/locals}}
{{/timeline}})";

constexpr std::string_view k_header_block = R"({{#vulnerabilities}}
Identifier: {{identifier_or_tbd}}
Title:      {{title}}
Impact:     {{impact}}
Versions:   {{affected_or_tbd}}
{{#fixed}}Fixed in:   {{fixed}}
{{/fixed}}{{#cwe}}Weakness:   {{cwe}}
{{/cwe}}{{#cvss}}CVSS:       {{.}}
{{/cvss}}
{{/vulnerabilities}}{{#credit}}Credits:    {{credit}}
{{/credit}}Contact:    {{team_address}}
)";

constexpr std::string_view k_ack = R"(Subject: [{{case_id}}] Received: {{title}}

Hello {{reporter_name}},

thank you for your report to the {{project}} security team. We have
recorded it as {{case_id}}; please keep that id in the subject of any
further mail about it, or simply reply to this message.
{{#link}}

You can follow the case, and tell us your own disclosure timeline, whether
and how you would like to be credited, and any CVE you already obtained, at
this private link (do not share it):

  {{link}}
{{/link}}
{{^link}}

We received your report as {{case_id}}; reply to this mail to continue.
To get our mail encrypted, attach your OpenPGP public key to a reply.
{{/link}}

We will get back to you once we have assessed the report.

-- 
{{team_name}} <{{team_address}}>
)";

constexpr std::string_view k_reporter_update = R"(Subject: [{{case_id}}] Update: {{title}}

Hello {{reporter_name}},

{{message}}

Current state of {{case_id}}: {{state}}.
{{#has_timeline}}
Timeline:
)"
                                               "{{> timeline}}"
                                               R"(
{{/has_timeline}}
-- 
{{team_name}} <{{team_address}}>
)";

constexpr std::string_view k_advance = R"(Subject: [EMBARGO] {{project}}: advance notice of a security release

*** EMBARGO: do not share, do not publish before {{release_or_tbd}} ***

{{^fix_available}}
We have a security flaw in {{project}}. Impact is {{impact}}
({{exploitation}}). We expect to start OS packaging on {{packaging_or_tbd}}
and to release on {{release_or_tbd}}.

Details and the fix will follow in a further notice to this list.
{{/fix_available}}
{{#fix_available}}
We have a security flaw in {{project}}; a fix exists and will be made
available to packagers on {{packaging_or_tbd}}. Public release is planned
for {{release_or_tbd}}.

)"
                                       "{{> header}}"
                                       R"(
{{/fix_available}}
{{#release_kind_text}}

{{release_kind_text}}
{{/release_kind_text}}

Proposed public disclosure: {{release_or_tbd}}
{{#release_locals}}
  {{.}}
{{/release_locals}}

Proposed timeline:
)"
                                       "{{> timeline}}"
                                       R"(

This message is signed with the key {{signing_key}}.

-- 
{{team_name}} <{{team_address}}>
)";

constexpr std::string_view k_fix = R"(Subject: [EMBARGO] {{project}}: fix available to packagers

*** EMBARGO: do not share, do not publish before {{release_or_tbd}} ***

)"
                                   "{{> header}}"
                                   R"(
Details:
{{#vulnerabilities}}
{{description}}
{{#mitigation}}
Mitigation: {{mitigation}}
{{/mitigation}}
{{/vulnerabilities}}

The fixed release and a standalone patch are available, for packagers only,
at

  {{download_url}}

{{#download_user}}with the usercode {{download_user}}{{#download_password}} and the password
{{download_password}}{{/download_password}} (for {{list_name}} only).
{{/download_user}}
{{#password_elsewhere}}
The password is not in this message: ask {{team_address}} for it over an
encrypted channel if you do not have it yet.
{{/password_elsewhere}}

{{#has_artifacts}}
Files:
{{#artifacts}}
  {{url}}
    size {{size}} bytes, SHA2-256 {{sha256}}
{{/artifacts}}
{{/has_artifacts}}

{{#files_key}}
Every file has a detached signature (.asc) by the release signing key
{{files_key}}.
{{#mail_key_differs}}
This message is signed with the team's key {{signing_key}}.
{{/mail_key_differs}}
{{/files_key}}
{{^files_key}}
Every file has a detached signature (.asc).
{{/files_key}}
{{#release_kind_text}}
{{release_kind_text}}

{{/release_kind_text}}
Please help us keep the embargo; ask us about backports to older releases.

Public disclosure: {{release_or_tbd}}
{{#release_locals}}
  {{.}}
{{/release_locals}}

Timeline:
)"
                                   "{{> timeline}}"
                                   R"(

-- 
{{team_name}} <{{team_address}}>
)";

constexpr std::string_view k_heads_up = R"(Subject: {{project}}: {{identifiers_or_case}}: upcoming security release

This is a heads-up: a security release of {{project}} is coming. The
embargo is still in effect; details will be published at the coordinated
release date (CRD).

{{#vulnerabilities}}
{{identifier_or_tbd}}: {{project}} {{affected_or_tbd}}: {{impact}}
{{/vulnerabilities}}
{{#release_kind_text}}

{{release_kind_text}}
{{/release_kind_text}}

CRD: {{release_or_tbd}}
{{#release_locals}}
  {{.}}
{{/release_locals}}

Timeline:
)"
                                        "{{> timeline}}"
                                        R"(

From the CRD on, the release will be available from {{files_url}}
and the advisory at {{advisory_url}}.

-- 
{{team_name}} <{{team_address}}>
)";

constexpr std::string_view k_release =
    R"(Subject: {{project}} {{fixed_or_tbd}}: security update released ({{identifiers_or_case}})

We released {{project}} {{fixed_or_tbd}}. This is a security update.

)"
    "{{> header}}"
    R"(
{{#vulnerabilities}}
{{title}}
{{description}}
{{#mitigation}}

Mitigation: {{mitigation}}
{{/mitigation}}

{{/vulnerabilities}}
Advisory:  {{advisory_url}}
Downloads: {{files_url}}

{{#has_artifacts}}
{{#artifacts}}
SIZE({{name}})= {{size}}
SHA2-256({{name}})= {{sha256}}
{{/artifacts}}
{{/has_artifacts}}

{{#files_key}}
The files are signed with the release signing key {{files_key}}.
{{#mail_key_differs}}
This message is signed with the team's key {{signing_key}}.
{{/mail_key_differs}}
{{^mail_key_differs}}
This message is signed with the same key.
{{/mail_key_differs}}
{{/files_key}}
{{^files_key}}
The files and this message are signed with the key {{signing_key}}.
{{/files_key}}

Timeline:
)"
    "{{> timeline}}"
    R"(

-- 
{{team_name}} <{{team_address}}>
)";

constexpr std::string_view k_date_change =
    R"(Subject: {{project}}: {{identifiers_or_case}}: the release date has changed

The coordinated release date (CRD) of the {{project}} security release you
were told about has changed.

Previous CRD: {{previous_release}}
New CRD:      {{new_release}}

Why: {{message}}

The embargo stays in effect until the new CRD.

Timeline:
)"
    "{{> timeline}}"
    R"(

-- 
{{team_name}} <{{team_address}}>
)";

// The team's answer to a question from a list member (`embargo notice reply`).
constexpr std::string_view k_reply = R"(Subject: Re: {{reply_subject}}

{{message}}

-- 
{{team_name}} <{{team_address}}>
)";

constexpr std::array<std::pair<std::string_view, std::string_view>, 8> k_templates{{
    {"ack", k_ack},
    {"advance", k_advance},
    {"fix", k_fix},
    {"heads-up", k_heads_up},
    {"release", k_release},
    {"reporter-update", k_reporter_update},
    {"date-change", k_date_change},
    {"reply", k_reply},
}};

}  // namespace

std::optional<std::string_view> default_template(std::string_view kind) {
  if (kind == "partial-timeline") {
    return k_timeline_table;
  }
  if (kind == "partial-header") {
    return k_header_block;
  }
  for (const auto& [name, text] : k_templates) {
    if (name == kind) {
      return text;
    }
  }
  return std::nullopt;
}

}  // namespace embargo::notice
