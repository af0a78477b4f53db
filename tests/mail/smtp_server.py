#!/usr/bin/env python3
"""A real SMTP server for the mail tests (Debian's python3-aiosmtpd).

Listens on 127.0.0.1:PORT and writes each accepted transaction to
DIR/NNNN.eml (the DATA exactly as received, CRLF line ends) and
DIR/NNNN.env (MAIL FROM, then one RCPT TO per line). Writes DIR/ready once
listening. AUTH is offered (without TLS, on loopback only) when --user and
--password are given, and then required.

Like the real Openwall distros lists, a message to an address at
vs.openwall.org whose Subject lacks "[vs]" is refused at DATA with
"550 5.7.1 Missing the [vs] anti-spam tag" (../shared/reference/openwall-lists.md).

Usage: smtp_server.py DIR PORT [--user U --password P]
"""
import argparse
import email.parser
import email.policy
import os
import signal
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def missing_vs_tag(envelope):
    if not any(r.lower().endswith("@vs.openwall.org") for r in envelope.rcpt_tos):
        return False
    data = envelope.original_content or envelope.content
    if isinstance(data, str):
        data = data.encode()
    headers = email.parser.BytesHeaderParser(policy=email.policy.default).parsebytes(data)
    return "[vs]" not in str(headers.get("Subject", ""))


class Saver:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if missing_vs_tag(envelope):
            return "550 5.7.1 Missing the [vs] anti-spam tag"
        with self.lock:
            self.count += 1
            base = os.path.join(self.directory, "%04d" % self.count)
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode()
        with open(base + ".tmp", "wb") as f:
            f.write(data)
        with open(base + ".env", "w") as f:
            f.write(envelope.mail_from + "\n")
            for r in envelope.rcpt_tos:
                f.write(r + "\n")
        os.rename(base + ".tmp", base + ".eml")
        return "250 OK queued as %04d" % self.count


def main():
    p = argparse.ArgumentParser()
    p.add_argument("directory")
    p.add_argument("port", type=int)
    p.add_argument("--user")
    p.add_argument("--password")
    a = p.parse_args()
    kwargs = {}
    if a.user:
        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == a.user \
                and auth_data.password.decode() == a.password
            return AuthResult(success=ok, handled=False)
        kwargs = dict(authenticator=authenticator, auth_required=True, auth_require_tls=False)
    controller = Controller(Saver(a.directory), hostname="127.0.0.1", port=a.port, **kwargs)
    controller.start()
    open(os.path.join(a.directory, "ready"), "w").close()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    done.wait()
    controller.stop()


if __name__ == "__main__":
    main()
