#!/usr/bin/env python3
"""Picks the Wikinews articles to hand-code for event training (deterministic).

Usage: select.py [SHARED] > slices.tsv   (columns: slice, article id)
Slices: `shared` (coded by every annotator, for agreement), then `a`, `b`, `c`, ...
Articles: dated, 120-450 words, from the Wikinews corpus ($HERALD_SHARED/corpus/wikinews,
CC BY 2.5), ordered by a hash of the id so the choice does not follow topic or date.
"""
import gzip, hashlib, json, os, sys

shared = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("HERALD_SHARED", "../shared")
path = os.path.join(shared, "corpus/wikinews/articles.jsonl.gz")
rows = []
with gzip.open(path, "rt") as f:
    for line in f:
        a = json.loads(line)
        n = len(a["text"].split())
        if a.get("published") and 120 <= n <= 450:
            rows.append((hashlib.sha1(a["id"].encode()).hexdigest(), a["id"]))
rows.sort()
sizes = [("shared", 10)] + [(s, 40) for s in list("abcdefghijklmnopqrstuvwxyz") + ["a" + c for c in "abcdefghijklmnopqrstuvwxyz"] + ["b" + c for c in "abcdefghij"]]
i = 0
for name, n in sizes:
    for _, aid in rows[i : i + n]:
        print(f"{name}\t{aid}")
    i += n
