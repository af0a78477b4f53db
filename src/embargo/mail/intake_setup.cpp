#include <embargo/config/project_settings.hpp>
#include <embargo/mail/intake_setup.hpp>

namespace embargo::mail {

AckFactory make_ack_factory(NoticeMailer& mailer, const util::Clock& clock) {
  return [&mailer, &clock](core::StoreTx& tx, const core::Case& c, const ParsedMail& m,
                           const std::string& link) -> Result<core::OutboxEntry> {
    notice::NoticeInput input;
    input.kind = "ack";
    input.link = link;
    TRY_ASSIGN(notice::RenderedNotice rendered, mailer.renderer().render(tx, c, input, clock.now()));
    return mailer.make_entry(c, "ack", rendered, nullptr, m.message_id);
  };
}

RecipientsOf make_recipients_of(const config::ConfigFile& config) {
  return [&config](core::StoreTx& tx, std::string_view case_id) -> Result<std::vector<core::Recipient>> {
    auto settings = config::config_for_case(config, tx, case_id);
    if (!settings) {
      if (settings.error().code() == ErrorCode::not_found) {
        return std::vector<core::Recipient>{};
      }
      return tl::unexpected(settings.error());
    }
    return (*settings)->mail.recipients();
  };
}

Result<IntakeResult> receive_again(core::Store& store, const core::CaseService& cases,
                                   const config::ConfigFile& config, const std::filesystem::path& data_dir,
                                   const util::Clock& clock, std::string_view raw, const std::string& quarantine_id,
                                   const std::string& project) {
  const config::ConfigFile* settings = &config;
  if (!project.empty()) {
    TRY_ASSIGN(settings, config.config_for_project(project));
  }
  TRY_ASSIGN(std::unique_ptr<NoticeMailer> mailer, NoticeMailer::open(data_dir, *settings, clock));
  Intake intake(store, cases, config.project, mailer->mail(), clock, data_dir, mailer->gpg(),
                make_ack_factory(*mailer, clock));
  intake.set_recipients_of(make_recipients_of(config));
  intake.set_link_lifetime(std::chrono::days(config.web.reporter_link_days));
  if (!project.empty()) {
    TRY(intake.set_project(project));
  }
  intake.set_quarantine_name(quarantine_id);
  return intake.receive(raw);
}

}  // namespace embargo::mail
