#pragma once

// How an Intake is wired for a data directory, shared by `embargo intake
// mail`, `embargo quarantine release` and the team's /quarantine page: the
// acknowledgement rendered from the notice templates and made by the
// NoticeMailer of the settings it came in under, and status replies counted
// for the recipients of the case's own project.

#include <filesystem>
#include <string>
#include <string_view>

#include <embargo/config/config_file.hpp>
#include <embargo/mail/intake.hpp>
#include <embargo/mail/notice_mailer.hpp>

namespace embargo::mail {

// `mailer` and `clock` must outlive the factory.
AckFactory make_ack_factory(NoticeMailer& mailer, const util::Clock& clock);

// The recipients of the case's own project, whichever project's address a
// reply came in at; none for a case whose project is no longer configured.
// `config` (the server's) must outlive the result.
RecipientsOf make_recipients_of(const config::ConfigFile& config);

// Runs `raw` through a new Intake as `embargo intake mail [--project
// PROJECT]` does (the project's mail settings and GnuPG home), quarantining a
// failure again under `quarantine_id` (mail/quarantine.hpp). `cases` should
// carry the team notifier. NotFound for an unconfigured project.
Result<IntakeResult> receive_again(core::Store& store, const core::CaseService& cases,
                                   const config::ConfigFile& config, const std::filesystem::path& data_dir,
                                   const util::Clock& clock, std::string_view raw, const std::string& quarantine_id,
                                   const std::string& project);

}  // namespace embargo::mail
