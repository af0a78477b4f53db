#include <algorithm>

#include <date/date.h>
#include <nlohmann/json.hpp>

#include <embargo/core/response_stats.hpp>

namespace embargo::core {

namespace {

using std::chrono::seconds;

bool is_reporter_ack(const TimelineEntry& e) {
  if (e.kind == entry_kind::k_reply) {
    return true;
  }
  if (e.kind != "mail-sent" || e.data.empty()) {
    return false;
  }
  auto data = nlohmann::json::parse(e.data, nullptr, false);
  return data.is_object() && data.value("list", "") == "reporter" && data.value("kind", "") != "ack";
}

std::optional<seconds> median(std::vector<seconds> v) {
  if (v.empty()) {
    return std::nullopt;
  }
  std::sort(v.begin(), v.end());
  std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

Result<CaseTimes> case_times(StoreTx& tx, const Case& c, const ReminderPolicy& policy, util::Timestamp now) {
  CaseTimes t;
  t.case_id = c.id;
  t.state = c.state;
  t.opened = c.created_at;
  util::Timestamp last_change = c.created_at;
  seconds longest_still{0};
  std::optional<util::Timestamp> public_at;
  auto since = [&](util::Timestamp at) { return std::chrono::duration_cast<seconds>(at - c.created_at); };
  TRY(tx.for_each_timeline_entry(c.id, [&](const TimelineEntry& e) -> Result<void> {
    if (!t.acknowledge && is_reporter_ack(e)) {
      t.acknowledge = since(e.at);
    }
    if (e.kind != entry_kind::k_state) {
      return {};
    }
    longest_still = std::max(longest_still, std::chrono::duration_cast<seconds>(e.at - last_change));
    last_change = e.at;
    auto data = nlohmann::json::parse(e.data, nullptr, false);
    std::string to = data.is_object() ? data.value("to", "") : "";
    if (to == "confirmed" && !t.confirm) {
      t.confirm = since(e.at);
    } else if (to == "fix-shared" && !t.fix) {
      t.fix = since(e.at);
    } else if (to == "public" && !t.release) {
      t.release = since(e.at);
      public_at = e.at;
    }
    return {};
  }));
  if (is_open(c.state)) {
    longest_still = std::max(longest_still, std::chrono::duration_cast<seconds>(now - last_change));
  }
  bool ack_late = t.acknowledge ? *t.acknowledge > policy.no_ack : now - c.created_at > policy.no_ack;
  if (ack_late) {
    t.over_policy.push_back("acknowledge");
  }
  if (longest_still > policy.stale) {
    t.over_policy.push_back("stale");
  }
  if (c.reporter.deadline) {
    auto deadline = util::Timestamp(date::sys_days(date::year_month_day{date::year(c.reporter.deadline->year),
                                                                        date::month(c.reporter.deadline->month),
                                                                        date::day(c.reporter.deadline->day)}));
    if (public_at ? *public_at > deadline : (is_open(c.state) && now > deadline)) {
      t.over_policy.push_back("deadline");
    }
  }
  return t;
}

Result<std::vector<CaseTimes>> all_case_times(StoreTx& tx, const ReminderPolicy& policy, util::Timestamp now,
                                              std::optional<util::Timestamp> since) {
  TRY_ASSIGN(auto cases, tx.list_cases({}));
  std::vector<CaseTimes> out;
  for (const Case& c : cases) {
    if (since && c.created_at < *since) {
      continue;
    }
    TRY_ASSIGN(CaseTimes t, case_times(tx, c, policy, now));
    out.push_back(std::move(t));
  }
  return out;
}

Medians medians_of(const std::vector<CaseTimes>& cases) {
  Medians m;
  m.cases = cases.size();
  std::vector<seconds> ack, confirm, fix, release;
  for (const CaseTimes& t : cases) {
    m.over_policy += t.over_policy.empty() ? 0 : 1;
    for (auto [value, into] : {std::pair(&t.acknowledge, &ack), std::pair(&t.confirm, &confirm),
                               std::pair(&t.fix, &fix), std::pair(&t.release, &release)}) {
      if (*value) {
        into->push_back(**value);
      }
    }
  }
  m.acknowledged = ack.size();
  m.confirmed = confirm.size();
  m.fixed = fix.size();
  m.released = release.size();
  m.acknowledge = median(ack);
  m.confirm = median(confirm);
  m.fix = median(fix);
  m.release = median(release);
  return m;
}

}  // namespace embargo::core
