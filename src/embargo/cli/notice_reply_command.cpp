// embargo notice reply CASE --list L --message TEXT [--in-reply-to ID]
// [--exploit]: the team answers a question from a list member
// (mail/list_reply.hpp), sent through the outbox now.

#include <ostream>

#include <fmt/format.h>

#include <embargo/cli/commands.hpp>
#include <embargo/cli/mail_support.hpp>
#include <embargo/mail/list_reply.hpp>

namespace embargo::cli {

namespace {

struct ReplyArgs {
  std::string case_id;
  mail::ListReply reply;
};

Result<int> run_reply(Context& ctx, const ReplyArgs& a) {
  TRY(ctx.data());
  TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(a.case_id));
  TRY_ASSIGN(auto support, MailSupport::open(ctx, settings));
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  mail::QueuedReply queued;
  TRY(ctx.store()
          .write([&](core::StoreTx& tx) -> Result<void> {
            TRY_ASSIGN(queued, mail::queue_list_reply(tx, support->mailer(), support->cases(), a.case_id, a.reply,
                                                      ctx.actor(), clock->now()));
            return {};
          })
          .map_error([](const Error& e) {
            // The options' names, as the user typed them.
            std::string m = e.message();
            for (auto [field, option] : {std::pair{"message: ", "--message: "},
                                         {"list: ", "--list: "},
                                         {"in_reply_to: ", "--in-reply-to: "}}) {
              if (m.starts_with(field)) {
                m = option + m.substr(std::string_view(field).size());
              }
            }
            return Error(e.code(), m);
          }));
  return deliver_and_report(ctx, *support, queued.message_id, fmt::format(" in reply to <{}>", queued.question_id));
}

}  // namespace

void add_notice_reply_command(CLI::App* notice, Context& ctx) {
  auto args = std::make_shared<ReplyArgs>();
  auto* r = notice->add_subcommand("reply",
                                   "Answer a list member's question, signed and encrypted like the list's "
                                   "notices, threaded to it");
  r->add_option("case", args->case_id, "Case id")->required();
  r->add_option("--list", args->reply.list, "The configured list the question came through, e.g. distros")->required();
  r->add_option("--message", args->reply.message, "The answer")->required();
  r->add_option("--in-reply-to", args->reply.in_reply_to,
                "Message-ID of the question (default: the latest mail on the case from a list member)");
  r->add_flag("--exploit", args->reply.exploit,
              "The answer carries exploit material: recorded, and the disclosure duties remind to post it publicly");
  r->callback([&ctx, args] { run_command(ctx, [&] { return run_reply(ctx, *args); }); });
}

}  // namespace embargo::cli
