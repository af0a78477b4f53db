#include <fmt/format.h>

#include <embargo/core/reporter_links.hpp>
#include <embargo/core/store.hpp>

namespace embargo::core {

namespace {

constexpr std::size_t k_id_digits = 12;

bool live(const Credential& c, util::Timestamp now) {
  return !c.expires_at || *c.expires_at > now;
}

}  // namespace

std::string link_id(std::string_view hash) {
  return std::string(hash.substr(0, k_id_digits));
}

std::string link_session_label(std::string_view hash) {
  return "link " + link_id(hash);
}

Result<std::vector<ReporterLink>> list_reporter_links(StoreTx& tx, std::string_view case_id, util::Timestamp now) {
  TRY_ASSIGN(auto all, tx.list_case_credentials(case_id));
  std::vector<ReporterLink> out;
  for (const Credential& c : all) {
    if (c.kind != CredentialKind::reporter_link || !live(c, now)) {
      continue;
    }
    ReporterLink link{link_id(c.hash), c.label, c.created_at, c.expires_at, 0};
    for (const Credential& s : all) {
      if (s.kind == CredentialKind::session && s.label == link_session_label(c.hash) && live(s, now)) {
        ++link.sessions;
      }
    }
    out.push_back(std::move(link));
  }
  return out;
}

Result<int> revoke_reporter_links(StoreTx& tx, std::string_view case_id, std::string_view id) {
  TRY_ASSIGN(auto all, tx.list_case_credentials(case_id));
  int links = 0;
  for (const Credential& c : all) {
    if (c.kind != CredentialKind::reporter_link || (id != "all" && link_id(c.hash) != id)) {
      continue;
    }
    ++links;
    TRY(tx.delete_credential(c.hash));
    for (const Credential& s : all) {
      if (s.kind == CredentialKind::session && s.label == link_session_label(c.hash)) {
        TRY(tx.delete_credential(s.hash));
      }
    }
  }
  if (id == "all") {  // also portal sessions from before sessions carried their link
    for (const Credential& s : all) {
      if (s.kind == CredentialKind::session && s.user.empty() && s.label.empty()) {
        TRY(tx.delete_credential(s.hash));
      }
    }
  }
  if (links == 0 && id != "all") {
    return make_error(ErrorCode::not_found,
                      fmt::format("{} has no reporter link '{}' (`embargo case link list {}`)", case_id, id, case_id));
  }
  return links;
}

Result<void> renew_reporter_link(StoreTx& tx, const Credential& link, util::Timestamp now, std::chrono::days lifetime) {
  if (lifetime.count() <= 0) {
    return {};
  }
  Credential renewed = link;
  renewed.expires_at = now + std::chrono::duration_cast<util::Timestamp::duration>(lifetime);
  TRY(tx.delete_credential(link.hash));
  return tx.insert_credential(renewed);
}

}  // namespace embargo::core
