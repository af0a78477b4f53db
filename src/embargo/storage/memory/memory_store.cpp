#include <embargo/storage/memory/memory_store.hpp>

#include <algorithm>

#include <fmt/format.h>

namespace embargo::storage::memory {

namespace {

class MemoryTx : public core::StoreTx {
 public:
  MemoryTx(MemoryState& state, bool writable) : m_s(state), m_writable(writable) {}

  Result<int> allocate_case_number(std::string_view prefix, int year) override {
    TRY(require_writable());
    return ++m_s.counters[{std::string(prefix), year}];
  }

  Result<void> insert_case(const core::Case& c) override {
    TRY(require_writable());
    if (!m_s.cases.emplace(c.id, c).second) {
      return make_error(ErrorCode::conflict, fmt::format("case {} already exists", c.id));
    }
    return {};
  }

  Result<void> update_case(const core::Case& c) override {
    TRY(require_writable());
    auto it = m_s.cases.find(c.id);
    if (it == m_s.cases.end()) {
      return not_found(c.id);
    }
    it->second = c;
    return {};
  }

  Result<core::Case> get_case(std::string_view id) override {
    auto it = m_s.cases.find(id);
    if (it == m_s.cases.end()) {
      return not_found(id);
    }
    return it->second;
  }

  Result<std::vector<core::Case>> list_cases(const core::CaseFilter& filter) override {
    std::vector<core::Case> out;
    for (const auto& [id, c] : m_s.cases) {
      if (filter.limit != 0 && out.size() >= filter.limit) {
        break;
      }
      if (!filter.state || c.state == *filter.state) {
        out.push_back(c);
      }
    }
    return out;
  }

  Result<std::int64_t> change_counter() override { return m_s.changes; }

  Result<void> insert_vulnerability(const core::Vulnerability& v) override {
    TRY(require_writable());
    TRY(get_case(v.case_id));
    m_s.vulnerabilities[v.case_id].push_back(v);
    return {};
  }

  Result<void> update_vulnerability(const core::Vulnerability& v) override {
    TRY(require_writable());
    for (core::Vulnerability& existing : m_s.vulnerabilities[v.case_id]) {
      if (existing.ordinal == v.ordinal) {
        existing = v;
        return {};
      }
    }
    return make_error(ErrorCode::not_found, fmt::format("vulnerability {} of {} does not exist", v.ordinal, v.case_id));
  }

  Result<std::vector<core::Vulnerability>> list_vulnerabilities(std::string_view case_id) override {
    auto it = m_s.vulnerabilities.find(case_id);
    return it == m_s.vulnerabilities.end() ? std::vector<core::Vulnerability>{} : it->second;
  }

  Result<void> append_timeline(const core::TimelineEntry& e) override {
    TRY(require_writable());
    TRY(get_case(e.case_id));
    auto& entries = m_s.timeline[e.case_id];
    if (!entries.empty() && entries.back().seq >= e.seq) {
      return make_error(ErrorCode::conflict, fmt::format("timeline entry {} of {} exists", e.seq, e.case_id));
    }
    entries.push_back(e);
    return {};
  }

  Result<void> for_each_timeline_entry(std::string_view case_id,
                                       const std::function<Result<void>(const core::TimelineEntry&)>& fn) override {
    for (const auto& [id, entries] : m_s.timeline) {
      if (!case_id.empty() && id != case_id) {
        continue;
      }
      for (const core::TimelineEntry& e : entries) {
        TRY(fn(e));
      }
    }
    return {};
  }

  Result<void> insert_user(const core::User& u) override {
    TRY(require_writable());
    if (!m_s.users.emplace(u.name, u).second) {
      return make_error(ErrorCode::conflict, fmt::format("user {} already exists", u.name));
    }
    return {};
  }

  Result<core::User> get_user(std::string_view name) override {
    auto it = m_s.users.find(name);
    if (it == m_s.users.end()) {
      return make_error(ErrorCode::not_found, fmt::format("user {} does not exist", name));
    }
    return it->second;
  }

  Result<std::vector<core::User>> list_users() override {
    std::vector<core::User> out;
    for (const auto& [name, u] : m_s.users) {
      out.push_back(u);
    }
    return out;
  }

