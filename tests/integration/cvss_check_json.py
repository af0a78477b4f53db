#!/usr/bin/env python3
"""Checks the output of `embargo cvss score --format json -` (tests/integration/suites/cvss.bash).

Usage: cvss_check_json.py SCHEMA_DIR EXPECTED.tsv < output.jsonl

EXPECTED.tsv has one line per input vector: vector TAB base TAB temporal TAB environmental, a
score or '-' (not checked), as in tests/data/cvss/reference_*.tsv; output line i answers line i.
For each output object:
- an invalid vector gives exactly {"vectorString", "error"} (the error naming something);
- otherwise the object, without the members `embargo` adds beyond FIRST's schemas (v2 null
  temporalScore/environmentalScore, v4 score and nomenclature), validates against FIRST's schema
  of its version and has no member the schema does not define; the added members follow their
  rules; the scores equal the expected ones.
Prints one line per problem and exits 1 if there was any.
"""
import json
import sys
from decimal import Decimal

import jsonschema

SCHEMAS = {
    "2.0": ("cvss-v2.0.json", jsonschema.Draft4Validator),
    "3.0": ("cvss-v3.0.json", jsonschema.Draft4Validator),
    "3.1": ("cvss-v3.1.json", jsonschema.Draft7Validator),
    "4.0": ("cvss-v4.0.json", jsonschema.Draft202012Validator),
}
V2_GROUPS = {"temporalScore": ("E:", "RL:", "RC:"), "environmentalScore": ("CDP:", "TD:", "CR:", "IR:", "AR:")}


def v4_nomenclature(vector):
    # A metric counts when it is given a value other than X (Not Defined), as in FIRST's calculator.
    metrics = [part.split(":")[0] for part in vector.split("/")[1:] if not part.endswith(":X")]
    threat = "E" in metrics
    env = any(m in ("CR", "IR", "AR") or (m.startswith("M") and len(m) == 3) for m in metrics)
    return "CVSS-B" + ("T" if threat else "") + ("E" if env else "")


def defined_members(schema):
    """Member names the schema defines at the top level, also inside allOf/anyOf/oneOf."""
    names = set(schema.get("properties", {}))
    for key in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(key, []):
            names |= defined_members(sub)
    return names


def check_extras(obj, problems):
    version, vector = obj["version"], obj["vectorString"]
    if version == "2.0":
        parts = vector.split("/")
        for field, keys in V2_GROUPS.items():
            given = any(p.startswith(k) for p in parts for k in keys)
            if given != (obj.get(field) is not None):
                problems.append(f"{vector}: {field} is {obj.get(field)!r} though the group is "
                                f"{'given' if given else 'absent'}")
            if obj.get(field, 0) is None:
                del obj[field]
    if version == "4.0":
        if obj.pop("score", None) != obj["baseScore"]:
            problems.append(f"{vector}: score differs from baseScore")
        nomenclature = obj.pop("nomenclature", None)
        if nomenclature != v4_nomenclature(vector):
            problems.append(f"{vector}: nomenclature {nomenclature}, expected {v4_nomenclature(vector)}")


def check_scores(obj, expected, problems):
    names = ["baseScore", "temporalScore", "environmentalScore"]
    if obj["version"] == "4.0":
        names = ["score"]
    for name, want in zip(names, expected):
        if want != "-" and f"{float(obj.get(name)):.1f}" != want:
            problems.append(f"{obj['vectorString']}: {name} {obj.get(name)}, expected {want}")


def main():
    schema_dir, expected_path = sys.argv[1], sys.argv[2]
    validators = {}
    properties = {}
    for version, (name, cls) in SCHEMAS.items():
        with open(f"{schema_dir}/{name}") as f:
            # Numbers as decimals, in the schemas and in the output: JSON's 6.3 is a multiple of
            # 0.1, which the binary float 6.3 / 0.1 = 62.99999999999999 would deny.
            schema = json.load(f, parse_float=Decimal)
        validators[version] = cls(schema)
        properties[version] = defined_members(schema)
    with open(expected_path) as f:
        expected = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    lines = sys.stdin.read().splitlines()
    problems = []
    if len(lines) != len(expected):
        problems.append(f"{len(lines)} output lines for {len(expected)} input lines")
    counts = {}
    for line, want in zip(lines, expected):
        obj = json.loads(line, parse_float=Decimal)
        if obj.get("vectorString") != want[0]:
            problems.append(f"line for {want[0]} has vectorString {obj.get('vectorString')}")
            continue
        if "error" in obj:
            if set(obj) != {"vectorString", "error"} or not obj["error"]:
                problems.append(f"{want[0]}: bad error object {line}")
            counts["error"] = counts.get("error", 0) + 1
            continue
        check_scores(obj, want[1:], problems)
        check_extras(obj, problems)
        # The v2/v3 schemas allow unknown members; a misspelt field name must still fail.
        unknown = set(obj) - properties[obj["version"]]
        if unknown:
            problems.append(f"{want[0]}: members not in the {obj['version']} schema: {sorted(unknown)}")
        for error in validators[obj["version"]].iter_errors(obj):
            problems.append(f"{want[0]}: schema {obj['version']}: {error.message}")
        counts[obj["version"]] = counts.get(obj["version"], 0) + 1
    for problem in problems[:50]:
        print(problem)
    print("checked " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) + f"; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
