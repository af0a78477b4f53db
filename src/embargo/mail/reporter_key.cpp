#include <fmt/format.h>

#include <embargo/mail/reporter_key.hpp>

namespace embargo::mail {

namespace {

constexpr std::string_view k_key_block = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
constexpr std::size_t k_max_key_bytes = 256 * 1024;

bool is_key(const MailPart& part) {
  return part.data.size() <= k_max_key_bytes &&
         (part.content_type == "application/pgp-keys" || part.data.find(k_key_block) != std::string::npos);
}

}  // namespace

bool encrypts_to_reporter(pgp::Gpg* gpg, const config::MailConfig& mail, const core::Reporter& reporter) {
  return gpg != nullptr && !mail.signing_key.empty() && !reporter.key_fingerprint.empty() &&
         gpg->can_encrypt_to(reporter.key_fingerprint);
}

OfferedKey offered_key(pgp::Gpg* gpg, const pgp::SignatureCheck& signature, const MimeContent& content) {
  OfferedKey out;
  if (gpg == nullptr) {
    return out;
  }
  for (const MailPart& part : content.attachments) {
    if (!is_key(part)) {
      continue;
    }
    auto fpr = gpg->import_encryption_key(part.data);
    if (fpr) {
      return {*fpr, "attached key", ""};
    }
    out.problem = fmt::format("attached key {}: {}", part.filename, fpr.error().message());
  }
  if (signature.status == "good" && !signature.fingerprint.empty()) {
    auto fpr = gpg->encryption_key(signature.fingerprint);
    if (fpr) {
      return {*fpr, "signature", ""};
    }
    if (out.problem.empty()) {
      out.problem = fmt::format("signing key: {}", fpr.error().message());
    }
  }
  return out;
}

}  // namespace embargo::mail
