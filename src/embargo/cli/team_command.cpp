// The team (issue 13): members' keys, notification choices and away periods
// (embargo user key|notify|away), each case's owner and backup (embargo case
// assign) and who holds what (embargo team).

#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/cli/commands.hpp>
#include <embargo/cli/team_support.hpp>
#include <embargo/mail/team_mailer.hpp>
#include <embargo/util/file.hpp>

namespace embargo::cli {

namespace {

struct TeamArgs {
  std::string name;
  std::string file;
  std::string events;
  std::string from;
  std::string until;
  bool clear = false;
  std::string case_id;
  std::string owner;
  std::string backup;
  std::string format = "text";
};

Result<core::MemberProfile> profile_of(core::StoreTx& tx, const std::string& name) {
  TRY(tx.get_user(name));
  TRY_ASSIGN(auto found, tx.find_member(name));
  if (found) {
    return *found;
  }
  core::MemberProfile m;
  m.user = name;
  return m;
}

Result<int> run_key(Context& ctx, const TeamArgs& a) {
  TRY_ASSIGN(config::DataDir * data, ctx.data());
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  TRY_ASSIGN(auto team, TeamSupport::open(*data, *clock));
  if (!team->gpg) {
    return make_error(
        ErrorCode::invalid_argument,
        fmt::format("mail.gnupg_home: {} does not exist; it holds the members' keys", data->config.mail.gnupg_home));
  }
  TRY_ASSIGN(std::string armored, util::read_file(a.file));
  TRY_ASSIGN(auto fprs, team->gpg->import_keys(armored));
  if (fprs.size() != 1) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("{}: holds {} keys; give one member's key alone", a.file, fprs.size()));
  }
  if (!team->gpg->can_encrypt_to(fprs.front())) {
    return make_error(
        ErrorCode::invalid_argument,
        fmt::format("{}: key {} cannot encrypt (no encryption subkey, expired or revoked)", a.file, fprs.front()));
  }
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::MemberProfile m, profile_of(tx, a.name));
    m.pgp_fingerprint = fprs.front();
    return tx.put_member(m);
  }));
  ctx.out() << fmt::format("{}: team mail is encrypted to {}\n", a.name, fprs.front());
  return k_exit_ok;
}

Result<int> run_notify(Context& ctx, const TeamArgs& a) {
  TRY(ctx.data());
  TRY_ASSIGN(auto events, core::parse_notify_list(a.events));
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::MemberProfile m, profile_of(tx, a.name));
    m.notify = events;
    return tx.put_member(m);
  }));
  std::string list = core::format_notify_list(events);
  ctx.out() << fmt::format("{}: mail about {}\n", a.name, list.empty() ? "nothing" : list);
  return k_exit_ok;
}

Result<int> run_away(Context& ctx, const TeamArgs& a) {
  TRY(ctx.data());
  std::optional<util::Date> from;
  std::optional<util::Date> until;
  if (!a.clear) {
    if (a.from.empty() || a.until.empty()) {
      return make_error(ErrorCode::invalid_argument, "away: give --from and --until (or --clear)");
    }
    TRY_ASSIGN(from,
               util::parse_date(a.from).map_error([](Error e) { return Error(e.code(), "from: " + e.message()); }));
    TRY_ASSIGN(until,
               util::parse_date(a.until).map_error([](Error e) { return Error(e.code(), "until: " + e.message()); }));
    if (*until < *from) {
      return make_error(ErrorCode::invalid_argument, "until: before --from");
    }
  }
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::MemberProfile m, profile_of(tx, a.name));
    m.away_from = from;
    m.away_until = until;
    return tx.put_member(m);
  }));
  if (from) {
    ctx.out() << fmt::format("{}: away from {} until {}; their cases go to the backup\n", a.name,
                             util::format_date(*from), util::format_date(*until));
  } else {
    ctx.out() << fmt::format("{}: not away\n", a.name);
  }
  return k_exit_ok;
}

Result<int> run_assign(Context& ctx, const TeamArgs& a) {
  TRY(ctx.data());
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  core::CaseAssignment next;
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::Case c, tx.get_case(a.case_id));
    TRY_ASSIGN(auto current, tx.find_assignment(a.case_id));
    next = current.value_or(core::CaseAssignment{c.id, "", ""});
    for (auto [value, field, target] :
         {std::tuple(&a.owner, "owner", &next.owner), std::tuple(&a.backup, "backup", &next.backup)}) {
      if (value->empty()) {
        continue;
      }
      *target = *value == "-" ? std::string() : *value;
      if (!target->empty()) {
        TRY_ASSIGN(core::User u, tx.get_user(*target).map_error([&](Error e) {
          return Error(e.code(), fmt::format("{}: no account {}", field, *target));
        }));
        if (u.role != core::Role::admin && u.role != core::Role::team) {
          return make_error(ErrorCode::invalid_argument,
                            fmt::format("{}: {} is a {}, not a team member", field, u.name, core::to_string(u.role)));
        }
      }
    }
    if (!next.owner.empty() && next.owner == next.backup) {
      return make_error(ErrorCode::invalid_argument, "backup: must differ from the owner");
    }
    TRY(tx.put_assignment(next));
    nlohmann::json data = {{"owner", next.owner}, {"backup", next.backup}};
    return service.record(tx, c, "assign",
                          fmt::format("owner {}, backup {}", next.owner.empty() ? "(none)" : next.owner,
                                      next.backup.empty() ? "(none)" : next.backup),
                          ctx.actor(), data.dump());
  }));
  ctx.out() << fmt::format("{}: owner {}, backup {}\n", a.case_id, next.owner.empty() ? "(none)" : next.owner,
                           next.backup.empty() ? "(none)" : next.backup);
  return k_exit_ok;
}

