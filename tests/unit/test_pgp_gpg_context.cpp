// The one GPGME layer (pgp/gpg_context.hpp) through both of its users, with a
// real GnuPG home made here: mail's Gpg (sign, clearsign, encrypt+sign, and
// back) and the release GpgmeSigner (detached signatures, a keyring file
// imported into a temporary home), each checking what the other made.

#include <cstdlib>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <embargo/core/case_service.hpp>
#include <embargo/mail/intake.hpp>
#include <embargo/pgp/gpg.hpp>
#include <embargo/pgp/gpgme_signer.hpp>
#include <embargo/storage/sqlite/sqlite_store.hpp>
#include <embargo/util/file.hpp>
#include <embargo/util/strings.hpp>

#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;

namespace {

void sh(const std::string& command) {
  REQUIRE(std::system(command.c_str()) == 0);
}

// A GnuPG home with one key (no passphrase, sign + encrypt) whose agent is
// stopped at scope exit; `fpr` is its fingerprint, `keyring` its public key.
struct TeamHome {
  testutil::TempDir dir;
  std::filesystem::path home = dir.path() / "gnupg";
  std::filesystem::path keyring = dir.path() / "team.asc";
  std::string fpr;

  TeamHome() {
    std::filesystem::create_directory(home);
    std::filesystem::permissions(home, std::filesystem::perms::owner_all);
    std::string gpg = fmt::format(
        "gpg --homedir '{}' --batch --quiet --no-tty --pinentry-mode loopback "
        "--passphrase ''",
        home.string());
    sh(gpg + " --quick-gen-key 'Team <security@example.org>' ed25519 sign never 2>/dev/null");
    sh(gpg + " --with-colons --list-keys security@example.org | awk -F: '/^fpr/ {print $10; exit}' >'" +
       (dir.path() / "fpr").string() + "'");
    fpr = std::string(util::trim(unwrap(util::read_file(dir.path() / "fpr"))));
    sh(gpg + " --quick-add-key " + fpr + " cv25519 encr never 2>/dev/null");
    sh(gpg + " --armor --export " + fpr + " >'" + keyring.string() + "'");
  }
  ~TeamHome() { std::system(fmt::format("gpgconf --homedir '{}' --kill all", home.string()).c_str()); }
};

// 4 MiB of zeros, zlib-compressed and encrypted to the team by gpg itself: a
// few KiB of armored ciphertext (issue 24, finding 7).
std::string compressed_zeros(const TeamHome& team) {
  std::filesystem::path cipher_file = team.dir.path() / "bomb.asc";
  sh(
      fmt::format("head -c 4194304 /dev/zero | gpg --homedir '{}' --batch --quiet --no-tty --trust-model always "
                  "--compress-algo zlib --armor --recipient {} --encrypt >'{}'",
                  team.home.string(), team.fpr, cipher_file.string()));
  return unwrap(util::read_file(cipher_file));
}

}  // namespace

TEST_CASE("pgp: mail's Gpg and the release signer share one GnuPG layer") {
  TeamHome team;
  pgp::Gpg gpg = unwrap(pgp::Gpg::open(team.home, util::SensitiveString()));

  SUBCASE("detached signature, made and checked by mail") {
    pgp::DetachedSignature sig = unwrap(gpg.sign_detached("the text\r\n", team.fpr));
    CHECK(sig.micalg.rfind("pgp-sha", 0) == 0);
    pgp::SignatureCheck good = unwrap(gpg.verify_detached("the text\r\n", sig.armored));
    CHECK(good.status == "good");
    CHECK(unwrap(gpg.verify_detached("another text\r\n", sig.armored)).status == "bad");
  }
  SUBCASE("clearsigned text") {
    std::string signed_text = unwrap(gpg.clearsign("hello\n", team.fpr));
    std::string plain;
    CHECK(unwrap(gpg.verify_clearsigned(signed_text, plain)).status == "good");
    CHECK(plain.find("hello") != std::string::npos);
  }
  SUBCASE("encrypted and signed, then decrypted") {
    CHECK(gpg.can_encrypt_to(team.fpr));
    std::string cipher = unwrap(gpg.encrypt_sign("secret details\n", {team.fpr}, team.fpr));
    pgp::Decrypted d = unwrap(gpg.decrypt_verify(cipher, 1024));
    CHECK(d.plaintext == "secret details\n");
    CHECK(d.signature.status == "good");
  }
  SUBCASE("an unknown signer or recipient is NotFound") {
    auto sig = gpg.sign_detached("x", "0000000000000000000000000000000000000000");
    REQUIRE(!sig);
    CHECK(sig.error().code() == ErrorCode::not_found);
    auto cipher = gpg.encrypt_sign("x", {"1111111111111111111111111111111111111111"}, team.fpr);
    REQUIRE(!cipher);
    CHECK(cipher.error().code() == ErrorCode::not_found);
  }
  SUBCASE("the release signer checks mail's signature against a keyring file") {
    pgp::DetachedSignature sig = unwrap(gpg.sign_detached("release notes\n", team.fpr));
    pgp::SignerOptions opts;
    opts.keyring = team.keyring;
    auto keys = unwrap(pgp::GpgmeSigner::open(std::move(opts)));
    core::release::SignatureCheck check = unwrap(keys->verify_detached("release notes\n", sig.armored));
    CHECK(check.good);
    CHECK(check.fingerprint == team.fpr);
    CHECK(check.user_id == "Team <security@example.org>");
    core::release::SignatureCheck changed = unwrap(keys->verify_detached("release notes!\n", sig.armored));
    CHECK(!changed.good);
    CHECK(changed.problem.find("BAD signature") != std::string::npos);
  }
  SUBCASE("mail checks the release signer's signature over a file") {
    pgp::SignerOptions opts;
    opts.home = team.home;
    auto signer = unwrap(pgp::GpgmeSigner::open(std::move(opts)));
    unwrap(signer->prepare_signing());
    CHECK(signer->signing_fingerprint() == team.fpr);
    std::filesystem::path file = team.dir.path() / "exim-4.99.tar.gz";
    unwrap(util::write_file_atomic(file, "tarball bytes"));
    std::string armored = unwrap(signer->sign_file(file));
    CHECK(unwrap(gpg.verify_detached("tarball bytes", armored)).status == "good");
    CHECK(unwrap(signer->verify_file(file, armored)).good);
  }
  SUBCASE("a keyring file that is missing or holds no key") {
    pgp::SignerOptions missing;
    missing.keyring = team.dir.path() / "nothing.asc";
    auto none = pgp::GpgmeSigner::open(std::move(missing));
    REQUIRE(!none);
    CHECK(none.error().code() == ErrorCode::not_found);
    unwrap(util::write_file_atomic(team.dir.path() / "empty.asc", "not a key\n"));
    pgp::SignerOptions empty;
    empty.keyring = team.dir.path() / "empty.asc";
    auto no_keys = pgp::GpgmeSigner::open(std::move(empty));
    REQUIRE(!no_keys);
    CHECK(no_keys.error().code() == ErrorCode::invalid_argument);
  }
}

