// embargo usercode new|list|revoke|rotate CASE --list NAME: the usercodes of
// a case's download area, one per list (core/download_area.hpp). The
// password is printed once, by `new` and `rotate`, and stored only as
// argon2id plus the sealed Digest HA1s (config/secret_key.hpp).

#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/cli/commands.hpp>
#include <embargo/config/secret_key.hpp>
#include <embargo/core/download_area.hpp>

namespace embargo::cli {

namespace {

struct UsercodeArgs {
  std::string case_id;
  std::string list;
  std::string format;
};

void print_password(Context& ctx, const UsercodeArgs& a, const core::IssuedUsercode& issued) {
  if (a.format == "json") {
    nlohmann::json out = {{"case_id", a.case_id},         {"list", a.list},
                          {"user", a.list},               {"password", issued.password},
                          {"realm", core::usercode_realm(a.case_id)}, {"generation", issued.usercode.generation}};
    ctx.out() << out.dump(2) << '\n';
    return;
  }
  ctx.out() << fmt::format("Usercode for list {} of {} (shown only now; send it to the list encrypted):\n", a.list,
                           a.case_id);
  ctx.out() << fmt::format("  user:     {}\n  password: {}\n  realm:    {}\n", a.list, issued.password,
                           core::usercode_realm(a.case_id));
}

// `rotate` = false: a new usercode; true: a new password for an existing one
// (which also lifts a revocation).
Result<int> run_issue(Context& ctx, const UsercodeArgs& a, bool rotate) {
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  TRY_ASSIGN(auto box, config::load_usercode_key(ctx.data().value()->path, true));
  TRY(core::validate_list_name(a.list));
  core::IssuedUsercode issued;
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::Case c, tx.get_case(a.case_id));
    int generation = 1;
    if (rotate) {
      TRY_ASSIGN(core::Usercode old, tx.get_usercode(a.case_id, a.list));
      generation = old.generation + 1;
    }
    TRY_ASSIGN(issued, core::issue_usercode(a.case_id, a.list, *box, clock->now(), generation));
    if (rotate) {
      TRY(tx.update_usercode(issued.usercode));
    } else {
      TRY(tx.insert_usercode(issued.usercode));
    }
    std::string text = rotate ? fmt::format("usercode {} rotated (generation {})", a.list, generation)
                              : fmt::format("usercode {} created", a.list);
    nlohmann::json data = {{"list", a.list}, {"generation", generation}};
    return service.record(tx, c, core::entry_kind::k_usercode, text, ctx.actor(), data.dump());
  }));
  print_password(ctx, a, issued);
  return k_exit_ok;
}

Result<int> run_revoke(Context& ctx, const UsercodeArgs& a) {
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::Case c, tx.get_case(a.case_id));
    TRY_ASSIGN(core::Usercode u, tx.get_usercode(a.case_id, a.list));
    if (u.revoked()) {
      return make_error(ErrorCode::conflict, fmt::format("usercode {} of {} is already revoked", a.list, a.case_id));
    }
    u.revoked_at = clock->now();
    TRY(tx.update_usercode(u));
    nlohmann::json data = {{"list", a.list}, {"generation", u.generation}};
    return service.record(tx, c, core::entry_kind::k_usercode, fmt::format("usercode {} revoked", a.list),
                          ctx.actor(), data.dump());
  }));
  ctx.out() << fmt::format("Revoked usercode {} of {}.\n", a.list, a.case_id);
  return k_exit_ok;
}

Result<int> run_list(Context& ctx, const UsercodeArgs& a) {
  TRY(ctx.data());
  std::vector<core::Usercode> codes;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY(tx.get_case(a.case_id));
    TRY_ASSIGN(codes, tx.list_usercodes(a.case_id));
    return {};
  }));
  if (a.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& u : codes) {
      out.push_back({{"list", u.list},
                     {"generation", u.generation},
                     {"created_at", util::format_timestamp(u.created_at)},
                     {"revoked_at", u.revoked_at ? nlohmann::json(util::format_timestamp(*u.revoked_at)) : nullptr}});
    }
    ctx.out() << out.dump(2) << '\n';
    return k_exit_ok;
  }
  for (const auto& u : codes) {
    ctx.out() << fmt::format("{:<20} generation {:<3} created {}{}\n", u.list, u.generation,
                             util::format_timestamp_human(u.created_at),
                             u.revoked_at ? "  REVOKED " + util::format_timestamp_human(*u.revoked_at) : "");
  }
  return k_exit_ok;
}

void add_case_and_list(CLI::App* sub, UsercodeArgs& args, bool list_required) {
  sub->add_option("case", args.case_id, "Case id")->required();
  auto* list = sub->add_option("--list", args.list, "The list the usercode is for (its user name), e.g. distros");
  if (list_required) {
    list->required();
  }
}

}  // namespace

void add_usercode_commands(CLI::App& app, Context& ctx) {
  auto* top = app.add_subcommand("usercode", "Usercodes of a case's download area: one per list");
  top->require_subcommand(1);

  auto make = std::make_shared<UsercodeArgs>();
  auto* sub = top->add_subcommand("new", "Create the usercode of a list; prints its password once");
  add_case_and_list(sub, *make, true);
  add_format_option(sub, make->format, {"text", "json"});
  sub->callback([&ctx, make] { run_command(ctx, [&] { return run_issue(ctx, *make, false); }); });

  auto rotate = std::make_shared<UsercodeArgs>();
  sub = top->add_subcommand("rotate", "Give a list's usercode a new password (and lift a revocation)");
  add_case_and_list(sub, *rotate, true);
  add_format_option(sub, rotate->format, {"text", "json"});
  sub->callback([&ctx, rotate] { run_command(ctx, [&] { return run_issue(ctx, *rotate, true); }); });

  auto revoke = std::make_shared<UsercodeArgs>();
  sub = top->add_subcommand("revoke", "Revoke a list's usercode (effective on the server's next request)");
  add_case_and_list(sub, *revoke, true);
  sub->callback([&ctx, revoke] { run_command(ctx, [&] { return run_revoke(ctx, *revoke); }); });

  auto list = std::make_shared<UsercodeArgs>();
  sub = top->add_subcommand("list", "List the usercodes of a case (never their passwords)");
  add_case_and_list(sub, *list, false);
  add_format_option(sub, list->format, {"text", "json"});
  sub->callback([&ctx, list] { run_command(ctx, [&] { return run_list(ctx, *list); }); });
}

}  // namespace embargo::cli
