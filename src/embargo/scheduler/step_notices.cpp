// The release's mail steps (steps.hpp): the advance notice, fix
// availability, the public heads-up and the announcement, each to the lists
// [publish] names.
//
// record renders each list's notice and inserts its complete outbox entry in
// the job's transaction (release_step.hpp): the job is done iff the mails are
// queued, and a crash before the commit leaves neither. The Message-ID is
// derived from the case, the job and the list, so a retried job queues the
// same message; a list that already has this kind of notice for the case in
// the outbox (from an earlier job or `embargo notice send`) is not sent
// another. Delivery is the outbox's (exactly once, mail/outbox.hpp); in
// embargod the flush thread does it.
//
// Dry run: act writes each rendered notice to sink_dir/<kind>/<list>.txt
// (record then queues it in the transaction the caller rolls back); no SMTP
// server is contacted.

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include <embargo/core/download_rule.hpp>
#include <embargo/core/mail_address.hpp>
#include <embargo/mail/notice_mailer.hpp>
#include <embargo/scheduler/release_jobs.hpp>
#include <embargo/scheduler/steps.hpp>
#include <embargo/util/file.hpp>
#include <embargo/util/sha256.hpp>

namespace embargo::scheduler {

namespace {

using ListNames = std::vector<std::string> config::PublishConfig::*;

struct NoticeKind {
  std::string_view notice;  // the template kind (notice/notice_renderer.hpp)
  ListNames lists;
  std::string_view key;  // in [publish], for messages
  // The state the case moves to once the notice is queued (walk_case), if
  // any; fix-shared also needs the download window to be set.
  std::optional<core::CaseState> then;
};

// Keeps [A-Za-z0-9._-] of `text` (a list name in a Message-ID).
std::string id_safe(std::string_view text) {
  std::string out;
  for (char ch : text) {
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
              ch == '_' || ch == '.';
    out += ok ? ch : '_';
  }
  return out;
}

// The same for the same case (its id and creation time), job and list, and
// different for another data directory's case of the same id.
std::string message_id_for(const core::Case& c, const core::Job& job, std::string_view list, std::string_view address) {
  auto at = address.find('@');
  std::string_view domain = at == std::string_view::npos ? "embargo.invalid" : address.substr(at + 1);
  std::string seed =
      fmt::format("{}\n{}\n{}\n{}\n{}", c.id, util::format_timestamp(c.created_at), job.id, job.kind, list);
  return fmt::format("embargo.{}.{}.{}.{}@{}", id_safe(job.kind), id_safe(c.id), id_safe(list),
                     util::sha256_hex(seed).substr(0, 16), domain);
}

class NoticeStep final : public ReleaseStep {
 public:
  NoticeStep(const StepEnv& env, NoticeKind kind) : m_env(env), m_kind(kind) {}

  Result<std::string> act(core::StoreTx& view, const core::Job& job) override {
    TRY_ASSIGN(const config::ConfigFile* settings, m_env.case_config(view, job.case_id));
    const auto& names = settings->publish.*m_kind.lists;
    if (m_env.sink_dir.empty() || names.empty()) {
      return std::string();
    }
    TRY_ASSIGN(mail::NoticeMailer * mailer, open_mailer(*settings));
    TRY_ASSIGN(core::Case c, view.get_case(job.case_id));
    std::filesystem::path dir = m_env.sink_dir / job.kind;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      return make_error(ErrorCode::io_error, fmt::format("{}: {}", dir.string(), ec.message()));
    }
    for (const std::string& name : names) {
      TRY_ASSIGN(const config::MailList* list, list_of(*mailer, name));
      TRY_ASSIGN(notice::RenderedNotice n, render(*mailer, view, c, list));
      TRY(util::write_file_atomic(dir / (id_safe(name) + ".txt"),
                                  fmt::format("To: {}\nSubject: {}\n\n{}", list->address, n.subject, n.body)));
    }
    return fmt::format("dry run: {} notices written to {}", names.size(), dir.string());
  }

