#!/usr/bin/env python3
"""A vacation responder, for the mail-loop tests (issue 23).

  vacation.py [--naive] [--unthreaded] FROM MESSAGE_FILE

Prints the "out of office" reply that FROM's responder would send to the
message in MESSAGE_FILE, or nothing (exit 1) when RFC 3834 section 2 says not
to answer: Auto-Submitted other than "no", Precedence bulk/list/junk, a
List-Id, or a bounce's sender. --naive answers every message (as too many
responders do), still marking its own reply "Auto-Submitted: auto-replied";
--unthreaded leaves out In-Reply-To and References (and the subject's case
tag), as some responders do.
"""
import argparse
import email
import email.policy
import email.utils
import re
import sys


def must_not_answer(msg):
    auto = str(msg.get("Auto-Submitted", "no")).split(";")[0].strip().lower()
    precedence = str(msg.get("Precedence", "")).strip().lower()
    sender = email.utils.parseaddr(str(msg.get("From", "")))[1].lower()
    return (auto != "no" or precedence in ("bulk", "list", "junk") or msg.get("List-Id") is not None
            or sender.startswith("mailer-daemon@"))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--naive", action="store_true")
    p.add_argument("--unthreaded", action="store_true")
    p.add_argument("sender")
    p.add_argument("message")
    a = p.parse_args()
    with open(a.message, "rb") as f:
        msg = email.message_from_bytes(f.read(), policy=email.policy.default)
    if not a.naive and must_not_answer(msg):
        return 1
    to = email.utils.parseaddr(str(msg.get("From", "")))[1]
    subject = str(msg.get("Subject", ""))
    if a.unthreaded:
        subject = re.sub(r"\[[A-Z0-9]+-\d{4}-\d+\]\s*", "", subject)
    lines = [
        "From: %s" % a.sender,
        "To: %s" % to,
        "Subject: Out of office: %s" % subject,
        "Message-ID: %s" % email.utils.make_msgid(domain="example.net"),
        "Date: %s" % email.utils.formatdate(),
        "Auto-Submitted: auto-replied",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
    ]
    if not a.unthreaded and msg.get("Message-ID"):
        lines.insert(4, "In-Reply-To: %s" % msg["Message-ID"])
        lines.insert(5, "References: %s" % msg["Message-ID"])
    sys.stdout.write("\n".join(lines) + "\n\nI am away until Monday and will read your mail then.\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