  Result<void> insert_artifact(const core::Artifact& a) override {
    TRY(require_writable());
    TRY(get_case(a.case_id));
    auto& list = m_s.artifacts[a.case_id];
    if (std::any_of(list.begin(), list.end(), [&](const core::Artifact& x) { return x.name == a.name; })) {
      return make_error(ErrorCode::conflict, fmt::format("artifact {} of {} exists", a.name, a.case_id));
    }
    list.push_back(a);
    std::sort(list.begin(), list.end(), [](const auto& x, const auto& y) { return x.name < y.name; });
    return {};
  }

  Result<std::vector<core::Artifact>> list_artifacts(std::string_view case_id) override {
    auto it = m_s.artifacts.find(case_id);
    return it == m_s.artifacts.end() ? std::vector<core::Artifact>{} : it->second;
  }

  Result<void> insert_source_record(const core::SourceRecord& r) override {
    TRY(require_writable());
    TRY(get_case(r.case_id));
    if (!m_s.source_records.emplace(std::make_pair(r.case_id, r.ordinal), r).second) {
      return make_error(ErrorCode::conflict, fmt::format("vulnerability {} of {} already has a source", r.ordinal, r.case_id));
    }
    return {};
  }

  Result<core::Artifact> get_artifact(std::string_view case_id, std::string_view name) override {
    TRY_ASSIGN(auto list, list_artifacts(case_id));
    for (const auto& a : list) {
      if (a.name == name) {
        return a;
      }
    }
    return make_error(ErrorCode::not_found, fmt::format("{} has no file '{}'", case_id, name));
  }

  Result<void> insert_usercode(const core::Usercode& u) override {
    TRY(require_writable());
    TRY(get_case(u.case_id));
    if (!m_s.usercodes.emplace(std::pair{u.case_id, u.list}, u).second) {
      return make_error(ErrorCode::conflict,
                        fmt::format("{} already has a usercode for list {} (use rotate)", u.case_id, u.list));
    }
    return {};
  }

  Result<std::optional<core::SourceRecord>> find_source_record(std::string_view case_id, int ordinal) override {
    auto it = m_s.source_records.find(std::make_pair(std::string(case_id), ordinal));
    return it == m_s.source_records.end() ? std::optional<core::SourceRecord>() : it->second;
  }

  Result<std::int64_t> insert_plan(const core::planner::StoredPlan& plan) override {
    TRY(require_writable());
    TRY(get_case(plan.case_id));
    auto& list = m_s.plans[plan.case_id];
    core::planner::StoredPlan stored = plan;
    stored.seq = list.empty() ? 1 : list.back().seq + 1;
    list.push_back(stored);
    return stored.seq;
  }

  Result<std::optional<core::planner::StoredPlan>> latest_plan(std::string_view case_id) override {
    auto it = m_s.plans.find(case_id);
    if (it == m_s.plans.end() || it->second.empty()) {
      return std::optional<core::planner::StoredPlan>();
    }
    return std::optional(it->second.back());
  }

  Result<void> update_usercode(const core::Usercode& u) override {
    TRY(require_writable());
    auto it = m_s.usercodes.find(std::pair{u.case_id, u.list});
    if (it == m_s.usercodes.end()) {
      return make_error(ErrorCode::not_found, fmt::format("{} has no usercode for list {}", u.case_id, u.list));
    }
    it->second = u;
    return {};
  }

  Result<core::Usercode> get_usercode(std::string_view case_id, std::string_view list) override {
    auto it = m_s.usercodes.find(std::pair{std::string(case_id), std::string(list)});
    if (it == m_s.usercodes.end()) {
      return make_error(ErrorCode::not_found, fmt::format("{} has no usercode for list {}", case_id, list));
    }
    return it->second;
  }

  Result<std::vector<core::Usercode>> list_usercodes(std::string_view case_id) override {
    std::vector<core::Usercode> out;
    for (const auto& [key, u] : m_s.usercodes) {
      if (key.first == case_id) {
        out.push_back(u);
      }
    }
    return out;
  }

  Result<void> put_download_window(const core::DownloadWindow& w) override {
    TRY(require_writable());
    TRY(get_case(w.case_id));
    m_s.windows[w.case_id] = w;
    return {};
  }

  Result<std::optional<core::DownloadWindow>> get_download_window(std::string_view case_id) override {
    auto it = m_s.windows.find(case_id);
    if (it == m_s.windows.end()) {
      return std::optional<core::DownloadWindow>{};
    }
    return std::optional<core::DownloadWindow>{it->second};
  }

