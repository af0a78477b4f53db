#include <fmt/format.h>

#include <embargo/core/access.hpp>
#include <embargo/core/store.hpp>
#include <embargo/util/secret.hpp>
#include <embargo/util/sha256.hpp>

namespace embargo::core {

std::string_view to_string(CredentialKind kind) {
  switch (kind) {
    case CredentialKind::session:
      return "session";
    case CredentialKind::api_token:
      return "api-token";
    case CredentialKind::reporter_link:
      return "reporter-link";
  }
  return "session";
}

Result<CredentialKind> parse_credential_kind(std::string_view text) {
  for (auto k : {CredentialKind::session, CredentialKind::api_token, CredentialKind::reporter_link}) {
    if (text == to_string(k)) {
      return k;
    }
  }
  return make_error(ErrorCode::invalid_argument,
                    fmt::format("credential kind: '{}' is not session, api-token or reporter-link", text));
}

CaseAccess access_to(const Principal& who, std::string_view case_id, const std::optional<CaseGrant>& grant) {
  if (who.via_link()) {
    return who.link_case == case_id ? CaseAccess::portal : CaseAccess::none;
  }
  bool granted = grant && grant->case_id == case_id && grant->user == who.name;
  switch (who.role) {
    case Role::admin:
    case Role::team:
      return CaseAccess::write;
    case Role::maintainer:
      if (!granted) {
        return CaseAccess::none;
      }
      return grant->write ? CaseAccess::write : CaseAccess::read;
    case Role::reporter:
      return granted ? CaseAccess::portal : CaseAccess::none;
  }
  return CaseAccess::none;
}

std::string new_token(std::string_view prefix) {
  return std::string(prefix) + util::random_secret(32);
}

Result<std::string> issue_reporter_link(StoreTx& tx, std::string_view case_id, std::string_view label,
                                        util::Timestamp now, std::chrono::days lifetime) {
  std::string secret = new_token("");
  Credential c;
  c.hash = hash_token(secret);
  c.kind = CredentialKind::reporter_link;
  c.case_id = std::string(case_id);
  c.label = std::string(label);
  c.created_at = now;
  if (lifetime.count() > 0) {
    c.expires_at = now + std::chrono::duration_cast<util::Timestamp::duration>(lifetime);
  }
  TRY(tx.insert_credential(c));
  return secret;
}

std::string hash_token(std::string_view secret) {
  return util::sha256_hex(secret);
}

}  // namespace embargo::core