Result<int> run_team(Context& ctx, const TeamArgs& a) {
  TRY(ctx.data());
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  util::Timestamp now = clock->now();
  nlohmann::json out = nlohmann::json::array();
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto users, tx.list_users());
    TRY_ASSIGN(auto profiles, tx.list_members());
    TRY_ASSIGN(auto assignments, tx.list_assignments());
    for (const core::User& u : users) {
      if (u.role != core::Role::admin && u.role != core::Role::team) {
        continue;
      }
      core::MemberProfile p;
      p.user = u.name;
      for (const auto& m : profiles) {
        p = m.user == u.name ? m : p;
      }
      nlohmann::json owns = nlohmann::json::array();
      nlohmann::json backs = nlohmann::json::array();
      nlohmann::json acting = nlohmann::json::array();
      for (const auto& as : assignments) {
        if (as.owner == u.name) {
          owns.push_back(as.case_id);
        }
        if (as.backup == u.name) {
          backs.push_back(as.case_id);
        }
        if (core::acting_holder(as, profiles, now) == u.name) {
          acting.push_back(as.case_id);
        }
      }
      out.push_back({{"user", u.name},
                     {"email", u.email},
                     {"mail_problem", mail::TeamMailer::unreachable_reason(u)},
                     {"key", p.pgp_fingerprint},
                     {"notify", core::format_notify_list(p.notify)},
                     {"away", p.away_at(now)},
                     {"away_from", p.away_from ? util::format_date(*p.away_from) : ""},
                     {"away_until", p.away_until ? util::format_date(*p.away_until) : ""},
                     {"owner_of", owns},
                     {"backup_of", backs},
                     {"acting_for", acting}});
    }
    return {};
  }));
  if (a.format == "json") {
    ctx.out() << out.dump(2) << '\n';
    return k_exit_ok;
  }
  for (const auto& m : out) {
    std::string away = m["away"].get<bool>() ? fmt::format(" AWAY until {}", m["away_until"].get<std::string>()) : "";
    auto join = [](const nlohmann::json& list) {
      std::string s;
      for (const auto& x : list) {
        s += (s.empty() ? "" : ", ") + x.get<std::string>();
      }
      return s.empty() ? std::string("-") : s;
    };
    std::string problem = m["mail_problem"].get<std::string>();
    ctx.out() << fmt::format(
        "{}{} key={} owner of: {}; backup of: {}; acting for: {}{}\n", m["user"].get<std::string>(), away,
        m["key"].get<std::string>().empty() ? "none" : m["key"].get<std::string>(), join(m["owner_of"]),
        join(m["backup_of"]), join(m["acting_for"]), problem.empty() ? "" : "; MAIL NOT SENT: " + problem);
  }
  return k_exit_ok;
}

}  // namespace

void add_team_commands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<TeamArgs>();
  CLI::App* user = app.get_subcommand("user");
  auto* key = user->add_subcommand("key", "Give a team member's PGP public key (team mail is encrypted to it)");
  key->add_option("name", args->name, "Account")->required();
  key->add_option("--file", args->file, "The armored public key")->required();
  key->callback([&ctx, args] { run_command(ctx, [&] { return run_key(ctx, *args); }); });
  auto* notify = user->add_subcommand("notify", "Which team events a member gets mail about");
  notify->add_option("name", args->name, "Account")->required();
  notify
      ->add_option("events", args->events,
                   "all, none, or a comma-separated list of new-report, reporter-reply, state-change, plan-change, "
                   "recipient-status, reminder")
      ->required();
  notify->callback([&ctx, args] { run_command(ctx, [&] { return run_notify(ctx, *args); }); });
  auto* away = user->add_subcommand("away", "A member's away period (their cases go to the backup)");
  away->add_option("name", args->name, "Account")->required();
  away->add_option("--from", args->from, "First day away (YYYY-MM-DD)");
  away->add_option("--until", args->until, "Last day away (YYYY-MM-DD)");
  away->add_flag("--clear", args->clear, "Not away any more");
  away->callback([&ctx, args] { run_command(ctx, [&] { return run_away(ctx, *args); }); });

  CLI::App* cases = app.get_subcommand("case");
  auto* assign = cases->add_subcommand("assign", "Set a case's owner and backup ('-' clears one)");
  assign->add_option("case", args->case_id, "Case id")->required();
  assign->add_option("--owner", args->owner, "Team member who owns the case");
  assign->add_option("--backup", args->backup, "Team member who stands in");
  assign->callback([&ctx, args] {
    run_command(ctx, [&]() -> Result<int> {
      if (args->owner.empty() && args->backup.empty()) {
        return ctx.fail_usage("case assign: give --owner, --backup or both");
      }
      return run_assign(ctx, *args);
    });
  });

  auto* team = app.add_subcommand("team", "Team members: keys, away periods, the cases each holds");
  add_format_option(team, args->format, {"text", "json"});
  team->callback([&ctx, args] { run_command(ctx, [&] { return run_team(ctx, *args); }); });
}

}  // namespace embargo::cli