  Result<void> insert_downloads(const std::vector<core::Download>& downloads) override {
    TRY(require_writable());
    m_s.downloads.insert(m_s.downloads.end(), downloads.begin(), downloads.end());
    return {};
  }

  Result<std::vector<core::Download>> list_downloads(std::string_view case_id) override {
    std::vector<core::Download> out;
    for (const auto& d : m_s.downloads) {
      if (d.case_id == case_id) {
        out.push_back(d);
      }
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
    return out;
  }

  Result<void> insert_mail(const core::MailRecord& m) override {
    TRY(require_writable());
    TRY(get_case(m.case_id));
    if (!m_s.mail.emplace(m.message_id, m).second) {
      return make_error(ErrorCode::conflict, fmt::format("message <{}> is already stored", m.message_id));
    }
    return {};
  }

  Result<std::optional<core::MailRecord>> find_mail(std::string_view message_id) override {
    auto it = m_s.mail.find(message_id);
    return it == m_s.mail.end() ? std::nullopt : std::optional(it->second);
  }

  Result<std::int64_t> count_mail_from(std::string_view sender, util::Timestamp since) override {
    return std::count_if(m_s.mail.begin(), m_s.mail.end(),
                         [&](const auto& kv) { return kv.second.sender == sender && kv.second.received_at >= since; });
  }

  Result<std::vector<core::MailRecord>> list_mail(std::string_view case_id) override {
    std::vector<core::MailRecord> out;
    for (const auto& [id, m] : m_s.mail) {
      if (m.case_id == case_id) {
        out.push_back(m);
      }
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.received_at < b.received_at; });
    return out;
  }

  Result<void> insert_outbox(const core::OutboxEntry& e) override {
    TRY(require_writable());
    TRY(get_case(e.case_id));
    if (!m_s.outbox.emplace(e.message_id, e).second) {
      return make_error(ErrorCode::conflict, fmt::format("message <{}> is already in the outbox", e.message_id));
    }
    return {};
  }

  Result<void> update_outbox(const core::OutboxEntry& e) override {
    TRY(require_writable());
    auto it = m_s.outbox.find(e.message_id);
    if (it == m_s.outbox.end()) {
      return make_error(ErrorCode::not_found, fmt::format("no outbox message <{}>", e.message_id));
    }
    it->second = e;
    return {};
  }

  Result<std::optional<core::OutboxEntry>> find_outbox(std::string_view message_id) override {
    auto it = m_s.outbox.find(message_id);
    return it == m_s.outbox.end() ? std::nullopt : std::optional(it->second);
  }

  Result<std::vector<core::OutboxEntry>> list_outbox(std::optional<core::OutboxState> state) override {
    std::vector<core::OutboxEntry> out;
    for (const auto& [id, e] : m_s.outbox) {
      if (!state || e.state == *state) {
        out.push_back(e);
      }
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.created_at < b.created_at; });
    return out;
  }

  Result<void> insert_credential(const core::Credential& c) override {
    TRY(require_writable());
    if (!m_s.credentials.emplace(c.hash, c).second) {
      return make_error(ErrorCode::conflict, "credential already exists");
    }
    return {};
  }

  Result<std::optional<core::Credential>> find_credential(std::string_view hash) override {
    auto it = m_s.credentials.find(hash);
    return it == m_s.credentials.end() ? std::optional<core::Credential>() : it->second;
  }

  Result<void> delete_credential(std::string_view hash) override {
    TRY(require_writable());
    if (auto it = m_s.credentials.find(hash); it != m_s.credentials.end()) {
      m_s.credentials.erase(it);
    }
    return {};
  }

  Result<int> delete_credentials(std::string_view user, core::CredentialKind kind) override {
    TRY(require_writable());
    int removed = 0;
    for (auto it = m_s.credentials.begin(); it != m_s.credentials.end();) {
      if (it->second.user == user && it->second.kind == kind) {
        it = m_s.credentials.erase(it);
        ++removed;
      } else {
        ++it;
      }
    }
    return removed;
  }

  Result<int> delete_expired_credentials(util::Timestamp now) override {
    TRY(require_writable());
    return static_cast<int>(std::erase_if(
        m_s.credentials, [&](const auto& kv) { return kv.second.expires_at && *kv.second.expires_at <= now; }));
  }

