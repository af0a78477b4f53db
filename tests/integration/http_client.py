#!/usr/bin/env python3
"""A tiny HTTP Digest client for the integration tests (curl picks SHA-256
when offered first, so MD5 and replays are tested here).

usage: http_client.py URL USER PASSWORD ALGORITHM [--replay] [--nc-reuse]
Prints the status of each request made, one per line:
  1. the unauthenticated request (expects 401 with challenges)
  2. the authenticated request
  3. with --replay: the very same Authorization header again
"""
import hashlib
import http.client
import os
import re
import sys
import urllib.parse


def h(algorithm, data):
    name = {"MD5": "md5", "SHA-256": "sha256"}[algorithm]
    return hashlib.new(name, data.encode()).hexdigest()


def get(url, headers):
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    path = u.path + ("?" + u.query if u.query else "")
    conn.request("GET", path, headers=headers)
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r, body, path


def main():
    url, user, password, algorithm = sys.argv[1:5]
    replay = "--replay" in sys.argv
    r, _, path = get(url, {})
    print(r.status)
    challenge = None
    for value in r.headers.get_all("WWW-Authenticate") or []:
        if value.startswith("Digest") and f"algorithm={algorithm}," in value:
            challenge = value
    if challenge is None:
        print("no challenge for", algorithm)
        return 1
    params = dict(re.findall(r'(\w+)="?([^",]*)"?', challenge[len("Digest "):]))
    cnonce = os.urandom(8).hex()
    nc = "00000001"
    ha1 = h(algorithm, f"{user}:{params['realm']}:{password}")
    ha2 = h(algorithm, f"GET:{path}")
    response = h(algorithm, f"{ha1}:{params['nonce']}:{nc}:{cnonce}:auth:{ha2}")
    auth = (f'Digest username="{user}", realm="{params["realm"]}", nonce="{params["nonce"]}", uri="{path}", '
            f'algorithm={algorithm}, qop=auth, nc={nc}, cnonce="{cnonce}", response="{response}", '
            f'opaque="{params["opaque"]}"')
    r, body, _ = get(url, {"Authorization": auth})
    print(r.status, hashlib.sha256(body).hexdigest())
    if replay:
        r, _, _ = get(url, {"Authorization": auth})
        print(r.status)
    return 0


if __name__ == "__main__":
    sys.exit(main())
