#!/usr/bin/env python3
"""Writes data/schemas/cwe/cwe-names.tsv from MITRE's CWE catalogue (cwec_vX.xml).

Usage: scripts/gen_cwe_names.py CWEC_XML > data/schemas/cwe/cwe-names.tsv

One line per weakness, category and view: "CWE-<ID>", its name and its status
(Deprecated, Obsolete, Draft, ...), tab-separated, after a "#" line naming the
catalogue's version and date. CSAF mandatory test 6.1.11 reads it.
"""
import sys
import xml.etree.ElementTree as ET

NS = "{http://cwe.mitre.org/cwe-7}"


def main():
    root = ET.parse(sys.argv[1]).getroot()
    print(f"# CWE {root.get('Version')} ({root.get('Date')}), The MITRE Corporation; see SOURCES.md")
    rows = []
    for kind in ("Weakness", "Category", "View"):
        for entry in root.iter(NS + kind):
            name = " ".join(entry.get("Name").split())
            rows.append((int(entry.get("ID")), name, entry.get("Status")))
    for cwe_id, name, status in sorted(rows):
        print(f"CWE-{cwe_id}\t{name}\t{status}")


if __name__ == "__main__":
    main()
