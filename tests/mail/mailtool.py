#!/usr/bin/env python3
"""Looks into a message file the way a recipient would, for the mail tests.

  mailtool.py header FILE NAME      the decoded header value
  mailtool.py type FILE             the top-level content type (with parameters)
  mailtool.py rawpart FILE N        the exact bytes of part N (1-based) of the
                                    top-level multipart, as RFC 3156 signs them
  mailtool.py payload FILE N        the decoded payload of part N (0 = the
                                    body of a single-part message)
"""
import email
import email.policy
import re
import sys


def load(path):
    with open(path, "rb") as f:
        return f.read()


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    raw = load(path)
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    out = sys.stdout.buffer
    if cmd == "header":
        out.write(str(msg.get(sys.argv[3], "")).encode())
    elif cmd == "type":
        out.write(msg.get("Content-Type", "").encode())
    elif cmd == "rawpart":
        boundary = msg.get_boundary().encode()
        n = int(sys.argv[3])
        delim = b"\r\n--" + boundary
        pieces = raw.split(delim)
        # pieces[0] is headers+preamble; the first piece starts after "--boundary\r\n"
        first = raw.split(b"--" + boundary + b"\r\n", 1)[1].split(delim)
        part = first[n - 1]
        if n > 1:
            part = part[2:]  # the CRLF after the boundary line
        out.write(part)
    elif cmd == "payload":
        n = int(sys.argv[3])
        part = msg if n == 0 else list(msg.iter_parts())[n - 1]
        out.write(part.get_payload(decode=True))
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()
