#include <embargo/core/release_kind.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/util/time.hpp>

namespace embargo::core {

namespace {

bool ref_char(char ch) {
  return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
         ch == '+' || ch == '/' || ch == '-';
}

}  // namespace

Result<void> check_ref_name(std::string_view field, std::string_view value) {
  if (value.empty()) {
    return make_error(ErrorCode::invalid_argument, fmt::format("{}: empty; give a tag or branch", field));
  }
  if (value.size() > 100) {
    return make_error(ErrorCode::invalid_argument, fmt::format("{}: longer than 100 characters", field));
  }
  for (char ch : value) {
    if (!ref_char(ch)) {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("{}: '{}' is not a git ref name (letters, digits and . _ + / - only)", field,
                                    value));
    }
  }
  if (value.find("..") != std::string_view::npos || value.front() == '-' || value.front() == '/') {
    return make_error(ErrorCode::invalid_argument, fmt::format("{}: '{}' is not a git ref name", field, value));
  }
  return {};
}

namespace {

Result<void> check_ref(std::string_view field, std::string_view value, bool required) {
  return value.empty() && !required ? Result<void>() : check_ref_name(field, value);
}

Result<void> check_target(std::string_view value) {
  bool ok = !value.empty() && value.size() <= 40 && value.front() >= '0' && value.front() <= '9';
  for (char ch : value) {
    ok = ok && ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' ||
                ch == '_' || ch == '-');
  }
  if (!ok) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("target: '{}' is not a version (1-40 of letters, digits, . _ -, starting with a "
                                  "digit, e.g. 4.98.2)",
                                  value));
  }
  return {};
}

Result<void> check_why(std::string_view why) {
  if (why.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return make_error(ErrorCode::invalid_argument, "why: empty; say why this kind of release");
  }
  if (why.size() > 2000) {
    return make_error(ErrorCode::invalid_argument, "why: longer than 2000 characters");
  }
  for (unsigned char ch : why) {
    if ((ch < 0x20 && ch != '\n') || ch == 0x7f) {
      return make_error(ErrorCode::invalid_argument, "why: contains a control character");
    }
  }
  return {};
}

std::optional<ReleaseKind> decision_of(const TimelineEntry& e) {
  auto data = nlohmann::json::parse(e.data, nullptr, false);
  if (!data.is_object()) {
    return std::nullopt;
  }
  for (const char* key : {"kind", "base", "target", "branch", "why"}) {
    if (!data.contains(key) || !data[key].is_string()) {
      return std::nullopt;
    }
  }
  auto kind = parse_release_kind(data["kind"].get<std::string>());
  if (!kind) {
    return std::nullopt;
  }
  return ReleaseKind{*kind,
                     data["base"].get<std::string>(),
                     data["target"].get<std::string>(),
                     data["branch"].get<std::string>(),
                     data["why"].get<std::string>(),
                     e.actor,
                     e.at};
}

}  // namespace

std::string_view to_string(ReleaseKindName kind) {
  return kind == ReleaseKindName::patch_level ? "patch-level" : "bundled";
}

Result<ReleaseKindName> parse_release_kind(std::string_view text, std::string_view field) {
  if (text == "patch-level") {
    return ReleaseKindName::patch_level;
  }
  if (text == "bundled") {
    return ReleaseKindName::bundled;
  }
  return make_error(ErrorCode::invalid_argument,
                    fmt::format("{}: '{}' is not a release kind (patch-level or bundled)", field, text));
}

Result<void> validate_release_kind(const ReleaseKind& decision) {
  TRY(check_ref("base", decision.base, true));
  TRY(check_target(decision.target));
  TRY(check_ref("branch", decision.branch, false));
  return check_why(decision.why);
}

ReleaseKindProposal propose_release_kind(const Case& c) {
  if (c.impact == ImpactClass::rce) {
    return {ReleaseKindName::patch_level,
            "impact is remote code execution: a patch-level release (X.Y.patchlevel) with just the backported fix"};
  }
  return {ReleaseKindName::bundled,
          fmt::format("impact is {}, not remote code execution: the fix can go into the next release, with a "
                      "heads-up to the OS packagers for backporting",
                      to_string(c.impact))};
}

Result<void> record_release_kind(const CaseService& cases, StoreTx& tx, const std::string& case_id,
                                 const ReleaseKind& decision, std::string_view actor) {
  TRY(validate_release_kind(decision));
  TRY_ASSIGN(Case c, tx.get_case(case_id));
  nlohmann::json data = {{"kind", to_string(decision.kind)},
                         {"base", decision.base},
                         {"target", decision.target},
                         {"branch", decision.branch},
                         {"why", decision.why}};
  ReleaseKindProposal proposal = propose_release_kind(c);
  data["proposed"] = to_string(proposal.kind);
  std::string text = fmt::format("release kind: {} {} from {}{}: {}", to_string(decision.kind), decision.target,
                                 decision.base, decision.branch.empty() ? "" : " on " + decision.branch,
                                 decision.why);
  if (proposal.kind != decision.kind) {
    text += fmt::format(" (proposed: {}; {})", to_string(proposal.kind), proposal.reason);
  }
  return cases.record(tx, c, k_release_kind_entry, text, actor, data.dump());
}

std::optional<ReleaseKind> latest_release_kind(const std::vector<TimelineEntry>& timeline) {
  for (auto it = timeline.rbegin(); it != timeline.rend(); ++it) {
    if (it->kind != k_release_kind_entry) {
      continue;
    }
    if (auto d = decision_of(*it)) {
      return d;
    }
  }
  return std::nullopt;
}

std::string describe_release_kind(const ReleaseKind& d) {
  std::string out = fmt::format("{} release {} from {}", to_string(d.kind), d.target, d.base);
  if (!d.branch.empty()) {
    out += fmt::format(" (branch {})", d.branch);
  }
  if (!d.decided_by.empty()) {
    out += fmt::format(", decided by {} on {}", d.decided_by, util::format_timestamp_human(d.decided_at));
  }
  return out + ": " + d.why;
}

std::string release_kind_notice_text(const ReleaseKind& d, std::string_view project) {
  if (d.kind == ReleaseKindName::bundled) {
    return fmt::format(
        "The fix will be part of the next release, {} {}. A standalone patch\nagainst {} will be provided so that "
        "you can backport it to the\nversions you ship.",
        project, d.target, d.base);
  }
  return fmt::format("This will be a patch-level release, {} {}, with only the fix\non top of {}{}.", project,
                     d.target, d.base, d.branch.empty() ? "" : " (branch " + d.branch + ")");
}

}  // namespace embargo::core
