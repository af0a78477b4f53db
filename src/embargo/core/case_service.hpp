#pragma once

// The operations on cases that commands and pages call. Each one takes the
// open transaction of its caller, checks its input before changing anything,
// and writes exactly one timeline entry per change (chained, see
// timeline.hpp), so the timeline is the full history of the case.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/core/case.hpp>
#include <embargo/core/notify.hpp>
#include <embargo/core/project_config.hpp>
#include <embargo/core/store.hpp>
#include <embargo/util/time.hpp>

namespace embargo::core {

struct NewCase {
  std::string title;
  Reporter reporter;
  ImpactClass impact = ImpactClass::unknown;
  Exploitation exploitation = Exploitation::none;
};

struct NewVulnerability {
  std::string title;
  std::string description;
  std::string identifier;
  std::string cwe;
  std::string affected;  // range text as the user typed it
  std::string fixed;
  std::string mitigation;
  std::vector<std::string> more_ids{};  // identifiers beside `identifier` (e.g. a GCVE beside the CVE)
};

// A change to fields of a vulnerability; unset members are left as they are,
// an empty string clears an optional field.
struct VulnerabilityEdit {
  std::optional<std::string> title;
  std::optional<std::string> description;
  // An identifier to add (a CVE replaces the CVE; core/vulnerability.hpp);
  // an empty one removes every identifier first.
  std::optional<std::string> identifier;
  std::vector<std::string> more_ids;    // further identifiers to add, after `identifier`
  std::vector<std::string> remove_ids;  // identifiers to remove, before any is added
  std::optional<std::string> cwe;
  std::optional<std::string> affected;
  std::optional<std::string> fixed;
  std::optional<std::string> mitigation;
  // CVSS vectors to set, one per version, replacing the stored vector of the same version and
  // keeping the others; an empty string clears them all first (cvss::merge_vectors).
  std::optional<std::vector<std::string>> cvss;
};

// A change to fields of a case; unset members are left as they are.
struct CaseEdit {
  std::optional<std::string> title;
  std::optional<ImpactClass> impact;
  std::optional<Exploitation> exploitation;
  std::optional<std::string> credit;
  std::optional<bool> anonymous;
  std::optional<std::optional<util::Date>> deadline;
  std::optional<std::string> own_cve;
  // The reporter's key (a primary fingerprint already imported into the
  // team's GnuPG home, see pgp::Gpg::import_encryption_key); "" forgets it.
  std::optional<std::string> reporter_key;
};

class CaseService {
 public:
  // Both must outlive the service.
  CaseService(const ProjectConfig& config, const util::Clock& clock) : m_config(config), m_clock(clock) {}

  Result<Case> create(StoreTx& tx, const NewCase& input, std::string_view actor) const;
  // The same with ids of `prefix` (a project's case prefix, validated by the
  // caller) instead of the configured one.
  Result<Case> create(StoreTx& tx, const NewCase& input, std::string_view actor, std::string_view prefix) const;
  Result<void> add_note(StoreTx& tx, std::string_view case_id, std::string_view text, std::string_view actor) const;
  // `override_date` lifts the release-date condition of `public` only, and is
  // recorded on the timeline with `why`.
  Result<Case> move(StoreTx& tx, std::string_view case_id, CaseState to, std::string_view why,
                    std::string_view actor, bool override_date = false) const;
  Result<Case> edit(StoreTx& tx, std::string_view case_id, const CaseEdit& edit, std::string_view actor) const;
  Result<Vulnerability> add_vulnerability(StoreTx& tx, std::string_view case_id, const NewVulnerability& input,
                                          std::string_view actor) const;
  Result<Vulnerability> edit_vulnerability(StoreTx& tx, std::string_view case_id, int ordinal,
                                           const VulnerabilityEdit& edit, std::string_view actor) const;

  // The single writer of timeline entries: chains `kind`/`text`/`data` onto
  // `c`, appends it and stores `c` with its new head. Other subsystems (mail,
  // downloads, releases) record through this too.
  Result<void> record(StoreTx& tx, Case& c, std::string_view kind, std::string_view text,
                      std::string_view actor, std::string_view data = {}) const;

  // Team events recorded from now on also go to `notifier` (core/notify.hpp),
  // in the same transaction; null (the default) turns that off. It must
  // outlive the service and its copies.
  void set_notifier(TeamNotifier* notifier) { m_notifier = notifier; }
  const util::Clock& clock() const { return m_clock; }

 private:
  const ProjectConfig& m_config;
  const util::Clock& m_clock;
  TeamNotifier* m_notifier = nullptr;
};

}  // namespace embargo::core
