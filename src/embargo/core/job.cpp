#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include <embargo/core/job.hpp>

namespace embargo::core {

std::string_view to_string(JobState state) {
  switch (state) {
    case JobState::pending:
      return "pending";
    case JobState::running:
      return "running";
    case JobState::done:
      return "done";
    case JobState::failed:
      return "failed";
    case JobState::cancelled:
      return "cancelled";
  }
  return "pending";
}

Result<JobState> parse_job_state(std::string_view text) {
  for (JobState s : {JobState::pending, JobState::running, JobState::done, JobState::failed, JobState::cancelled}) {
    if (text == to_string(s)) {
      return s;
    }
  }
  return make_error(ErrorCode::invalid_argument, fmt::format("job state: unknown '{}'", text));
}

std::string join_job_ids(const std::vector<std::int64_t>& ids) {
  std::string out;
  for (std::int64_t id : ids) {
    if (!out.empty()) {
      out += ',';
    }
    out += std::to_string(id);
  }
  return out;
}

Result<std::vector<std::int64_t>> split_job_ids(std::string_view text) {
  std::vector<std::int64_t> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), id);
    if (ec != std::errc() || end != item.data() + item.size() || id <= 0) {
      return make_error(ErrorCode::corruption, fmt::format("job dependencies: bad id '{}'", item));
    }
    out.push_back(id);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  return out;
}

bool job_claimable(const Job& job, const std::vector<Job>& all, util::Timestamp now) {
  bool ready = (job.state == JobState::pending && job.due_at <= now) ||
               (job.state == JobState::running && job.lease_until && *job.lease_until < now);
  if (!ready) {
    return false;
  }
  return std::all_of(job.depends_on.begin(), job.depends_on.end(), [&](std::int64_t dep) {
    auto it = std::find_if(all.begin(), all.end(), [&](const Job& j) { return j.id == dep; });
    return it != all.end() && it->state == JobState::done;
  });
}

void apply_claim(Job& job, const ClaimRequest& request) {
  job.state = JobState::running;
  job.lease_owner = request.owner;
  job.lease_until = request.now + std::chrono::duration_cast<std::chrono::microseconds>(request.lease);
  ++job.attempts;
}

}  // namespace embargo::core
