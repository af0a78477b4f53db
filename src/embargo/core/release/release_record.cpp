#include <embargo/core/release/release_record.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace embargo::core::release {

namespace {

// How many of the report's files are already artifacts of the case with the
// same hash; Conflict for one recorded with another hash.
Result<std::size_t> count_recorded(const std::vector<Artifact>& existing, const ReleaseReport& report,
                                   std::string_view case_id) {
  std::size_t same = 0;
  for (const ReleaseFile& f : report.files) {
    for (const Artifact& a : existing) {
      if (a.name != f.name) {
        continue;
      }
      if (a.sha256 != f.sha256) {
        return make_error(ErrorCode::conflict, fmt::format("case {} already has an artifact named {} (another "
                                                           "build: its SHA-256 differs)",
                                                           case_id, f.name));
      }
      ++same;
    }
  }
  return same;
}

}  // namespace

Result<void> check_not_recorded(StoreTx& tx, std::string_view case_id, const std::vector<std::string>& names) {
  TRY_ASSIGN(auto existing, tx.list_artifacts(case_id));
  for (const Artifact& a : existing) {
    for (const auto& n : names) {
      if (a.name == n || a.name == n + ".asc") {
        return make_error(ErrorCode::conflict,
                          fmt::format("case {} already has an artifact named {}; a release is recorded once (to "
                                      "finish recording a built one, use --resume with its output directory)",
                                      case_id, a.name));
      }
    }
  }
  return {};
}

Result<bool> record_release(StoreTx& tx, const CaseService& service, std::string_view case_id,
                            const ReleaseOptions& options, const ReleaseReport& report, util::Timestamp now,
                            std::string_view actor) {
  TRY_ASSIGN(Case c, tx.get_case(case_id));
  TRY_ASSIGN(auto existing, tx.list_artifacts(case_id));
  TRY_ASSIGN(std::size_t same, count_recorded(existing, report, case_id));
  if (same == report.files.size()) {
    return false;
  }
  if (same != 0) {
    return make_error(ErrorCode::conflict, fmt::format("case {} has {} of this release's {} files recorded already",
                                                       case_id, same, report.files.size()));
  }
  nlohmann::json files = nlohmann::json::array();
  for (const ReleaseFile& f : report.files) {
    Artifact a;
    a.case_id = c.id;
    a.name = f.name;
    a.sha256 = f.sha256;
    a.size = static_cast<std::int64_t>(f.size);
    a.signature_verified = f.signature_verified;
    a.created_at = now;
    TRY(tx.insert_artifact(a));
    files.push_back({{"name", f.name}, {"size", f.size}, {"sha256", f.sha256}, {"signed", f.signature_verified}});
  }
  nlohmann::json data = {{"package", options.package},
                         {"version", report.version.text()},
                         {"base", options.base},
                         {"base_commit", report.base_commit},
                         {"repository", options.repository},
                         {"tag", report.tag.name},
                         {"tag_object", report.tag.tag_id},
                         {"tag_commit", report.tag.commit_id},
                         {"tag_signed_by", report.tag_signature.fingerprint},
                         {"signed_by", report.signing_fingerprint},
                         {"files", files}};
  std::string text = fmt::format("release {} {} built from signed tag {} (base {}), {} files signed by {}",
                                 options.package, report.version.text(), report.tag.name, options.base,
                                 report.files.size(), report.signing_fingerprint);
  TRY(service.record(tx, c, k_release_entry_kind, text, actor, data.dump()));
  return true;
}

Result<void> record_release_test(StoreTx& tx, const CaseService& service, std::string_view case_id,
                                 const ReleaseTestReport& report, std::string_view actor) {
  TRY_ASSIGN(Case c, tx.get_case(case_id));
  std::string tail = report.output.size() > 4000 ? report.output.substr(report.output.size() - 4000) : report.output;
  nlohmann::json data = {{"tarball", report.tarball}, {"version", report.version}, {"ok", report.ok},
                         {"seconds", report.seconds},  {"found", report.found},     {"problem", report.problem},
                         {"output_tail", tail}};
  return service.record(tx, c, k_release_test_entry_kind, report.summary(), actor, data.dump());
}

}  // namespace embargo::core::release
