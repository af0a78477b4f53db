// embargo user add|list|token|grant|revoke|logout|totp-reset: web accounts, API tokens, the
// per-case access list. Secrets (passwords, tokens) are printed once and
// stored only hashed (argon2id for passwords, SHA-256 for random tokens).

#include <ostream>

#include <fmt/format.h>

#include <embargo/cli/commands.hpp>
#include <embargo/core/access.hpp>
#include <embargo/http/auth/totp_gate.hpp>
#include <embargo/util/secret.hpp>

namespace embargo::cli {

namespace {

struct UserArgs {
  std::string name;
  std::string role = "team";
  std::string email;
  std::string label = "api";
  std::string case_id;
  bool write = false;
};

Result<int> run_add(Context& ctx, const UserArgs& a) {
  TRY(ctx.data());
  TRY(core::validate_user_name(a.name));
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  core::User user;
  user.name = a.name;
  TRY_ASSIGN(user.role, core::parse_role(a.role));
  user.email = a.email;
  user.created_at = clock->now();
  util::SensitiveString password(util::random_secret(24));
  TRY_ASSIGN(user.password_hash, util::hash_password(password.view()));
  TRY(ctx.store().write([&](core::StoreTx& tx) { return tx.insert_user(user); }));
  ctx.out() << fmt::format("Account {} ({})\nPassword, shown this once: {}\n", user.name, a.role, password.view());
  return k_exit_ok;
}

Result<int> run_list(Context& ctx) {
  TRY(ctx.data());
  std::vector<core::User> users;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(users, tx.list_users());
    return {};
  }));
  for (const auto& u : users) {
    ctx.out() << fmt::format("{:<20} {:<10} {}\n", u.name, core::to_string(u.role), u.email);
  }
  return k_exit_ok;
}

Result<int> run_token(Context& ctx, const UserArgs& a) {
  TRY(ctx.data());
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  util::SensitiveString secret(core::new_token("emb_"));
  core::Credential c;
  c.hash = core::hash_token(secret.view());
  c.kind = core::CredentialKind::api_token;
  c.user = a.name;
  c.label = a.label;
  c.created_at = clock->now();
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY(tx.get_user(a.name));
    return tx.insert_credential(c);
  }));
  ctx.out() << fmt::format("API token for {} ({}), shown this once:\n{}\n", a.name, a.label, secret.view());
  return k_exit_ok;
}

Result<int> run_grant(Context& ctx, const UserArgs& a) {
  TRY(ctx.data());
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY(tx.put_grant(core::CaseGrant{a.case_id, a.name, a.write}));
    TRY_ASSIGN(core::Case c, tx.get_case(a.case_id));
    return service.record(tx, c, core::entry_kind::k_access,
                          fmt::format("shared with {} ({})", a.name, a.write ? "read and write" : "read only"),
                          ctx.actor());
  }));
  ctx.out() << fmt::format("{} may now {} {}\n", a.name, a.write ? "read and change" : "read", a.case_id);
  return k_exit_ok;
}

Result<int> run_revoke(Context& ctx, const UserArgs& a) {
  TRY(ctx.data());
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::Case c, tx.get_case(a.case_id));
    TRY_ASSIGN(bool had, tx.delete_grant(a.case_id, a.name));
    if (!had) {
      return make_error(ErrorCode::not_found, fmt::format("{} has no grant on {}", a.name, a.case_id));
    }
    return service.record(tx, c, core::entry_kind::k_access, fmt::format("no longer shared with {}", a.name),
                          ctx.actor());
  }));
  ctx.out() << fmt::format("{} may no longer see {}\n", a.name, a.case_id);
  return k_exit_ok;
}

Result<int> run_logout(Context& ctx, const UserArgs& a) {
  TRY(ctx.data());
  int sessions = 0;
  int tokens = 0;
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY(tx.get_user(a.name));
    TRY_ASSIGN(sessions, tx.delete_credentials(a.name, core::CredentialKind::session));
    TRY_ASSIGN(tokens, tx.delete_credentials(a.name, core::CredentialKind::api_token));
    return {};
  }));
  ctx.out() << fmt::format("{}: {} sessions and {} API tokens revoked\n", a.name, sessions, tokens);
  return k_exit_ok;
}

Result<int> run_totp_reset(Context& ctx, const UserArgs& a) {
  TRY(ctx.data());
  bool had = false;
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(had, http::TotpGate::reset(tx, a.name));
    return {};
  }));
  ctx.out() << fmt::format("{}: {}\n", a.name,
                           had ? "two-step login turned off; they log in with the password alone until they enrol again"
                               : "had no two-step login");
  return k_exit_ok;
}

}  // namespace

void add_user_commands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<UserArgs>();
  auto* user = app.add_subcommand("user", "Web accounts, API tokens and per-case access");
  user->require_subcommand(1);
  auto* add = user->add_subcommand("add", "Create an account; prints its password once");
  add->add_option("name", args->name, "Login name (a-z, 0-9, . _ -)")->required();
  add->add_option("--role", args->role, "admin, team, maintainer or reporter")->capture_default_str();
  add->add_option("--email", args->email, "E-mail address");
  add->callback([&ctx, args] { run_command(ctx, [&] { return run_add(ctx, *args); }); });
  auto* list = user->add_subcommand("list", "List the accounts");
  list->callback([&ctx] { run_command(ctx, [&] { return run_list(ctx); }); });
  auto* token = user->add_subcommand("token", "Make an API token for an account; prints it once");
  token->add_option("name", args->name, "Account")->required();
  token->add_option("--label", args->label, "What the token is for")->capture_default_str();
  token->callback([&ctx, args] { run_command(ctx, [&] { return run_token(ctx, *args); }); });
  auto* grant = user->add_subcommand("grant", "Share a case with an account (maintainers, reporters)");
  grant->add_option("case", args->case_id, "Case id")->required();
  grant->add_option("name", args->name, "Account")->required();
  grant->add_flag("--write", args->write, "May change the case too (maintainers)");
  grant->callback([&ctx, args] { run_command(ctx, [&] { return run_grant(ctx, *args); }); });
  auto* revoke = user->add_subcommand("revoke", "Stop sharing a case with an account (recorded on the timeline)");
  revoke->add_option("case", args->case_id, "Case id")->required();
  revoke->add_option("name", args->name, "Account")->required();
  revoke->callback([&ctx, args] { run_command(ctx, [&] { return run_revoke(ctx, *args); }); });
  auto* logout = user->add_subcommand("logout", "Revoke every session and API token of an account");
  logout->add_option("name", args->name, "Account")->required();
  logout->callback([&ctx, args] { run_command(ctx, [&] { return run_logout(ctx, *args); }); });
  auto* totp_reset = user->add_subcommand("totp-reset", "Turn off an account's two-step login (a lost phone)");
  totp_reset->add_option("name", args->name, "Account")->required();
  totp_reset->callback([&ctx, args] { run_command(ctx, [&] { return run_totp_reset(ctx, *args); }); });
}

}  // namespace embargo::cli
