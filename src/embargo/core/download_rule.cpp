#include <algorithm>

#include <embargo/core/download_rule.hpp>

namespace embargo::core {

namespace {

util::Timestamp closed_opening() {
  static const util::Timestamp t = *util::parse_timestamp("9999-01-01T00:00:00Z");
  return t;
}

}  // namespace

std::string_view to_string(AreaAnswer a) {
  switch (a) {
    case AreaAnswer::serve:
      return "serve";
    case AreaAnswer::not_open:
      return "not-open";
    case AreaAnswer::gone:
      return "gone";
    case AreaAnswer::moved_public:
      return "moved-public";
    case AreaAnswer::not_found:
      return "not-found";
  }
  return "?";
}

AreaAnswer public_answer(const AreaFacts& f) {
  bool released = f.state == CaseState::public_ || f.state == CaseState::closed;
  bool closes = f.window && f.window->at_release == AtRelease::close;
  return released && f.files_published && !closes ? AreaAnswer::serve : AreaAnswer::not_found;
}

AreaAnswer embargoed_answer(const AreaFacts& f, util::Timestamp now) {
  if (!f.window || now < f.window->opens_at) {
    return AreaAnswer::not_open;
  }
  if (now < f.window->releases_at) {
    return AreaAnswer::serve;
  }
  if (public_answer(f) == AreaAnswer::serve) {
    return AreaAnswer::moved_public;
  }
  return f.window->at_release == AtRelease::close ? AreaAnswer::gone : AreaAnswer::not_open;
}

Result<AreaFacts> area_facts(StoreTx& tx, std::string_view case_id) {
  AreaFacts f;
  TRY_ASSIGN(Case c, tx.get_case(case_id));
  f.state = c.state;
  TRY_ASSIGN(f.window, tx.get_download_window(case_id));
  TRY_ASSIGN(auto jobs, tx.list_jobs(case_id));
  f.files_published = std::none_of(jobs.begin(), jobs.end(), [](const Job& j) {
    return j.kind == k_publish_files_job && j.state != JobState::done && j.state != JobState::cancelled;
  });
  return f;
}

DownloadWindow closed_window(std::string_view case_id) {
  return {std::string(case_id), closed_opening(), closed_opening() + std::chrono::hours(24), AtRelease::close};
}

bool is_closed_window(const DownloadWindow& w) {
  return w.opens_at >= closed_opening();
}

}  // namespace embargo::core