  Result<std::string> record(core::StoreTx& tx, const core::Job& job) override {
    TRY_ASSIGN(const config::ConfigFile* settings, m_env.case_config(tx, job.case_id));
    const auto& names = settings->publish.*m_kind.lists;
    if (names.empty()) {
      return fmt::format("skipped: publish.{} is empty", m_kind.key);  // no list told: the state stays
    }
    TRY_ASSIGN(mail::NoticeMailer * mailer, open_mailer(*settings));
    TRY_ASSIGN(core::Case c, tx.get_case(job.case_id));
    TRY_ASSIGN(std::vector<core::OutboxEntry> queued, tx.list_case_outbox(job.case_id));
    std::vector<std::string> said;
    for (const std::string& name : names) {
      TRY_ASSIGN(const config::MailList* list, list_of(*mailer, name));
      auto earlier = std::find_if(queued.begin(), queued.end(), [&](const core::OutboxEntry& e) {
        return e.case_id == c.id && e.kind == m_kind.notice && e.list_name == name;
      });
      if (earlier != queued.end()) {
        said.push_back(fmt::format("{} <{}> (already in the outbox)", name, earlier->message_id));
        continue;
      }
      TRY_ASSIGN(notice::RenderedNotice n, render(*mailer, tx, c, list));
      std::string id = message_id_for(c, job, name, mailer->mail().team_address);
      TRY_ASSIGN(core::OutboxEntry e, mailer->make_entry(c, m_kind.notice, n, list, "", id));
      TRY(core::queue_mail(tx, e));
      said.push_back(fmt::format("{} <{}>", name, e.message_id));
    }
    std::string out = fmt::format("{} notice queued: {}", m_kind.notice, fmt::join(said, ", "));
    TRY_ASSIGN(std::string moved, move_case(tx, job));
    return moved.empty() ? out : out + "; " + moved;
  }

 private:
  Result<std::string> move_case(core::StoreTx& tx, const core::Job& job) const {
    if (!m_kind.then) {
      return std::string();
    }
    if (*m_kind.then == core::CaseState::fix_shared) {
      TRY_ASSIGN(auto window, tx.get_download_window(job.case_id));
      if (!window || core::is_closed_window(*window)) {
        return std::string();  // no window, no files shared: the state stays
      }
    }
    return walk_case(m_env, tx, job.case_id, *m_kind.then, fmt::format("release step {} done", job.kind), false);
  }

  // One per project (its key, lists and templates), opened on first use: a
  // release without lists needs no key or passphrase.
  Result<mail::NoticeMailer*> open_mailer(const config::ConfigFile& settings) {
    auto& mailer = m_mailers[settings.project_key];
    if (!mailer) {
      TRY_ASSIGN(mailer, mail::NoticeMailer::open(m_env.data_dir, settings, m_env.clock));
    }
    return mailer.get();
  }

  Result<const config::MailList*> list_of(const mail::NoticeMailer& mailer, const std::string& name) const {
    auto list = mailer.mail().list(name);
    if (!list) {
      return make_error(list.error().code(), fmt::format("publish.{}: {}", m_kind.key, list.error().message()));
    }
    return *list;
  }

  Result<notice::RenderedNotice> render(mail::NoticeMailer& mailer, core::StoreTx& tx, const core::Case& c,
                                        const config::MailList* list) const {
    notice::NoticeInput in;
    in.kind = std::string(m_kind.notice);
    in.list = list;  // the fix notice names the list's download usercode; its password is never stored
    return mailer.renderer().render(tx, c, in, m_env.clock.now());
  }

  const StepEnv& m_env;
  NoticeKind m_kind;
  std::map<std::string, std::unique_ptr<mail::NoticeMailer>> m_mailers;
};

}  // namespace

std::unique_ptr<ReleaseStep> make_notice_advance_step(const StepEnv& env) {
  return std::make_unique<NoticeStep>(
      env, NoticeKind{"advance", &config::PublishConfig::advance_lists, "advance_lists", core::CaseState::notified});
}

std::unique_ptr<ReleaseStep> make_notice_fix_step(const StepEnv& env) {
  return std::make_unique<NoticeStep>(env, NoticeKind{"fix", &config::PublishConfig::fix_lists, "fix_lists", core::CaseState::fix_shared});
}

std::unique_ptr<ReleaseStep> make_notice_heads_up_step(const StepEnv& env) {
  return std::make_unique<NoticeStep>(env,
                                      NoticeKind{"heads-up", &config::PublishConfig::heads_up_lists, "heads_up_lists", std::nullopt});
}

std::unique_ptr<ReleaseStep> make_announce_step(const StepEnv& env) {
  return std::make_unique<NoticeStep>(env,
                                      NoticeKind{"release", &config::PublishConfig::announce_lists, "announce_lists", std::nullopt});
}

}  // namespace embargo::scheduler
