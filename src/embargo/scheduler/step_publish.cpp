// The release steps that publish (issue 11): publish-files copies the case's
// files from the file store into [publish] files_dir; publish-advisory writes
// the advisory page, the index and the Atom feed into [publish] web_dir, and
// the CSAF advisory's newest revision with a numbered copy of each revision
// under web_dir/csaf/ (render_csaf_files; its record half records revision 1).
// Both act outside the transaction and are idempotent: what is already there
// with the same content is left alone, so a crash between two files only
// leaves the rest to do. Each file goes in through a temporary file, fsync
// and rename (util/file.hpp), and a fault point follows each one written.

#include <fmt/format.h>

#include <embargo/core/advisory/advisory_data.hpp>
#include <embargo/core/advisory/atom_feed.hpp>
#include <embargo/core/cvss/cvss_json.hpp>
#include <embargo/core/download_area.hpp>
#include <embargo/scheduler/fault_point.hpp>
#include <embargo/scheduler/release_jobs.hpp>
#include <embargo/scheduler/steps.hpp>
#include <embargo/schema/csaf_checks.hpp>
#include <embargo/schema/cwe_catalogue.hpp>
#include <embargo/schema/json_schema.hpp>
#include <embargo/storage/file_store.hpp>
#include <embargo/util/file.hpp>
#include <embargo/util/sha256.hpp>

namespace embargo::scheduler {

namespace {

namespace fs = std::filesystem;
namespace adv = core::advisory;

// Where a step writes: the configured directory (relative to the data
// directory), or sink_dir/<kind>/ in a dry run.
fs::path target_dir(const StepEnv& env, std::string_view configured, std::string_view kind) {
  if (!env.sink_dir.empty()) {
    return env.sink_dir / std::string(kind);
  }
  return env.data_dir / configured;  // an absolute `configured` replaces data_dir
}

Result<void> make_dir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    return make_error(ErrorCode::io_error, fmt::format("cannot create {}: {}", dir.string(), ec.message()));
  }
  return {};
}

// The content of a published file, or nullopt when there is none.
Result<std::optional<std::string>> existing(const fs::path& path) {
  auto text = util::read_file(path);
  if (!text) {
    if (text.error().code() == ErrorCode::not_found) {
      return std::optional<std::string>();
    }
    return tl::unexpected(text.error());
  }
  return std::optional<std::string>(std::move(*text));
}

// Removes what writes of `names` into `dir` cut short by a crash left behind
// (util::write_file_atomic's temporary ".NAME.XXXXXX"), so that a served
// folder holds only published files.
void remove_stale_temporaries(const fs::path& dir, const std::vector<std::string>& names) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string file = entry.path().filename().string();
    for (const std::string& name : names) {
      std::string prefix = "." + name + ".";
      if (file.size() == prefix.size() + 6 && file.starts_with(prefix)) {
        fs::remove(entry.path(), ec);
      }
    }
  }
}

// The shipped schemas, loaded once per process.
Result<std::shared_ptr<const schema::SchemaSet>> csaf_publish_schemas() {
  static const Result<std::shared_ptr<const schema::SchemaSet>> k_loaded =
      []() -> Result<std::shared_ptr<const schema::SchemaSet>> {
    TRY_ASSIGN(auto dir, schema::find_schema_dir());
    return schema::SchemaSet::load(dir);
  }();
  return k_loaded;
}

// The first problem of `doc` (schema, then mandatory tests), or "".
Result<std::string> csaf_publish_problem(const nlohmann::json& doc) {
  TRY_ASSIGN(auto schemas, csaf_publish_schemas());
  auto problems = schemas->validate(schema::SchemaKind::csaf, doc);
  if (problems.empty()) {
    TRY_ASSIGN(problems, schema::csaf_mandatory_problems(doc));
  }
  if (problems.empty()) {
    return std::string();
  }
  const auto& p = problems.front();
  return fmt::format("{}: {}", p.pointer.empty() ? "/" : p.pointer, p.reason);
}

class PublishFiles final : public ReleaseStep {
 public:
  explicit PublishFiles(const StepEnv& env) : m_env(env), m_files(env.data_dir / "files") {}

  Result<std::string> act(core::StoreTx& view, const core::Job& job) override {
    TRY_ASSIGN(const config::ConfigFile* settings, m_env.case_config(view, job.case_id));
    const auto& configured = settings->publish.files_dir;
    if (configured.empty()) {
      return std::string("skipped: publish.files_dir is not set");
    }
    TRY_ASSIGN(auto files, view.list_artifacts(job.case_id));
    if (files.empty()) {
      return fmt::format("nothing to publish: {} has no files", job.case_id);
    }
    fs::path dir = target_dir(m_env, configured, kind::k_publish_files);
    TRY(make_dir(dir));
    std::vector<std::string> names;
    for (const core::Artifact& a : files) {
      names.push_back(a.name);
    }
    remove_stale_temporaries(dir, names);
    int written = 0;
    for (const core::Artifact& a : files) {
      TRY_ASSIGN(bool wrote, publish(dir, a));
      if (wrote) {
        ++written;
        fault_point(fmt::format("after publishing {}", a.name));
      }
    }
    return fmt::format("{} files in {} ({} copied, {} already there)", files.size(), dir.string(), written,
                       static_cast<int>(files.size()) - written);
  }

