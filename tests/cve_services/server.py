#!/usr/bin/python3
"""A stand-in for CVE Services on 127.0.0.1, for embargo's tests.

Every request is checked against the OpenAPI document of CVE Services 2.x
(tests/data/cve-services/api-docs/openapi.json, a copy of shared/schemas/cve-services): the path and method must
exist, required headers and query parameters must be present with valid
values, and a JSON body must validate against the request schema the
document references. A request that does not conform is answered 400 with a
body in the API's bad-request form and recorded as a violation; tests read
GET /_test/violations and expect it empty. Responses follow the API's
response schemas and are validated against them before they are sent.

Published records are kept and served by GET /cve/{id} (404 while the id is
only reserved).

Test controls (not part of the API): POST /_test/throttle?count=N answers the
next N API requests with 429 and Retry-After: 0 or 1; GET /_test/requests
lists every API request as "METHOD /path" (to count publications).

Usage: server.py TEST_DATA_DIR PORT_FILE API_KEY
Writes the chosen port to PORT_FILE once it listens.
"""
import datetime
import json
import os
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jsonschema

DATA, PORT_FILE, API_KEY = sys.argv[1], sys.argv[2], sys.argv[3]
DOCS = os.path.join(DATA, "cve-services", "api-docs")
OPENAPI = json.load(open(os.path.join(DOCS, "openapi.json")))
PARAMS = OPENAPI["components"]["parameters"]

state = {"ids": {}, "records": {}, "next": 1000, "throttle": 0, "violations": [], "requests": []}
lock = threading.Lock()


def now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def load_schema(ref):
    path = os.path.normpath(os.path.join(DOCS, ref))
    return path, json.load(open(path))


