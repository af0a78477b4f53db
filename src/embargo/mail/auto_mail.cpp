#include <fmt/format.h>

#include <embargo/mail/auto_mail.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::mail {

namespace {

// The header's value before any ";" parameter, trimmed and lower case.
std::string keyword(std::string_view value) {
  auto semi = value.find(';');
  return util::to_lower(util::trim(value.substr(0, semi)));
}

std::string local_part(std::string_view address) {
  return util::to_lower(address.substr(0, address.find('@')));
}

bool null_sender(std::string_view return_path) {
  std::string compact;
  for (char c : return_path) {
    if (c != ' ' && c != '\t') {
      compact += c;
    }
  }
  return compact == "<>";
}

std::string bounce_reason(const ParsedMail& m) {
  if (!m.return_path.empty() && null_sender(m.return_path)) {
    return "a bounce: null envelope sender (Return-Path: <>)";
  }
  std::string local = local_part(m.from_address);
  if (local == "mailer-daemon") {
    return fmt::format("a bounce: From {}", m.from_address);
  }
  if (m.multipart_report && local == "postmaster") {
    return fmt::format("a bounce: multipart/report from {}", m.from_address);
  }
  if (m.multipart_report && (m.report_type == "delivery-status" || m.report_type == "disposition-notification")) {
    return fmt::format("a bounce: multipart/report; report-type={}", m.report_type);
  }
  return {};
}

}  // namespace

std::string_view to_string(AutoKind kind) {
  switch (kind) {
    case AutoKind::person:
      return "person";
    case AutoKind::auto_submitted:
      return "auto-submitted";
    case AutoKind::bounce:
      return "bounce";
    case AutoKind::list:
      return "list";
  }
  return "person";
}

AutoMail classify_automatic(const ParsedMail& m) {
  if (std::string why = bounce_reason(m); !why.empty()) {
    return {AutoKind::bounce, why};
  }
  if (!m.auto_submitted.empty() && keyword(m.auto_submitted) != "no") {
    return {AutoKind::auto_submitted, "Auto-Submitted: " + m.auto_submitted};
  }
  if (!m.x_autoreply.empty()) {
    return {AutoKind::auto_submitted, "X-Autoreply: " + m.x_autoreply};
  }
  if (!m.list_id.empty()) {
    return {AutoKind::list, "sent through a list (List-Id: " + m.list_id + ")"};
  }
  std::string precedence = keyword(m.precedence);
  if (precedence == "bulk" || precedence == "list" || precedence == "junk") {
    return {AutoKind::list, "Precedence: " + precedence};
  }
  return {};
}

}  // namespace embargo::mail
