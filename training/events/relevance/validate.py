#!/usr/bin/env python3
"""Checks article-relevance labels: one line {"article", "status": "political"|"skipped", "coder"}
per article; every article known, in relevance/slices.tsv, labelled once per file.
Usage: validate.py FILE...   Exit 1 listing each problem."""
import json, os, sys

here = os.path.dirname(os.path.abspath(__file__))
slices = dict(l.strip().split("\t")[::-1] for l in open(os.path.join(here, "slices.tsv")))
problems, n = [], 0
for path in sys.argv[1:]:
    seen = set()
    for i, line in enumerate(open(path), 1):
        if not line.strip():
            continue
        where = f"{path}:{i}"
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"{where}: not JSON ({e})"); continue
        a = r.get("article")
        if a not in slices:
            problems.append(f"{where}: article {a!r} is not in relevance/slices.tsv")
        if r.get("status") not in ("political", "skipped"):
            problems.append(f"{where}: status {r.get('status')!r} is not political|skipped")
        if not r.get("coder"):
            problems.append(f"{where}: no coder")
        if a in seen:
            problems.append(f"{where}: {a} labelled twice")
        seen.add(a)
        n += 1
for p in problems:
    print(p)
print(f"{n} labels, {len(problems)} problems")
sys.exit(1 if problems else 0)