  Result<std::string> record(core::StoreTx&, const core::Job&) override { return std::string(); }

 private:
  // Copies `a` into `dir` unless it is there already; false when it was.
  // IOError naming the file when another content is there (not Conflict:
  // JobRunner takes a Conflict from act for a lost lease and would not
  // record the error).
  Result<bool> publish(const fs::path& dir, const core::Artifact& a) {
    TRY(core::validate_file_name(a.name));
    fs::path dest = dir / a.name;
    TRY_ASSIGN(auto there, existing(dest));
    if (there) {
      std::string sha = util::sha256_hex(*there);
      if (sha == a.sha256) {
        return false;
      }
      return make_error(ErrorCode::io_error,
                        fmt::format("{} already exists with other content (SHA-256 {}, the release's is {}); a "
                                    "published file is never overwritten",
                                    dest.string(), sha, a.sha256));
    }
    TRY_ASSIGN(fs::path source, m_files.path_of(a.sha256));
    auto content = util::read_file(source);
    if (!content) {
      return make_error(content.error().code(), fmt::format("{} (SHA-256 {}) is not in the file store: {}", a.name,
                                                            a.sha256, content.error().message()));
    }
    if (util::sha256_hex(*content) != a.sha256) {
      return make_error(ErrorCode::corruption,
                        fmt::format("{}: the file store's copy does not match its SHA-256 {}", a.name, a.sha256));
    }
    TRY(util::write_file_atomic(dest, *content));
    return true;
  }

  const StepEnv& m_env;
  storage::FileStore m_files;
};

class PublishAdvisory final : public ReleaseStep {
 public:
  explicit PublishAdvisory(const StepEnv& env) : m_env(env) {}

  Result<std::string> act(core::StoreTx& view, const core::Job& job) override {
    TRY_ASSIGN(const config::ConfigFile* settings, m_env.case_config(view, job.case_id));
    const auto& configured = settings->publish.web_dir;
    if (configured.empty()) {
      return std::string("skipped: publish.web_dir is not set");
    }
    fs::path dir = target_dir(m_env, configured, kind::k_publish_advisory);
    TRY_ASSIGN(RenderedAdvisory site,
               render_advisory(view, *settings, job.case_id, job.due_at, m_env.data_dir / configured));
    TRY(make_dir(dir));
    std::vector<std::string> names;
    for (const auto& file : site.files) {
      names.push_back(file.first);
    }
    remove_stale_temporaries(dir, names);
    int written = 0;
    for (const auto& [name, text] : site.files) {
      TRY_ASSIGN(bool wrote, write_if_changed(dir / name, text));
      if (wrote) {
        ++written;
        fault_point(fmt::format("after writing {}", name));
      }
    }
    TRY_ASSIGN(std::string csaf, publish_csaf(view, *settings, job, dir));
    return fmt::format("advisory {} in {} ({} of {} files written, {} advisories listed); {}", site.files.front().first,
                       dir.string(), written, site.files.size(), site.listed, csaf);
  }

  // Records the CSAF revision act published, when it is new: what act
  // rendered, rendered again in this transaction.
  Result<std::string> record(core::StoreTx& tx, const core::Job& job) override {
    TRY_ASSIGN(const config::ConfigFile* settings, m_env.case_config(tx, job.case_id));
    if (settings->publish.web_dir.empty()) {
      return std::string();
    }
    TRY_ASSIGN(CsafFiles csaf, render_csaf_files(tx, *settings, job.case_id, job.due_at));
    if (!csaf.record) {
      return std::string();
    }
    TRY(core::advisory::record_csaf_revision(m_env.service, tx, job.case_id, *csaf.record, m_env.actor));
    return fmt::format("recorded CSAF revision {}", csaf.record->number);
  }

