#include <embargo/core/timeline.hpp>

#include <fmt/format.h>

#include <embargo/core/case.hpp>
#include <embargo/util/sha256.hpp>

namespace embargo::core {

namespace {

void append_field(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += ',';
}

}  // namespace

std::string canonical_content(const TimelineEntry& e) {
  std::string out;
  out.reserve(96 + e.case_id.size() + e.actor.size() + e.kind.size() + e.text.size() + e.data.size());
  out += "embargo-timeline-1,";
  append_field(out, e.case_id);
  append_field(out, std::to_string(e.seq));
  append_field(out, util::format_timestamp(e.at));
  append_field(out, e.actor);
  append_field(out, e.kind);
  append_field(out, e.text);
  append_field(out, e.data);
  return out;
}

std::string compute_entry_hash(const TimelineEntry& e) {
  return util::sha256_hex(e.prev_hash + canonical_content(e));
}

void chain_entry(Case& c, TimelineEntry& e) {
  e.case_id = c.id;
  e.seq = c.timeline_count + 1;
  e.prev_hash = c.timeline_head.empty() ? std::string(k_genesis_hash) : c.timeline_head;
  e.hash = compute_entry_hash(e);
  c.timeline_head = e.hash;
  c.timeline_count = e.seq;
}

std::optional<ChainBreak> ChainVerifier::feed(const TimelineEntry& e) {
  if (m_current == nullptr || e.case_id != m_current_id) {
    m_current_id = e.case_id;
    m_current = &m_progress[e.case_id];
  }
  CaseProgress& p = *m_current;
  ++m_checked;
  if (p.broken) {
    return std::nullopt;
  }
  auto broken = [&](std::string reason) {
    p.broken = true;
    return ChainBreak{e.case_id, e.seq, std::move(reason)};
  };
  if (e.seq != p.count + 1) {
    return broken(fmt::format("sequence number {} where {} was expected (an entry was removed or inserted)",
                              e.seq, p.count + 1));
  }
  if (e.prev_hash != p.last_hash) {
    return broken("previous-entry hash does not match the entry before it");
  }
  if (compute_entry_hash(e) != e.hash) {
    return broken("content does not match its hash (the entry was edited)");
  }
  p.last_hash = e.hash;
  p.count = e.seq;
  return std::nullopt;
}

std::optional<ChainBreak> ChainVerifier::finish(const Case& c) {
  auto it = m_progress.find(c.id);
  CaseProgress none;
  const CaseProgress& p = it == m_progress.end() ? none : it->second;
  if (p.broken) {
    return std::nullopt;  // already reported by feed()
  }
  if (p.count != c.timeline_count) {
    return ChainBreak{c.id, p.count + 1,
                      fmt::format("the case records {} entries but {} were found", c.timeline_count, p.count)};
  }
  std::string_view head = c.timeline_head.empty() ? k_genesis_hash : std::string_view(c.timeline_head);
  if (p.last_hash != head) {
    return ChainBreak{c.id, p.count, "the last entry's hash is not the head the case records"};
  }
  return std::nullopt;
}

}  // namespace embargo::core
