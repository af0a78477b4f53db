#include <algorithm>
#include <chrono>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/config/project_settings.hpp>
#include <embargo/core/planner/zone.hpp>
#include <embargo/notice/cra_clock.hpp>
#include <embargo/notice/disclosure_duties.hpp>
#include <embargo/notice/exploit_material.hpp>

namespace embargo::notice {

namespace {

using core::planner::format_duration;
using core::planner::format_utc_minutes;

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// When the first message to `list` went out, or nullopt.
std::optional<util::Timestamp> first_sent(const std::vector<core::OutboxEntry>& outbox, const std::string& list) {
  std::optional<util::Timestamp> first;
  for (const auto& e : outbox) {
    if (e.list_name == list && e.state == core::OutboxState::sent && e.sent_at && (!first || *e.sent_at < *first)) {
      first = e.sent_at;
    }
  }
  return first;
}

std::chrono::minutes minutes_between(util::Timestamp from, util::Timestamp to) {
  return std::chrono::duration_cast<std::chrono::minutes>(to - from);
}

Duty first_message_duty(const config::MailList& l, const core::Case& c, std::optional<util::Timestamp> first) {
  Duty d{std::string(duty::k_first_message_date), l.name, "", "", std::nullopt};
  if (first) {
    d.state = "done";
    d.detail = fmt::format("first message sent {}; a notice to {} is refused without the public date and time",
                           format_utc_minutes(*first), l.name);
  } else if (c.release_at) {
    d.state = "ok";
    d.detail = fmt::format("the first message will propose {}", format_utc_minutes(*c.release_at));
  } else {
    d.state = "open";
    d.detail = fmt::format(
        "no public date and time yet: the first message to {} must propose one (`embargo case plan "
        "{}`)",
        l.name, c.id);
  }
  return d;
}

Duty max_embargo_duty(const config::MailList& l, const core::Case& c, std::optional<util::Timestamp> first) {
  Duty d{std::string(duty::k_max_embargo), l.name, "", "", std::nullopt};
  auto limit = std::chrono::hours(24 * l.max_embargo_days);
  if (!first) {
    d.state = "ok";
    d.detail = c.release_at ? fmt::format("starts with the first message; for a release at {} it must go out after {}",
                                          format_utc_minutes(*c.release_at), format_utc_minutes(*c.release_at - limit))
                            : fmt::format("at most {} days from the first message to {}", l.max_embargo_days, l.name);
    return d;
  }
  d.due = *first + limit;
  if (!c.release_at) {
    d.state = "open";
    d.detail = fmt::format("first message {}: release by {} ({} days)", format_utc_minutes(*first),
                           format_utc_minutes(*d.due), l.max_embargo_days);
    return d;
  }
  std::string span = format_duration(minutes_between(*first, *c.release_at));
  if (*c.release_at <= *d.due) {
    d.due.reset();  // met by the release itself
    d.state = "ok";
    d.detail = fmt::format("release {} is {} after the first message ({}); at most {} days",
                           format_utc_minutes(*c.release_at), span, format_utc_minutes(*first), l.max_embargo_days);
  } else {
    d.state = "fail";
    d.detail = fmt::format(
        "release {} is {} after the first message ({}), more than {} days: {} publishes what it "
        "holds then; release by {}",
        format_utc_minutes(*c.release_at), span, format_utc_minutes(*first), l.max_embargo_days, l.name,
        format_utc_minutes(*d.due));
  }
  return d;
}

Duty public_post_duty(const config::MailConfig& mail, const config::PublishConfig& publish, const core::Case& c,
                      const std::vector<core::OutboxEntry>& outbox, const std::string& told) {
  Duty d{std::string(duty::k_public_post), "", "", "", c.release_at};
  std::vector<const config::MailList*> public_lists;
  for (const auto& l : mail.lists) {
    if (l.openwall == config::OpenwallList::oss_security) {
      public_lists.push_back(&l);
    }
  }
  for (const auto* q : public_lists) {
    for (const auto& e : outbox) {
      if (e.list_name == q->name && e.kind == "release" && e.state == core::OutboxState::sent && e.sent_at) {
        d = {d.rule, q->name, "done", fmt::format("release posted to {} {}", q->name, format_utc_minutes(*e.sent_at)),
             std::nullopt};
        return d;
      }
    }
  }
  for (const auto* q : public_lists) {
    if (contains(publish.announce_lists, q->name)) {
      d.list = q->name;
      d.state = "ok";
      d.detail = fmt::format(
          "the release announcement goes to {} at the release ([publish] announce_lists), the "
          "advisory's text inline",
          q->name);
      return d;
    }
  }
  d.state = "fail";
  d.detail = public_lists.empty()
                 ? fmt::format(
                       "{} is told: the release must include a full post to oss-security on the day; configure "
                       "oss-security@lists.openwall.com in [[mail.lists]] and add it to [publish] announce_lists",
                       told)
                 : fmt::format(
                       "{} is told: the release must include a full post to {} on the day; add \"{}\" to "
                       "[publish] announce_lists (or `embargo notice send {} release --list {}`)",
                       told, public_lists.front()->name, public_lists.front()->name, c.id, public_lists.front()->name);
  return d;
}

// When exploit material went public: the first mark to a public list whose
// notice (if any) was sent.
std::optional<std::pair<util::Timestamp, std::string>> exploit_posted(const std::vector<ExploitMark>& marks,
                                                                      const std::vector<core::OutboxEntry>& outbox) {
  for (const auto& m : marks) {
    if (!m.posted) {
      continue;
    }
    if (m.message_id.empty()) {
      return std::pair(m.at, m.list);
    }
    for (const auto& e : outbox) {
      if (e.message_id == m.message_id && e.state == core::OutboxState::sent && e.sent_at) {
        return std::pair(*e.sent_at, m.list);
      }
    }
  }
  return std::nullopt;
}

std::optional<util::Timestamp> exploit_shared(const std::vector<ExploitMark>& marks, const std::string& list) {
  for (const auto& m : marks) {
    if (!m.posted && m.list == list) {
      return m.at;
    }
  }
  return std::nullopt;
}

Duty exploit_duty(const config::MailList& l, const core::Case& c, util::Timestamp shared,
                  const std::optional<std::pair<util::Timestamp, std::string>>& posted) {
  Duty d{std::string(duty::k_exploit_post), l.name, "", "", std::nullopt};
  if (posted) {
    d.state = "done";
    d.detail = fmt::format("exploit material shared with {} {}; posted to {} {}", l.name, format_utc_minutes(shared),
                           posted->second, format_utc_minutes(posted->first));
    return d;
  }
  std::string how = fmt::format(
      "`embargo notice reply {} --list oss-security --exploit --message ...`, or `embargo case exploit {} --list "
      "oss-security` once posted another way",
      c.id, c.id);
  d.state = "open";
  if (!c.release_at) {
    d.detail = fmt::format(
        "exploit material shared with {} {}: post it to oss-security within {} days of the public "
        "disclosure (no public date yet); {}",
        l.name, format_utc_minutes(shared), l.exploit_post_days, how);
    return d;
  }
  d.due = *c.release_at + std::chrono::hours(24 * l.exploit_post_days);
  d.detail = fmt::format(
      "exploit material shared with {} {}: post it to oss-security by {} ({} days after the public "
      "disclosure {}); {}",
      l.name, format_utc_minutes(shared), format_utc_minutes(*d.due), l.exploit_post_days,
      format_utc_minutes(*c.release_at), how);
  return d;
}

}  // namespace

Result<std::vector<core::ComingDate>> DutyDates::dates(core::StoreTx& tx, const core::Case& c,
                                                       util::Timestamp now) const {
  TRY_ASSIGN(const config::ConfigFile* settings, config::config_for_case(m_server, tx, c.id));
  TRY_ASSIGN(auto duties, disclosure_duties(tx, c, *settings, now));
  std::vector<core::ComingDate> out;
  for (const Duty& d : duties) {
    if (d.due && (d.state == "open" || d.state == "fail")) {
      out.push_back({fmt::format("duty-{}{}", d.rule, d.list.empty() ? "" : "-" + d.list), d.detail, *d.due});
    }
  }
  return out;
}

nlohmann::json duties_json(const std::vector<Duty>& duties) {
  nlohmann::json out = nlohmann::json::array();
  for (const Duty& d : duties) {
    out.push_back({{"rule", d.rule},
                   {"list", d.list},
                   {"state", d.state},
                   {"detail", d.detail},
                   {"due", d.due ? nlohmann::json(util::format_timestamp(*d.due)) : nlohmann::json()}});
  }
  return out;
}

bool is_private_list(const config::MailList& list) {
  return list.max_embargo_days > 0;
}

Result<std::vector<Duty>> disclosure_duties(core::StoreTx& tx, const core::Case& c, const config::ConfigFile& settings,
                                            util::Timestamp now) {
  const config::MailConfig& mail = settings.mail;
  const config::PublishConfig& publish = settings.publish;
  std::vector<Duty> out;
  TRY_ASSIGN(auto outbox, tx.list_case_outbox(c.id));
  TRY_ASSIGN(auto timeline, core::load_timeline(tx, c.id));
  std::vector<ExploitMark> marks = exploit_marks(timeline);
  auto posted = exploit_posted(marks, outbox);
  std::string told;
  for (const auto& l : mail.lists) {
    if (!is_private_list(l)) {
      continue;
    }
    auto first = first_sent(outbox, l.name);
    bool planned = contains(publish.advance_lists, l.name) || contains(publish.fix_lists, l.name);
    auto shared = exploit_shared(marks, l.name);
    if (!first && !planned && !shared) {
      continue;
    }
    told += (told.empty() ? "" : ", ") + l.name;
    out.push_back(first_message_duty(l, c, first));
    out.push_back(max_embargo_duty(l, c, first));
    if (shared && l.exploit_post_days > 0) {
      out.push_back(exploit_duty(l, c, *shared, posted));
    }
  }
  if (!told.empty()) {
    out.push_back(public_post_duty(mail, publish, c, outbox, told));
  }
  for (Duty& d : cra_duties(c, cra_facts(timeline), settings.cra)) {
    out.push_back(std::move(d));
  }
  for (Duty& d : out) {
    if ((d.state == "ok" || d.state == "open") && d.due && *d.due < now) {
      d.state = "fail";
      d.detail = "overdue: " + d.detail;
    }
  }
  return out;
}

}  // namespace embargo::notice