// Issue 24, finding 7: a compressed message expands a thousandfold. The
// plaintext is bounded by decrypt_verify's limit, and decryption stops there
// rather than filling memory.
TEST_CASE("pgp: decrypt_verify refuses a plaintext past its limit (a compressed message)") {
  TeamHome team;
  pgp::Gpg gpg = unwrap(pgp::Gpg::open(team.home, util::SensitiveString()));
  std::string cipher = compressed_zeros(team);
  REQUIRE(cipher.size() < 64 * 1024);

  SUBCASE("past the limit: refused with the limit named") {
    auto d = gpg.decrypt_verify(cipher, 1024 * 1024);
    REQUIRE(!d);
    CHECK(d.error().code() == ErrorCode::invalid_argument);
    CHECK(d.error().message() == "pgp: decrypt: the decrypted text exceeds 1048576 bytes");
  }
  SUBCASE("within the limit: the whole text") {
    pgp::Decrypted d = unwrap(gpg.decrypt_verify(cipher, 4194304));
    CHECK(d.plaintext.size() == 4194304);
    CHECK(d.plaintext.find_first_not_of('\0') == std::string::npos);
  }
  SUBCASE("the context is usable after a refusal") {
    REQUIRE(!gpg.decrypt_verify(cipher, 1000));
    std::string small = unwrap(gpg.encrypt_sign("after\n", {team.fpr}, team.fpr));
    CHECK(unwrap(gpg.decrypt_verify(small, 100)).plaintext == "after\n");
  }
}

// The same through intake: the message is quarantined with the reason, and
// no case is opened.
TEST_CASE("pgp: intake quarantines an encrypted message whose decrypted text exceeds mail.max_message_bytes") {
  TeamHome team;
  pgp::Gpg gpg = unwrap(pgp::Gpg::open(team.home, util::SensitiveString()));
  std::string raw =
      "From: Mallory <mallory@example.net>\nTo: security@example.org\nSubject: small\n"
      "Message-ID: <bomb@example.net>\n\n" +
      compressed_zeros(team);
  testutil::TempDir data;
  auto store = unwrap(storage::sqlite::SqliteStore::open(data.path() / "embargo.db", {true, 5000}));
  core::ProjectConfig project;
  config::MailConfig mail;
  mail.max_message_bytes = 1048576;
  util::FixedClock clock(*util::parse_timestamp("2026-03-02T10:00:00Z"));
  core::CaseService cases(project, clock);
  mail::Intake intake(*store, cases, project, mail, clock, data.path(), &gpg, {});

  mail::IntakeResult r = unwrap(intake.receive(raw));
  CHECK(r.outcome == mail::IntakeOutcome::quarantined);
  CHECK(r.reason.find("the decrypted text exceeds 1048576 bytes") != std::string::npos);
  CHECK(std::filesystem::exists(r.quarantine_file));
  std::vector<core::Case> all;
  unwrap(store->read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(all, tx.list_cases({}));
    return {};
  }));
  CHECK(all.empty());

  mail.max_message_bytes = 8 * 1048576;  // the limit raised: the same message opens a case
  CHECK(unwrap(intake.receive(raw)).outcome == mail::IntakeOutcome::new_case);
}