 private:
  // The CSAF files into dir/csaf/: the newest revision's file when it
  // differs; a revision's numbered copy only when it is not there (one with
  // other content is left alone and said).
  Result<std::string> publish_csaf(core::StoreTx& view, const config::ConfigFile& settings, const core::Job& job,
                                   const fs::path& dir) {
    TRY_ASSIGN(CsafFiles csaf, render_csaf_files(view, settings, job.case_id, job.due_at));
    if (csaf.files.empty()) {
      return csaf.skipped;
    }
    std::vector<std::string> kept;
    int written = 0;
    for (std::size_t i = 0; i < csaf.files.size(); ++i) {
      const auto& [name, text] = csaf.files[i];
      fs::path path = dir / name;
      TRY(make_dir(path.parent_path()));
      remove_stale_temporaries(path.parent_path(), {path.filename().string()});
      TRY_ASSIGN(auto there, existing(path));
      if (i > 0 && there && *there != text) {
        kept.push_back(name);
        continue;
      }
      TRY_ASSIGN(bool wrote, write_if_changed(path, text));
      if (wrote) {
        ++written;
        fault_point(fmt::format("after writing {}", name));
      }
    }
    std::string said = fmt::format("CSAF {} ({} of {} files written)", csaf.files.front().first, written,
                                   csaf.files.size());
    for (const std::string& name : kept) {
      said += fmt::format(", {} kept as first published", name);
    }
    return said;
  }

  const StepEnv& m_env;
};

}  // namespace

Result<bool> write_if_changed(const std::filesystem::path& path, std::string_view content) {
  TRY_ASSIGN(auto there, existing(path));
  if (there && *there == content) {
    return false;
  }
  TRY(util::write_file_atomic(path, content));
  return true;
}

Result<RenderedAdvisory> render_advisory(core::StoreTx& view, const config::ConfigFile& config,
                                         std::string_view case_id, util::Timestamp fallback,
                                         const std::filesystem::path& listed_in) {
  const auto& publish = config.publish;
  std::string project = config.project.project_name;
  adv::AdvisorySite where{project, publish.files_url, config.project.advisory.advisory_url};
  TRY_ASSIGN(adv::AdvisoryPage page, adv::collect_advisory_page(view, case_id, where, fallback));
  std::vector<adv::IndexEntry> entries;
  if (!listed_in.empty()) {
    TRY_ASSIGN(auto earlier, adv::published_entries(view, kind::k_publish_advisory, case_id, where));
    for (auto& e : earlier) {
      std::error_code ec;
      if (fs::exists(listed_in / e.file, ec)) {
        entries.push_back(std::move(e));
      }
    }
  }
  entries.push_back(adv::index_entry(page));
  RenderedAdvisory site;
  site.listed = entries.size();
  site.files.emplace_back(page.file_name, adv::render_advisory_page(page));
  site.files.emplace_back(adv::k_index_file, adv::render_index(project, entries));
  adv::FeedInfo feed{project + " security advisories", publish.web_url, {}};
  site.files.emplace_back(adv::k_feed_file, adv::render_atom_feed(feed, entries));
  return site;
}

Result<CsafFiles> render_csaf_files(core::StoreTx& view, const config::ConfigFile& config, std::string_view case_id,
                                    util::Timestamp release) {
  CsafFiles out;
  const auto& advisory = config.project.advisory;
  if (advisory.advisory_url.empty()) {
    out.skipped = "CSAF skipped: advisory.advisory_url is not set";
    return out;
  }
  TRY_ASSIGN(auto data, core::advisory::load_csaf_case(view, case_id));
  core::advisory::CsafRequest request{advisory, core::cvss::advisory_metric,
                                      schema::shipped_cwe_names().value_or(nullptr)};
  request.released = true;
  request.now = release;
  request.stable_generator_date = true;
  auto exported = core::advisory::revised_csaf_advisory(data, request);
  if (!exported) {
    out.skipped = fmt::format("CSAF not published: {}", exported.error().message());
    if (exported.error().message().find("--summary") != std::string::npos) {
      out.skipped += fmt::format(" (embargo export csaf {} --summary ...)", case_id);
    }
    return out;
  }
  TRY_ASSIGN(std::string problem, csaf_publish_problem(exported->doc));
  if (!problem.empty()) {
    out.skipped = fmt::format("CSAF not published: it fails at {}", problem);
    return out;
  }
  const auto& tracking = exported->doc["document"]["tracking"];
  std::string stem = core::advisory::csaf_file_stem(tracking["id"].get<std::string>());
  std::string text = exported->doc.dump(2) + "\n";
  out.files.emplace_back(fmt::format("csaf/{}.json", stem), text);
  out.files.emplace_back(fmt::format("csaf/{}/{}.json", stem, tracking["version"].get<std::string>()), text);
  out.record = exported->record;
  return out;
}

std::unique_ptr<ReleaseStep> make_publish_files_step(const StepEnv& env) {
  return std::make_unique<PublishFiles>(env);
}

std::unique_ptr<ReleaseStep> make_publish_advisory_step(const StepEnv& env) {
  return std::make_unique<PublishAdvisory>(env);
}

}  // namespace embargo::scheduler