  Result<void> put_grant(const core::CaseGrant& g) override {
    TRY(require_writable());
    TRY(get_case(g.case_id));
    TRY(get_user(g.user));
    m_s.grants[{g.case_id, g.user}] = g;
    return {};
  }

  Result<bool> delete_grant(std::string_view case_id, std::string_view user) override {
    TRY(require_writable());
    return m_s.grants.erase(std::pair<std::string, std::string>(case_id, user)) > 0;
  }

  Result<std::optional<core::CaseGrant>> find_grant(std::string_view case_id, std::string_view user) override {
    auto it = m_s.grants.find(std::pair<std::string, std::string>(case_id, user));
    return it == m_s.grants.end() ? std::optional<core::CaseGrant>() : it->second;
  }

  Result<std::vector<core::CaseGrant>> list_grants(std::string_view case_id) override {
    std::vector<core::CaseGrant> out;
    for (const auto& [key, g] : m_s.grants) {
      if (g.case_id == case_id) {
        out.push_back(g);
      }
    }
    return out;
  }

  Result<std::vector<core::CaseGrant>> list_user_grants(std::string_view user) override {
    std::vector<core::CaseGrant> out;
    for (const auto& [key, g] : m_s.grants) {
      if (g.user == user) {
        out.push_back(g);
      }
    }
    return out;
  }

  Result<void> put_member(const core::MemberProfile& m) override {
    TRY(require_writable());
    TRY(get_user(m.user));
    m_s.members[m.user] = m;
    return {};
  }

  Result<std::optional<core::MemberProfile>> find_member(std::string_view user) override {
    auto it = m_s.members.find(user);
    return it == m_s.members.end() ? std::optional<core::MemberProfile>() : it->second;
  }

  Result<std::vector<core::MemberProfile>> list_members() override {
    std::vector<core::MemberProfile> out;
    for (const auto& [name, m] : m_s.members) {
      out.push_back(m);
    }
    return out;
  }

  Result<void> put_assignment(const core::CaseAssignment& a) override {
    TRY(require_writable());
    TRY(get_case(a.case_id));
    for (const std::string& user : {a.owner, a.backup}) {
      if (!user.empty()) {
        TRY(get_user(user));
      }
    }
    m_s.assignments[a.case_id] = a;
    return {};
  }

  Result<std::optional<core::CaseAssignment>> find_assignment(std::string_view case_id) override {
    auto it = m_s.assignments.find(case_id);
    return it == m_s.assignments.end() ? std::optional<core::CaseAssignment>() : it->second;
  }

  Result<std::vector<core::CaseAssignment>> list_assignments() override {
    std::vector<core::CaseAssignment> out;
    for (const auto& [id, a] : m_s.assignments) {
      out.push_back(a);
    }
    return out;
  }

  Result<void> insert_reminder(const core::ReminderRecord& r) override {
    TRY(require_writable());
    TRY(get_case(r.case_id));
    for (const core::ReminderRecord& x : m_s.reminders) {
      if (x.case_id == r.case_id && x.condition == r.condition && x.threshold == r.threshold && x.level == r.level) {
        return make_error(ErrorCode::conflict, fmt::format("reminder {} {} {} level {} already sent", r.case_id,
                                                           r.condition, r.threshold, r.level));
      }
    }
    m_s.reminders.push_back(r);
    return {};
  }

  Result<std::vector<core::ReminderRecord>> list_reminders(std::string_view case_id) override {
    std::vector<core::ReminderRecord> out;
    for (const core::ReminderRecord& x : m_s.reminders) {
      if (x.case_id == case_id) {
        out.push_back(x);
      }
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return std::tie(a.at, a.condition, a.threshold, a.level) < std::tie(b.at, b.condition, b.threshold, b.level);
    });
    return out;
  }

  Result<void> set_case_project(std::string_view case_id, std::string_view project) override {
    TRY(require_writable());
    TRY(get_case(case_id));
    if (m_s.case_projects.contains(case_id)) {
      return make_error(ErrorCode::conflict, fmt::format("case {} already belongs to a project", case_id));
    }
    m_s.case_projects.emplace(std::string(case_id), std::string(project));
    return {};
  }

  Result<std::string> case_project(std::string_view case_id) override {
    auto it = m_s.case_projects.find(case_id);
    return it == m_s.case_projects.end() ? std::string() : it->second;
  }