def validate(instance, ref):
    path, schema = load_schema(ref)
    resolver = jsonschema.RefResolver(base_uri="file://" + path, referrer=schema)
    validator = jsonschema.validators.validator_for(schema)(schema, resolver=resolver)
    return [f"/{'/'.join(str(p) for p in e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]


def match(method, path):
    for template, ops in OPENAPI["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "([^/]+)", template) + "$"
        m = re.match(pattern, path)
        if m and method.lower() in ops:
            names = re.findall(r"\{([^}]+)\}", template)
            return template, ops[method.lower()], dict(zip(names, m.groups()))
    return None, None, {}


def check_parameters(op, headers, query):
    problems = []
    for p in op.get("parameters", []):
        p = PARAMS[p["$ref"].split("/")[-1]] if "$ref" in p else p
        where, name, schema = p["in"], p["name"], p.get("schema", {})
        value = headers.get(name) if where == "header" else (query.get(name, [None])[0] if where == "query" else "")
        if value is None:
            if p.get("required"):
                problems.append(f"{where} parameter {name} is missing")
            continue
        if schema.get("type") == "integer" and not re.match(r"^-?[0-9]+$", value):
            problems.append(f"{where} parameter {name}={value!r} is not an integer")
        if "enum" in schema and value not in schema["enum"]:
            problems.append(f"{where} parameter {name}={value!r} is not one of {schema['enum']}")
    return problems


def id_record(cve_id, year, org, user):
    return {"cve_id": cve_id, "cve_year": year, "owning_cna": org, "state": "RESERVED",
            "requested_by": {"cna": org, "user": user}, "reserved": now(), "time": {"created": now(), "modified": now()}}


def generic_error(code, message):
    return code, {"error": code == 404 and "NOT_FOUND" or "FORBIDDEN", "message": message}


def handle_api(template, params, query, headers, body):
    org, user = headers.get("CVE-API-ORG"), headers.get("CVE-API-USER")
    if template == "/cve-id" and body is None:
        amount, year = int(query["amount"][0]), query["cve_year"][0]
        if query["short_name"][0] != org:
            return generic_error(403, "short_name does not match the requesting organisation")
        ids = []
        with lock:
            for _ in range(min(amount, 5)):
                state["next"] += 1
                cve_id = f"CVE-{year}-{state['next']}"
                state["ids"][cve_id] = id_record(cve_id, year, org, user)
                ids.append(state["ids"][cve_id])
        return (206 if amount > 5 else 200), {"cve_ids": ids}
    cve_id = params.get("id")
    record = state["ids"].get(cve_id)
    if record is None:
        return generic_error(404, f"The cve id {cve_id} does not exist.")
    if template == "/cve-id/{id}":
        return 200, record
    if template == "/cve/{id}" and body is None:
        if cve_id not in state["records"]:
            return generic_error(404, f"The cve record for the cve id {cve_id} does not exist.")
        return 200, state["records"][cve_id]
    if record["owning_cna"] != org:
        return generic_error(403, "The CVE ID is owned by another organisation.")
    if template == "/cve/{id}/cna":
        if (record["state"] == "PUBLISHED") != (body["method"] == "PUT"):
            return 400, {"error": "BAD_REQUEST", "message": f"{cve_id} is {record['state']}"}
        record["state"] = "PUBLISHED"
        state["records"][cve_id] = cve_record(cve_id, org, body["json"])
        return 200, {"message": f"{cve_id} record was {'updated' if body['method'] == 'PUT' else 'created'}",
                     ("updated" if body["method"] == "PUT" else "created"): state["records"][cve_id]}
    if template == "/cve/{id}/reject":
        record["state"] = "REJECTED"
        return 200, {"message": f"{cve_id} record was rejected"}
    return 400, {"error": "BAD_REQUEST", "message": "not supported by the test server"}


def cve_record(cve_id, org, request):
    cna = dict(request["cnaContainer"])
    cna["providerMetadata"] = {"orgId": "b7c3e2a1-1c2d-4e5f-8a9b-0123456789ab", "shortName": org}
    return {"dataType": "CVE_RECORD", "dataVersion": "5.2",
            "cveMetadata": {"cveId": cve_id, "assignerOrgId": cna["providerMetadata"]["orgId"], "state": "PUBLISHED",
                            "assignerShortName": org, "datePublished": now()},
            "containers": {"cna": cna}}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, code, body, extra=None):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self):
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if url.path == "/_test/violations":
            return self.send(200, state["violations"])
        if url.path == "/_test/requests":
            return self.send(200, state["requests"])
        if url.path == "/_test/throttle":
            state["throttle"] = int(query["count"][0])
            return self.send(200, {"throttle": state["throttle"]})
        path = url.path[4:] if url.path.startswith("/api") else url.path
        state["requests"].append(f"{self.command} {path}")
        if state["throttle"] > 0:
            state["throttle"] -= 1
            return self.send(429, {"error": "TOO_MANY_REQUESTS", "message": "Rate limit exceeded."},
                             {"Retry-After": str(state["throttle"] % 2), "RateLimit-Limit": "60",
                              "RateLimit-Policy": "60;w=60", "RateLimit-Remaining": "0"})
        template, op, params = match(self.command, path)
        if op is None:
            return self.reject(f"{self.command} {path} is not in the OpenAPI document", 404)
        headers = {k: self.headers.get(k) for k in ("CVE-API-ORG", "CVE-API-USER", "CVE-API-KEY") if self.headers.get(k)}
        problems = check_parameters(op, headers, query)
        body = None
        if "requestBody" in op:
            try:
                parsed = json.loads(raw or b"null")
            except ValueError as e:
                parsed, problems = None, problems + [f"body is not JSON: {e}"]
            ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            if parsed is None:
                problems.append("body is missing")
            else:
                problems += [f"body {p}" for p in validate(parsed, ref)]
            body = {"method": self.command, "json": parsed}
        if problems:
            return self.reject("; ".join(problems), 400)
        if headers.get("CVE-API-KEY") != API_KEY:
            return self.send(401, {"error": "UNAUTHORIZED", "message": "Unauthorized"})
        code, response = handle_api(template, params, query, headers, body)
        return self.send(code, response)

    def reject(self, message, code):
        state["violations"].append(f"{self.command} {self.path}: {message}")
        self.send(code, {"error": "BAD_REQUEST", "message": message,
                         "details": [{"msg": message, "param": "", "location": "query"}]})

    do_GET = do_POST = do_PUT = do_DELETE = handle_any


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(PORT_FILE + ".tmp", PORT_FILE)
server.serve_forever()
