#pragma once

// Who may see and do what with a case (DESIGN.md "Who may see what"), and the
// secrets that prove who someone is on the web: sessions, API tokens and the
// reporter's private link. No I/O here: the store keeps the rows, http/ reads
// cookies and headers.
//
// Secrets are random strings handed out once; the store keeps only their
// SHA-256 (`hash_token`). They are long random strings, not passwords, so an
// unsalted fast hash is enough: a copy of the database gives nothing to log
// in with. Passwords themselves are argon2id (util/secret.hpp).
//
// Access levels, from the role and the per-case access list (grants):
//   admin, team                  write on every case
//   maintainer                   read (or write if granted so) on cases shared
//                                with them, nothing else
//   reporter (account)           the portal view of cases granted to them
//   reporter (private link)      the portal view of that one case
// The portal view is the public-facing status only: never internal notes.

#include <optional>
#include <string>
#include <string_view>

#include <embargo/core/case.hpp>
#include <embargo/core/user.hpp>
#include <embargo/util/result.hpp>
#include <embargo/util/time.hpp>

namespace embargo::core {

enum class CredentialKind { session, api_token, reporter_link };

std::string_view to_string(CredentialKind kind);
Result<CredentialKind> parse_credential_kind(std::string_view text);

// A secret as stored: only its hash. `user` is empty for a reporter's link
// and the sessions made from it, which carry `case_id` instead.
struct Credential {
  std::string hash;  // hash_token(secret)
  CredentialKind kind = CredentialKind::session;
  std::string user;
  std::string case_id;
  std::string label;  // an API token's name ("ci"), shown in listings
  util::Timestamp created_at{};
  std::optional<util::Timestamp> expires_at;  // none: until revoked
};

// One row of a case's access list.
struct CaseGrant {
  std::string case_id;
  std::string user;
  bool write = false;

  friend bool operator==(const CaseGrant&, const CaseGrant&) = default;
};

// Someone authenticated: an account, or the holder of a reporter's link.
struct Principal {
  std::string name;  // user name; "reporter" for a link holder
  Role role = Role::reporter;
  std::string link_case;  // set only for a reporter's link: the one case it opens

  bool is_staff() const { return role == Role::admin || role == Role::team; }
  bool via_link() const { return !link_case.empty(); }
};

enum class CaseAccess { none, portal, read, write };

// What `who` may do with case `case_id`; `grant` is the access-list row of
// `who` for that case, if any.
CaseAccess access_to(const Principal& who, std::string_view case_id, const std::optional<CaseGrant>& grant);

// A new secret: `prefix` followed by 32 random characters (~190 bits).
std::string new_token(std::string_view prefix);
// Hex SHA-256 of a secret, the form kept in the store.
std::string hash_token(std::string_view secret);

class StoreTx;
// A new private link for the reporter of `case_id`, the one way links are
// made (intake's acknowledgement, the case page's "New private link"): stores
// the credential (its hash only, kind reporter_link, `label` for listings,
// expiring `lifetime` after `now`: [web] reporter_link_days; 0: never) and
// returns the secret, which goes into the link once and is kept nowhere
// (core/reporter_links.hpp lists, renews and revokes links).
Result<std::string> issue_reporter_link(StoreTx& tx, std::string_view case_id, std::string_view label,
                                        util::Timestamp now, std::chrono::days lifetime);

}  // namespace embargo::core