  Result<std::vector<std::string>> list_project_cases(std::string_view project) override {
    std::vector<std::string> out;
    for (const auto& [id, p] : m_s.case_projects) {
      if (p == project) {
        out.push_back(id);
      }
    }
    return out;
  }

  Result<void> put_project_member(std::string_view project, std::string_view user) override {
    TRY(require_writable());
    TRY(get_user(user));
    m_s.project_members.emplace(std::string(project), std::string(user));
    return {};
  }

  Result<bool> delete_project_member(std::string_view project, std::string_view user) override {
    TRY(require_writable());
    return m_s.project_members.erase({std::string(project), std::string(user)}) > 0;
  }

  Result<std::vector<std::string>> list_project_members(std::string_view project) override {
    std::vector<std::string> out;
    for (const auto& [p, u] : m_s.project_members) {
      if (p == project) {
        out.push_back(u);
      }
    }
    return out;
  }

  Result<std::vector<std::string>> list_user_projects(std::string_view user) override {
    std::vector<std::string> out;
    for (const auto& [p, u] : m_s.project_members) {
      if (u == user) {
        out.push_back(p);
      }
    }
    return out;
  }

  Result<std::int64_t> insert_job(const core::Job& job) override {
    TRY(require_writable());
    TRY(get_case(job.case_id));
    core::Job stored = job;
    stored.id = static_cast<std::int64_t>(m_s.jobs.size()) + 1;
    m_s.jobs.push_back(stored);
    return stored.id;
  }

  Result<void> update_job(const core::Job& job) override {
    TRY(require_writable());
    if (job.id <= 0 || job.id > static_cast<std::int64_t>(m_s.jobs.size())) {
      return make_error(ErrorCode::not_found, fmt::format("job {} does not exist", job.id));
    }
    m_s.jobs[static_cast<std::size_t>(job.id - 1)] = job;
    return {};
  }

  Result<core::Job> get_job(std::int64_t id) override {
    if (id <= 0 || id > static_cast<std::int64_t>(m_s.jobs.size())) {
      return make_error(ErrorCode::not_found, fmt::format("job {} does not exist", id));
    }
    return m_s.jobs[static_cast<std::size_t>(id - 1)];
  }

  Result<std::vector<core::Job>> list_jobs(std::string_view case_id) override {
    std::vector<core::Job> out;
    for (const auto& j : m_s.jobs) {
      if (case_id.empty() || j.case_id == case_id) {
        out.push_back(j);
      }
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.due_at < b.due_at; });
    return out;
  }

  Result<void> put_totp(const core::TotpEnrolment& t) override {
    TRY(require_writable());
    TRY(get_user(t.user));
    m_s.totp[t.user] = t;
    return {};
  }

  Result<std::optional<core::TotpEnrolment>> find_totp(std::string_view user) override {
    auto it = m_s.totp.find(user);
    return it == m_s.totp.end() ? std::optional<core::TotpEnrolment>() : it->second;
  }

  Result<bool> delete_totp(std::string_view user) override {
    TRY(require_writable());
    auto it = m_s.totp.find(user);
    if (it == m_s.totp.end()) {
      return false;
    }
    m_s.totp.erase(it);
    return true;
  }

 private:
  Result<void> require_writable() const {
    if (!m_writable) {
      return make_error(ErrorCode::not_supported, "write attempted in a read-only transaction");
    }
    return {};
  }

  static tl::unexpected<Error> not_found(std::string_view id) {
    return make_error(ErrorCode::not_found, fmt::format("case {} does not exist", id));
  }

  MemoryState& m_s;
  bool m_writable;
};

}  // namespace

Result<void> MemoryStore::write(const TxFunction& fn) {
  std::lock_guard lock(m_mutex);
  MemoryState copy = m_state;
  MemoryTx tx(copy, true);
  TRY(fn(tx));
  ++copy.changes;
  m_state = std::move(copy);
  return {};
}

Result<void> MemoryStore::read(const TxFunction& fn) {
  std::lock_guard lock(m_mutex);
  MemoryTx tx(m_state, false);
  return fn(tx);
}

Result<void> MemoryStore::backup_to(const std::filesystem::path&) {
  return make_error(ErrorCode::not_supported, "the in-memory store cannot be backed up");
}

}  // namespace embargo::storage::memory
