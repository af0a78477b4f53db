#!/usr/bin/env python3
"""Writes a deterministic, source-like tree for the release benchmark.

usage: gen_source_tree.py DIR [FILES] [MEGABYTES]

C-like files with a shared vocabulary (so that they compress about as well as
real source, 4-6x with xz) plus plain-text "docs"; fixed seed, same bytes on
every run.
"""
import os
import random
import sys

def main():
    root = sys.argv[1]
    files = int(sys.argv[2]) if len(sys.argv) > 2 else 2500
    megabytes = float(sys.argv[3]) if len(sys.argv) > 3 else 60
    rng = random.Random(4991)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz_") for _ in range(rng.randint(3, 12)))
             for _ in range(4000)]
    types = ["int", "uschar *", "const uschar *", "BOOL", "size_t", "void", "address_item *", "host_item *"]
    prose = [" ".join(rng.choice(words) for _ in range(rng.randint(6, 16))) for _ in range(3000)]
    target = int(megabytes * 1024 * 1024 / files)
    dirs = ["src/src", "src/src/auths", "src/src/lookups", "src/src/routers", "src/src/transports",
            "src/src/miscmods", "doc/doc-docbook", "doc/doc-txt", "test/scripts", "test/confs", "src/OS"]
    for i in range(files):
        d = dirs[i % len(dirs)]
        os.makedirs(os.path.join(root, d), exist_ok=True)
        size = max(200, int(rng.gauss(target, target / 3)))
        out = []
        n = 0
        if d.startswith("doc"):
            while n < size:
                line = rng.choice(prose) + ".\n"
                out.append(line)
                n += len(line)
            name = f"{rng.choice(words)}_{i}.txt"
        else:
            while n < size:
                fn = rng.choice(words)
                args = ", ".join(f"{rng.choice(types)} {rng.choice(words)}" for _ in range(rng.randint(0, 4)))
                body = [f"/* {rng.choice(prose)} */\n", f"{rng.choice(types)}\n{fn}({args})\n{{\n"]
                for _ in range(rng.randint(3, 25)):
                    a, b, c = rng.choice(words), rng.choice(words), rng.choice(words)
                    form = rng.randint(0, 4)
                    if form == 0:
                        body.append(f"  if ({a} != NULL && {b} > {rng.randint(0, 999)}) {c}++;\n")
                    elif form == 1:
                        body.append(f"  {a} = {b}({c}, US\"{rng.choice(words)}\");\n")
                    elif form == 2:
                        body.append(f"  for (int i = 0; i < {a}; i++) {b}[i] = {c};\n")
                    elif form == 3:
                        body.append(f"  DEBUG(D_any) debug_printf(\"{rng.choice(prose)}\\n\");\n")
                    else:
                        body.append(f"  return {a};\n")
                body.append("}\n\n")
                text = "".join(body)
                out.append(text)
                n += len(text)
            name = f"{rng.choice(words)}_{i}.c"
        with open(os.path.join(root, d, name), "w") as f:
            f.write("".join(out))

main()
